package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Who sees what in the tiles: an enumerator assigned (through the roster and assignment API) to
 * subarea 001 of the fixture district sees only that subarea in the census-work layers, the
 * admin sees both, everyone sees the same base geography, and the cache never hands one caller's
 * tile to another with other scopes.
 */
@QuarkusTest
class TileScopeIT {

    private static final String PREFIX = "TSC-";
    private static final String MINE = "370999001001001";
    private static final String OTHER = "370999001001002";

    @Inject
    DataSource dataSource;

    @Inject
    TileCache cache;

    @Inject
    TileSets sets;

    /** The zoom-14 tile holding both drawn subareas of the fixture (their border runs at x 520500). */
    private int[] bothSubareas;

    @BeforeEach
    void insertFixture() throws Exception {
        ServeFixture.insert(dataSource);
        bothSubareas = ServeFixture.tileAt(14, ServeFixture.toLonLat(dataSource, 520500, 3901000));
    }

    @AfterEach
    void removeFixture() throws Exception {
        ServeFixture.execute(dataSource, """
                DELETE FROM assignment_history WHERE person_id LIKE 'TSC-%';
                DELETE FROM enumerator_assignment WHERE person_id LIKE 'TSC-%';
                DELETE FROM person WHERE person_id LIKE 'TSC-%';
                DELETE FROM coverage_issue WHERE parent_code LIKE '370999%';
                """);
        ServeFixture.remove(dataSource);
    }

    private static String path(String layer, int[] zxy, String format) {
        return "/tiles/" + layer + "/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + "." + format;
    }

    /**
     * A roster enumerator of street 370999001 named {@code name}, assigned to subarea {@link #MINE}
     * and given a login, all through the API as the admin; answers the login's token.
     */
    private static String enumerator(String id, String name) {
        given().auth().oauth2(ADMIN_TOKEN).contentType("text/csv; charset=UTF-8")
                .body("id,name,role,street,home_area\n" + id + "," + name + ",普查员,370999001,\n")
                .when().post("/api/v1/people/import").then().statusCode(200);
        given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON).body(Map.of("seen", List.of()))
                .when().put("/api/v1/assignments/subareas/" + MINE + "/enumerators/" + id).then().statusCode(200);
        return given().auth().oauth2(ADMIN_TOKEN).when().post("/api/v1/people/" + id + "/login")
                .then().statusCode(201).extract().path("token");
    }

    private static Response get(String token, String path) {
        return given().auth().oauth2(token).when().get(path);
    }

    /** The features of a vector tile answered 200 to {@code token}, by subarea code. */
    private static Map<String, VectorTile.Feature> features(String token, String layer, int[] zxy) {
        byte[] bytes = get(token, path(layer, zxy, "mvt")).then().statusCode(200).extract().asByteArray();
        Map<String, VectorTile.Feature> byCode = new java.util.TreeMap<>();
        for (VectorTile.Feature f : VectorTile.decode(bytes).get(layer).features()) {
            byCode.put((String) f.properties().get("code"), f);
        }
        return byCode;
    }

    @Test
    void anEnumeratorSeesOnlyTheirSubareaInTheCensusWorkLayersAndNeverTheAdminsCachedTile() throws Exception {
        String token = enumerator(PREFIX + "E1", "甲普查员");
        TileAddress address = new TileAddress(bothSubareas[0], bothSubareas[1], bothSubareas[2]);
        TileSet subareaTiles = sets.vector(TileLayer.SUBAREAS);

        // the admin first, so that the admin's tile is the one in the cache
        assertEquals(Set.of(MINE, OTHER), features(ADMIN_TOKEN, "subareas", bothSubareas).keySet());
        assertTrue(cache.holds(subareaTiles, TileScope.EVERYTHING, address), "the admin's tile is cached");
        String adminEtag = get(ADMIN_TOKEN, path("subareas", bothSubareas, "mvt")).header("ETag");

        assertEquals(Set.of(MINE), features(token, "subareas", bothSubareas).keySet());
        Response mine = given().auth().oauth2(token).header("If-None-Match", adminEtag)
                .when().get(path("subareas", bothSubareas, "mvt"));
        mine.then().statusCode(200);
        assertNotEquals(adminEtag, mine.header("ETag"), "the admin's ETag does not confirm the enumerator's tile");
        TileScope enumeratorScope = new TileScope(List.of(MINE));
        assertTrue(cache.holds(subareaTiles, enumeratorScope, address), "the enumerator's own tile is cached beside");
        assertEquals(Set.of(MINE), features(token, "subareas", bothSubareas).keySet(), "from the cache too");

        Map<String, VectorTile.Feature> assigned = features(token, "assignments", bothSubareas);
        assertEquals(Set.of(MINE), assigned.keySet());
        assertEquals("甲普查员", assigned.get(MINE).properties().get("enumerators"));
        Map<String, VectorTile.Feature> all = features(ADMIN_TOKEN, "assignments", bothSubareas);
        assertEquals(Set.of(MINE, OTHER), all.keySet());
        assertEquals(false, all.get(OTHER).properties().get("assigned"));

        assertEquals(Set.of(MINE), features(token, "progress", bothSubareas).keySet());
        assertEquals(Set.of(MINE, OTHER), features(ADMIN_TOKEN, "progress", bothSubareas).keySet());

        // the GeoJSON layer of the same subareas follows the same rule
        double[] border = ServeFixture.toLonLat(dataSource, 520500, 3901000);
        String bbox = (border[0] - 0.02) + "," + (border[1] - 0.02) + "," + (border[0] + 0.02) + "," + (border[1] + 0.02);
        assertEquals(List.of(MINE), get(token, "/api/v1/layers/subarea?bbox=" + bbox).then().statusCode(200)
                .extract().jsonPath().getList("features.properties.code"));
        assertEquals(List.of(MINE, OTHER), get(ADMIN_TOKEN, "/api/v1/layers/subarea?bbox=" + bbox).then().statusCode(200)
                .extract().jsonPath().getList("features.properties.code"));

        ServeFixture.execute(dataSource, "UPDATE subarea SET households = households + 1 WHERE code = '" + MINE + "'");
        assertTrue(dropped(subareaTiles, address, TileScope.EVERYTHING, enumeratorScope),
                "the edit drops the tile of every scope set");
        assertEquals(Set.of(MINE), features(token, "subareas", bothSubareas).keySet());
    }

    /** Waits for the change listener to drop the tile of every scope given; false when it never does. */
    private boolean dropped(TileSet set, TileAddress tile, TileScope... scopes) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (java.util.Arrays.stream(scopes).noneMatch(scope -> cache.holds(set, scope, tile))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void theBaseGeographyIsTheSameForEveryRole() {
        String token = enumerator(PREFIX + "E2", "乙普查员");
        int[] centre = bothSubareas;
        for (String layer : List.of("streets", "areas", "buildings", "roads", "landuse")) {
            byte[] admin = get(ADMIN_TOKEN, path(layer, centre, "mvt")).then().statusCode(200).extract().asByteArray();
            byte[] enumerator = get(token, path(layer, centre, "mvt")).then().statusCode(200).extract().asByteArray();
            assertArrayEquals(admin, enumerator, layer);
        }
        byte[] admin = get(ADMIN_TOKEN, path("basemap", centre, "png")).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(admin, get(token, path("basemap", centre, "png")).then().statusCode(200).extract().asByteArray());
    }

    @Test
    void aCallerScopedElsewhereGetsEmptyCensusWorkTilesVectorAndPng() throws Exception {
        String planner = given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("login", "tilescope-planner", "displayName", "测试 西岭规划员", "role", "planner",
                        "scopes", List.of("370999002")))
                .when().post("/api/v1/users").then().statusCode(201).extract().path("token");
        for (String layer : List.of("subareas", "assignments", "progress", "issues")) {
            get(planner, path(layer, bothSubareas, "mvt")).then().statusCode(204);
        }
        assertTrue(opaquePixels(get(ADMIN_TOKEN, path("subareas", bothSubareas, "png")).then().statusCode(200)
                .extract().asByteArray()) > 0, "the admin's PNG draws the subareas");
        assertEquals(0, opaquePixels(get(planner, path("subareas", bothSubareas, "png")).then().statusCode(200)
                .extract().asByteArray()), "the planner of another street sees no subarea drawn");
        assertEquals(0, opaquePixels(get(planner, path("issues", bothSubareas, "png")).then().statusCode(200)
                .extract().asByteArray()), "nor an issue");
    }

    /**
     * Two issues: one filed under area 370999001001 naming both its subareas, one under area
     * 370999002001 of the other street. An issue belongs to its area and to the division codes it
     * names, so the enumerator of subarea 001 sees the first, the planner of 370999002 the second.
     */
    @Test
    void issuesAreSeenByTheirAreaStreetAndTheCodesTheyName() throws Exception {
        String enumerator = enumerator(PREFIX + "E3", "丙普查员");
        String planner = given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("login", "tilescope-issues-planner", "displayName", "测试 西岭规划员", "role", "planner",
                        "scopes", List.of("370999002")))
                .when().post("/api/v1/users").then().statusCode(201).extract().path("token");
        ServeFixture.execute(dataSource, """
                INSERT INTO coverage_issue (id, parent_code, street_code, area_code, kind, severity, codes, area_m2, geom, message)
                VALUES ('tsc-issue-east01', '370999001001', '370999001', '370999001001', 'gap', 'error',
                        ARRAY['370999001001001', '370999001001002'], 400,
                        ST_GeomFromText('POLYGON((520490 3901000, 520510 3901000, 520510 3901020, 520490 3901020, 520490 3901000))', 4548),
                        '测试缝隙'),
                       ('tsc-issue-west01', '370999002001', '370999002', '370999002001', 'gap', 'error',
                        ARRAY['370999002001'], 400,
                        ST_GeomFromText('POLYGON((523000 3901000, 523020 3901000, 523020 3901020, 523000 3901020, 523000 3901000))', 4548),
                        '测试缝隙');
                """);
        List<int[]> tiles = List.of(ServeFixture.tileAt(14, ServeFixture.toLonLat(dataSource, 520500, 3901010)),
                ServeFixture.tileAt(14, ServeFixture.toLonLat(dataSource, 523010, 3901010)));
        assertEquals(Set.of("tsc-issue-east01", "tsc-issue-west01"), issues(ADMIN_TOKEN, tiles));
        assertEquals(Set.of("tsc-issue-east01"), issues(enumerator, tiles));
        assertEquals(Set.of("tsc-issue-west01"), issues(planner, tiles));
    }

    /** The ids of the issues in {@code tiles} as {@code token} sees them. */
    private static Set<String> issues(String token, List<int[]> tiles) {
        Set<String> ids = new java.util.TreeSet<>();
        for (int[] zxy : tiles) {
            Response r = get(token, path("issues", zxy, "mvt"));
            if (r.statusCode() == 204) {
                continue;
            }
            r.then().statusCode(200);
            VectorTile.decode(r.asByteArray()).get("issues").features()
                    .forEach(f -> ids.add(((String) f.properties().get("id")).strip()));
        }
        return ids;
    }

    private static long opaquePixels(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        long opaque = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) >>> 24) != 0) {
                    opaque++;
                }
            }
        }
        return opaque;
    }
}
