package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;

import cn.jining.census.security.BearerTokenMechanism;
import cn.jining.census.security.TokenIdentityProvider;

@QuarkusTest
class TileIT {

    private static final Path EXPECTED_TILES = Paths.get("src", "test", "resources", "serve", "tiles");

    @Inject
    DataSource dataSource;

    @Inject
    TilePool pool;

    @Inject
    TileCache cache;

    @Inject
    Vertx vertx;

    @Inject
    TokenIdentityProvider identities;

    /** Centre of the fixture district (522000, 3901000 in EPSG:4548) in degrees. */
    private double[] centre;

    @BeforeEach
    void insertFixture() throws Exception {
        ServeFixture.insert(dataSource);
        centre = ServeFixture.toLonLat(dataSource, 522000, 3901000);
    }

    @AfterEach
    void removeFixture() throws Exception {
        ServeFixture.remove(dataSource);
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN_TOKEN);
    }

    /** The XYZ tile holding the fixture's centre at zoom z. */
    private int[] tileAtCentre(int z) {
        return ServeFixture.tileAt(z, centre);
    }
    private byte[] tile(String layer, int[] zxy) {
        return admin().get("/tiles/" + layer + "/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + ".mvt")
                .then().statusCode(200).contentType(equalTo(TileResource.MVT)).extract().asByteArray();
    }

    /**
     * Features of a table PostGIS finds in the tile with its 64/4096 margin, counted independently
     * of the templates; vertical parts of subareas are not drawn.
     */
    private long expectedCount(String table, int[] zxy) throws Exception {
        return ServeFixture.number(dataSource, "SELECT count(*) FROM " + table + " WHERE ST_Intersects(ST_Transform(geom, 3857), "
                + "ST_TileEnvelope(" + zxy[0] + ", " + zxy[1] + ", " + zxy[2] + ", margin => 64.0 / 4096))"
                + (table.equals("subarea") ? " AND vertical_of IS NULL" : ""));
    }

    @ParameterizedTest
    @CsvSource({
            "streets,   12, code,       522000, 3901000",
            "areas,     12, kind,       522000, 3901000",
            "subareas,  14, households, 520500, 3901000",
            "roads,     13, class,      521000, 3901000",
            "water,     13, kind,       523300, 3900300",
            "landuse,   13, dlmc,       520500, 3901000",
            "buildings, 14, households, 520510, 3901510",
            "buildings, 16, bid,        520510, 3901510" })
    void tileHoldsTheLayerNamedAsInTheUrlWithEveryFeaturePostgisFinds(String layer, int z, String key, double x,
            double y) throws Exception {
        int[] zxy = ServeFixture.tileAt(z, ServeFixture.toLonLat(dataSource, x, y));
        byte[] bytes = tile(layer, zxy);
        assertTrue(bytes.length > 0);
        Map<String, VectorTile.Layer> layers = VectorTile.decode(bytes);
        assertEquals(java.util.Set.of(layer), layers.keySet());
        VectorTile.Layer decoded = layers.get(layer);
        assertEquals(4096, decoded.extent());
        assertTrue(decoded.keys().contains(key), decoded::toString);
        long expected = expectedCount(TileLayer.named(layer).orElseThrow().tables().get(0), zxy);
        assertTrue(expected > 0, "the fixture reaches into tile " + java.util.Arrays.toString(zxy));
        assertEquals(expected, decoded.features().size());
    }

    /**
     * Tiles of the fixture compared with their decoded text in {@code src/test/resources/serve/tiles/}.
     * After a deliberate change, rewrite those files with
     * {@code CENSUS_TEST_DB=census_test_serve bin/test -Dtest=TileIT -Dbless.tiles=true} and review the diff.
     */
    @ParameterizedTest
    @CsvSource({
            "streets,   12, 522000, 3901000",
            "subareas,  14, 520500, 3901000",
            "roads,     13, 521000, 3901000",
            "buildings, 16, 520510, 3901510" })
    void fixtureTileDecodesToItsExpectedText(String layer, int z, double x, double y) throws Exception {
        int[] zxy = ServeFixture.tileAt(z, ServeFixture.toLonLat(dataSource, x, y));
        String actual = VectorTile.toText(tile(layer, zxy));
        Path expected = EXPECTED_TILES.resolve(layer + "-" + zxy[0] + "-" + zxy[1] + "-" + zxy[2] + ".txt");
        if (Boolean.getBoolean("bless.tiles")) {
            Files.createDirectories(EXPECTED_TILES);
            Files.writeString(expected, actual);
        }
        assertTrue(Files.exists(expected), () -> expected + " is missing: bless the tiles (see Javadoc)");
        assertEquals(Files.readString(expected), actual);
    }

    @Test
    void headAnswersTheHeadersOfTheTileWithoutItsBytes() throws Exception {
        int[] zxy = ServeFixture.tileAt(14, ServeFixture.toLonLat(dataSource, 520500, 3901000));
        String path = "/tiles/subareas/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + ".mvt";
        String etag = admin().get(path).then().statusCode(200).extract().header("ETag");
        byte[] body = admin().head(path).then().statusCode(200).header("ETag", equalTo(etag))
                .contentType(equalTo(TileResource.MVT)).extract().asByteArray();
        assertEquals(0, body.length);
    }

    private static final String TILE_BACKENDS = "FROM pg_stat_activity WHERE application_name = 'census-tiles'";

    /** PostgreSQL restarted or an administrator ended the backends: the next tiles come through new connections. */
    @Test
    void tilesAreReadAgainAfterTheirConnectionsWereCut() throws Exception {
        String path = ServeFixture.subareaTile(dataSource);
        byte[] before = admin().get(path).then().statusCode(200).extract().asByteArray();
        ServeFixture.execute(dataSource, "SELECT pg_terminate_backend(pid) " + TILE_BACKENDS);
        cache.listening(true); // empties the cache: the tile is read again
        assertArrayEquals(before, admin().get(path).then().statusCode(200).extract().asByteArray());
    }

    /** A connection cut while its tile's statement runs: the tile is asked for once more and answered. */
    @Test
    void aTileWhoseConnectionIsCutMidQueryIsReadAgain() throws Exception {
        String path = ServeFixture.subareaTile(dataSource);
        byte[] before = admin().get(path).then().statusCode(200).extract().asByteArray();
        cache.listening(true);
        String waiting = TILE_BACKENDS + " AND wait_event_type = 'Lock'";
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE subarea IN ACCESS EXCLUSIVE MODE"); // the tile's statement waits on it
            }
            CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(
                    () -> admin().get(path).then().statusCode(200).extract().asByteArray());
            ServeFixture.awaitCount(dataSource, "SELECT count(*) " + waiting, 1);
            ServeFixture.execute(dataSource, "SELECT pg_terminate_backend(pid) " + waiting);
            ServeFixture.awaitCount(dataSource, "SELECT count(*) " + waiting, 1); // asked again, on a new connection, still waiting
            lock.rollback();
            assertArrayEquals(before, answer.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void belowTheLayersMinimumZoomTheTileIsEmpty() {
        int[] zxy = tileAtCentre(TileLayer.BUILDINGS.minZoom() - 1);
        admin().get("/tiles/buildings/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + ".mvt").then().statusCode(204);
    }

    @Test
    void tileOutsideTheLoadedDistrictsGets404() {
        admin().get("/tiles/buildings/14/0/0.mvt").then().statusCode(404)
                .body("message", containsString("tile buildings/14/0/0 lies outside the loaded districts"));
        admin().get("/tiles/basemap/6/0/0.png").then().statusCode(404);
    }

    @Test
    void lowZoomTileReachesDataDespiteTheFoldingProjection() {
        // zoom 6 tiles span 5.6°; the whole-world box would fold to a line in EPSG:4548
        Map<String, VectorTile.Layer> layers = VectorTile.decode(tile("streets", tileAtCentre(6)));
        assertTrue(layers.get("streets").features().size() >= 2, layers::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "23/0/0     | zoom z must be an integer from 0 to 22, got 23",
            "14/16384/0 | column x must be from 0 to 16383 at zoom 14, got 16384",
            "14/0/-1    | row y must be from 0 to 16383 at zoom 14, got -1",
            "1/2/0      | column x must be from 0 to 1 at zoom 1, got 2",
            "z/0/0      | zoom z must be an integer, got 'z'" })
    void impossibleTileGets400(String zxy, String detail) {
        admin().get("/tiles/buildings/" + zxy + ".mvt").then().statusCode(400)
                .body("message", equalTo("impossible tile " + zxy + ": " + detail));
    }

    @Test
    void unknownLayerGets400() {
        admin().get("/tiles/building/14/0/0.mvt").then().statusCode(400)
                .body("message", containsString("unknown layer 'building': one of streets, areas, subareas, buildings, "
                        + "roads, water, landuse, issues"));
    }

    @Test
    void tileJsonDescribesTheLayer() {
        admin().get("/tiles/subareas.json").then().statusCode(200)
                .body("tilejson", equalTo("3.0.0"))
                .body("tiles[0]", endsWith("/tiles/subareas/{z}/{x}/{y}.mvt"))
                .body("minzoom", equalTo(TileLayer.SUBAREAS.minZoom()))
                .body("maxzoom", equalTo(22))
                .body("bounds.size()", equalTo(4))
                .body("vector_layers[0].id", equalTo("subareas"))
                .body("vector_layers[0].fields.code", equalTo("String"))
                .body("vector_layers[0].fields.households", equalTo("Number"));
        admin().get("/tiles/nothing.json").then().statusCode(400);
    }

    /** The guards with caps small enough for the fixture: the same query, settings of one's own. */
    private TileQuery cappedAt(int maxFeatures, int maxBytes) {
        return new TileQuery(pool, settings(Duration.ofSeconds(5), maxFeatures, maxBytes));
    }

    private static TileSettings settings(Duration statementTimeout, int maxFeatures, int maxBytes) {
        return new TileSettings() {
            public Duration statementTimeout() {
                return statementTimeout;
            }

            public int maxFeatures() {
                return maxFeatures;
            }

            public int maxBytes() {
                return maxBytes;
            }

            public int connectionsPerEventLoop() {
                return 1;
            }

            public int waitingPerEventLoop() {
                return 1;
            }

            public long cacheBytes() {
                return 0;
            }
        };
    }

    /** A street tile built by {@code query} on an event loop, as the route builds it: its bytes, or what refused it. */
    private byte[] streetsTile(TileQuery query, TileAddress tile) throws Exception {
        return onEventLoop(() -> query.tile(TileLayer.STREETS, tile, TileScope.EVERYTHING, () -> true));
    }

    /** What {@code work}, started on an event loop, completes with; its failure thrown. */
    private <T> T onEventLoop(Supplier<Future<T>> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        vertx.runOnContext(nothing -> work.get().onSuccess(done::complete).onFailure(done::completeExceptionally));
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void tileConnectionsHaveTheStatementTimeoutAndNoJit() throws Exception {
        var config = ConfigProvider.getConfig();
        TilePool quick = new TilePool(vertx, settings(Duration.ofMillis(300), 10, 10),
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class));
        try {
            assertEquals("off", onEventLoop(() -> quick.here().query("SHOW jit").execute()).iterator().next().getString(0));
            var cancelled = assertThrows(PgException.class, () -> onEventLoop(() -> quick.here().query("SELECT pg_sleep(3)").execute()));
            assertEquals("57014", cancelled.getSqlState(), cancelled::getMessage);
        } finally {
            quick.close();
        }
    }

    @Test
    void tileOverTheFeatureOrByteCapIsRefusedNamingTheSetting() throws Exception {
        int[] zxy = tileAtCentre(12);
        TileAddress tile = new TileAddress(zxy[0], zxy[1], zxy[2]);
        int streets = (int) expectedCount("street", zxy);
        assertTrue(streets >= 2, "both fixture streets reach into the tile");
        assertEquals(streets, VectorTile.decode(streetsTile(cappedAt(streets, 1 << 20), tile)).get("streets").features().size());
        var overFeatures = assertThrows(TileRefusal.class, () -> streetsTile(cappedAt(streets - 1, 1 << 20), tile));
        assertEquals(422, overFeatures.status());
        assertTrue(overFeatures.getMessage().contains("holds more than " + (streets - 1) + " features (census.tiles.max-features)"),
                overFeatures::getMessage);
        var overBytes = assertThrows(TileRefusal.class, () -> streetsTile(cappedAt(100, 10), tile));
        assertEquals(422, overBytes.status());
        assertTrue(overBytes.getMessage().contains("(census.tiles.max-bytes)"), overBytes::getMessage);
    }

    @Test
    void pngTileIsAMapImageOfTheDistrict() throws Exception {
        int[] zxy = tileAtCentre(15);
        byte[] png = admin().get("/tiles/basemap/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + ".png")
                .then().statusCode(200).contentType(equalTo(TileResource.PNG)).extract().asByteArray();
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertEquals(256, image.getWidth());
        assertEquals(256, image.getHeight());
        long colours = java.util.stream.IntStream.range(0, 256 * 256).map(i -> image.getRGB(i % 256, i / 256)).distinct().count();
        assertTrue(colours > 3, "land use, roads and outlines are drawn: " + colours + " colours");
        admin().get("/tiles/nothing/15/0/0.png").then().statusCode(400)
                .body("message", containsString("unknown map style or layer 'nothing' for PNG tiles: one of basemap, "));
    }

    @Test
    void withoutTokenGets401() {
        int[] zxy = tileAtCentre(14);
        given().get("/tiles/buildings/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + ".mvt").then().statusCode(401)
                .header("WWW-Authenticate", equalTo(BearerTokenMechanism.CHALLENGE));
    }

    /**
     * The vector tile route checks tokens itself, ahead of the framework's security: a person's
     * token is looked up when not cached, is refused with an unknown token, and stops working the
     * moment the person is deactivated.
     */
    @Test
    void theTileRouteKnowsTokensAsTheRestOfTheServiceDoes() {
        int[] zxy = tileAtCentre(14);
        String path = "/tiles/buildings/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + ".mvt";
        String login = "tile-reader-" + System.nanoTime();
        String token = admin().contentType("application/json")
                .body("{\"login\": \"" + login + "\", \"displayName\": \"读图人\", \"role\": \"planner\", \"scopes\": [\"370871001\"]}")
                .post("/api/v1/users").then().statusCode(201).extract().path("token");
        identities.forgetCachedTokens(); // the next request looks the token up in the database
        given().auth().oauth2(token).get(path).then().statusCode(200).contentType(equalTo(TileResource.MVT));
        given().auth().oauth2(token + "x").get(path).then().statusCode(401)
                .header("WWW-Authenticate", equalTo(BearerTokenMechanism.CHALLENGE))
                .body("message", equalTo(TokenIdentityProvider.UNKNOWN_TOKEN));
        admin().post("/api/v1/users/" + login + "/deactivate").then().statusCode(200);
        given().auth().oauth2(token).get(path).then().statusCode(401).body("message", equalTo(TokenIdentityProvider.UNKNOWN_TOKEN));
    }
}
