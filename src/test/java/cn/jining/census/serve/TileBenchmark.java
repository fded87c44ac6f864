package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import cn.jining.census.QueryRows;
import cn.jining.census.store.NamedStatement;

/**
 * The tile figures of issue 5, each against a baseline measured in the same run, printed and
 * written to {@code target/tile-benchmark.txt}. Not a test (nothing is asserted, the name matches
 * no test pattern); run on the bundled delivery with
 *
 * <pre>
 * CENSUS_TEST_DB=census_test_tiles bin/test -Dtest=TileBenchmark -Dcensus.benchmark=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <ol>
 * <li>Uncached vector tile, z12/z14/z16 of subareas and buildings: p50 of the HTTP request with the
 * cache emptied before each, against p50 of the same prepared statement executed directly over
 * JDBC on a connection of its own ({@link TileQuery#template} and {@link TileQuery#parameters}, the
 * text and values the service sends), and of the same statement behind the least HTTP server
 * there can be ({@link BareTileRelay}), interleaved tile by tile, each path first a third of the
 * time (3×3 tiles around the street's centre,
 * {@value #ROUNDS} rounds after {@value #WARM_UP_ROUNDS} untimed ones, {@value #WARM_UP_REQUESTS}
 * untimed requests of the echo endpoint and {@value #WARM_UP_TILE_ROUNDS} untimed rounds of subarea
 * tiles at z12 and z16 and of building tiles at z16). HTTP goes over a kept-alive socket read on the calling thread
 * ({@link KeepAliveHttp}), a client as thin as the JDBC driver, so that the ratio measures the
 * service rather than the client library.</li>
 * <li>A screenful: the 20 uncached tiles of a 1280×1024 map loaded over 6 connections, as a
 * browser does, against the same statements over 6 JDBC connections ({@link #screenful}).</li>
 * <li>Cached tile: {@code wrk} at 50 connections against the cached tile and against
 * {@link BenchmarkEchoResource} answering the same bytes.</li>
 * <li>Stale time: a subarea's households change by a committed UPDATE, and the tile is asked for
 * with its old ETag until it answers new content; from before the commit to the new answer.</li>
 * </ol>
 * Subareas come from delineating every street through the API (once, when it has none); the
 * tiles lie around the centre of street 370871001.
 */
@QuarkusTest
class TileBenchmark {

    private static final String STREET = "370871001";
    private static final int ROUNDS = 100;
    /**
     * Untimed requests first, so that both paths run compiled code: the HTTP path runs through far
     * more methods than the JDBC driver's, and a few dozen requests left it interpreted, 3× slower.
     */
    private static final int WARM_UP_REQUESTS = 5000;
    private static final int WARM_UP_ROUNDS = 5;
    /**
     * Untimed rounds of subarea tiles at z12 and z16 and building tiles at z16 before any tile is timed (9 tiles a round,
     * each both ways): the tile route's code is compiled only after thousands of requests, and a
     * few dozen left its answer 0.2–0.4 ms slower.
     */
    private static final int WARM_UP_TILE_ROUNDS = 300;
    private static final int EDITS = 20;
    private static final int SCREEN_COLUMNS = 5;
    private static final int SCREEN_ROWS = 4;
    private static final int BROWSER_CONNECTIONS = 6;
    private static final int SCREENS = 100;
    private static final String WRK_SECONDS = "10";

    @Inject
    DataSource dataSource;

    @Inject
    TileQuery tiles;

    @Inject
    TileCache cache;

    @TestHTTPResource("/")
    URI root;

    private final StringBuilder report = new StringBuilder();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void measure() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("census.benchmark"), "run with -Dcensus.benchmark=true");
        delineateEveryStreetOnce();
        double[] centre = ServeFixture.toLonLat(dataSource, number("SELECT ST_X(ST_Centroid(geom)) FROM street WHERE code = '" + STREET + "'"),
                number("SELECT ST_Y(ST_Centroid(geom)) FROM street WHERE code = '" + STREET + "'"));
        print("machine: %d cores, load average %s", Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).strip());
        print("%n1. uncached vector tile: p50 over HTTP (cache emptied before each) vs the same prepared statement over JDBC");
        fixedCost();
        // untimed: the tile route and the JDBC driver compiled before timing
        sample(TileLayer.SUBAREAS, 12, centre, 0, WARM_UP_TILE_ROUNDS);
        sample(TileLayer.SUBAREAS, 16, centre, 0, WARM_UP_TILE_ROUNDS);
        sample(TileLayer.BUILDINGS, 16, centre, 0, WARM_UP_TILE_ROUNDS);
        for (TileLayer layer : List.of(TileLayer.SUBAREAS, TileLayer.BUILDINGS)) {
            for (int z : new int[] { 12, 14, 16 }) {
                uncached(layer, z, centre);
            }
        }
        print("%n1b. a screenful of uncached tiles over %d connections vs the same statements over %d JDBC connections",
                BROWSER_CONNECTIONS, BROWSER_CONNECTIONS);
        screenful(TileLayer.SUBAREAS, 16, centre);
        screenful(TileLayer.BUILDINGS, 16, centre);
        screenful(TileLayer.SUBAREAS, 14, centre);
        TileAddress cachedTile = around(14, centre).get(4);
        print("%n2. cached tile vs an endpoint answering the same bytes, wrk -t2 -c50 -d%ss", WRK_SECONDS);
        cached(cachedTile);
        print("%n3. stale time after a committed edit (%d edits)", EDITS);
        stale(centre);
        Files.writeString(Path.of("target", "tile-benchmark.txt"), report);
    }

    /** Timings of the three paths to the same tiles, and what the tiles held. */
    private record Samples(List<Long> viaHttp, List<Long> direct, List<Long> viaRelay, long features, long bytes) {
    }

    private void uncached(TileLayer layer, int z, double[] centre) throws Exception {
        if (z < layer.minZoom()) {
            print("%-9s z%d: not built, below the layer's least zoom %d (answered 204 without a query)", layer.layerName(), z,
                    layer.minZoom());
            return;
        }
        Samples samples = sample(layer, z, centre, WARM_UP_ROUNDS, ROUNDS);
        double http50 = p(samples.viaHttp(), 50);
        double jdbc50 = p(samples.direct(), 50);
        double relay50 = p(samples.viaRelay(), 50);
        int n = samples.viaHttp().size();
        print("%-9s z%d: HTTP p50 %.2f ms, JDBC p50 %.2f ms, ratio %.2f; bare relay p50 %.2f ms (%.2f× JDBC), HTTP %.2f× the relay"
                + "  (%d requests; %.0f features, %.1f kB per tile)", layer.layerName(), z, http50, jdbc50, http50 / jdbc50, relay50,
                relay50 / jdbc50, http50 / relay50, n, (double) samples.features() / n, samples.bytes() / 1024.0 / n);
    }

    /**
     * {@code rounds} timed rounds over the 3×3 tiles around {@code centre} at zoom {@code z}, after
     * {@code warmUpRounds} untimed ones. Each tile is fetched three ways: from the service, by the
     * statement over JDBC, and through the {@link BareTileRelay}; which goes first turns from tile
     * to tile, since whichever follows finds the tile's rows in the caches the first one filled.
     */
    private Samples sample(TileLayer layer, int z, double[] centre, int warmUpRounds, int rounds) throws Exception {
        List<TileAddress> addresses = around(z, centre);
        List<Long> viaHttp = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        List<Long> viaRelay = new ArrayList<>();
        long features = 0;
        long bytes = 0;
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, tiles.template(layer));
                KeepAliveHttp socket = new KeepAliveHttp(root, ADMIN_TOKEN); BareTileRelay relay = new BareTileRelay(dataSource, tiles, layer);
                KeepAliveHttp relaySocket = new KeepAliveHttp(relay.root(), ADMIN_TOKEN)) {
            for (int round = 1 - warmUpRounds; round <= rounds; round++) {
                for (int i = 0; i < addresses.size(); i++) {
                    TileAddress tile = addresses.get(i);
                    for (Map.Entry<String, Object> parameter : tiles.parameters(layer, tile, TileScope.EVERYTHING).orElseThrow().entrySet()) {
                        q.set(parameter.getKey(), parameter.getValue());
                    }
                    String zxy = tile.z() + "/" + tile.x() + "/" + tile.y() + ".mvt";
                    long http = 0;
                    long jdbc = 0;
                    long bare = 0;
                    for (int turn = 0; turn < 3; turn++) {
                        switch (Math.floorMod(round + i + turn, 3)) {
                            case 0 -> {
                                cache.listening(true); // empties the cache
                                long t0 = System.nanoTime();
                                KeepAliveHttp.Answer answer = socket.get("/tiles/" + layer.layerName() + "/" + zxy);
                                http = System.nanoTime() - t0;
                                if (answer.status() >= 300) {
                                    throw new IllegalStateException(answer.status() + " for " + tile);
                                }
                            }
                            case 1 -> {
                                long t0 = System.nanoTime();
                                try (ResultSet rs = q.statement().executeQuery()) {
                                    rs.next();
                                    byte[] tileBytes = rs.getBytes(1);
                                    jdbc = System.nanoTime() - t0;
                                    if (round > 0) {
                                        features += rs.getLong(2);
                                        bytes += tileBytes == null ? 0 : tileBytes.length;
                                    }
                                }
                            }
                            default -> {
                                long t0 = System.nanoTime();
                                relaySocket.get("/tiles/" + zxy);
                                bare = System.nanoTime() - t0;
                            }
                        }
                    }
                    if (round > 0) { // the rounds before warm all three paths
                        viaHttp.add(http);
                        direct.add(jdbc);
                        viaRelay.add(bare);
                    }
                }
            }
        }
        return new Samples(viaHttp, direct, viaRelay, features, bytes);
    }

    /**
     * The floor under the ratios above: p50 of a request answered from memory by the echo endpoint
     * against p50 of {@code SELECT 1} over JDBC, interleaved like the tiles.
     */
    private void fixedCost() throws Exception {
        BenchmarkEchoResource.bytes = new byte[2048];
        List<Long> echo = new ArrayList<>();
        List<Long> selectOne = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); var q = c.prepareStatement("SELECT 1");
                KeepAliveHttp socket = new KeepAliveHttp(root, ADMIN_TOKEN)) {
            for (int i = 0; i < WARM_UP_REQUESTS + 9 * ROUNDS; i++) {
                long t0 = System.nanoTime();
                socket.get("/bench/echo");
                long t1 = System.nanoTime();
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                }
                if (i >= WARM_UP_REQUESTS) {
                    echo.add(t1 - t0);
                    selectOne.add(System.nanoTime() - t1);
                }
            }
        }
        print("fixed cost of a request (token checked, 2 kB answered by the echo endpoint): p50 %.2f ms; "
                + "SELECT 1 over JDBC p50 %.2f ms", p(echo, 50), p(selectOne, 50));
    }

    private void cached(TileAddress tile) throws Exception {
        String path = "tiles/subareas/" + tile.z() + "/" + tile.x() + "/" + tile.y() + ".mvt";
        BenchmarkEchoResource.bytes = http.send(request(path), HttpResponse.BodyHandlers.ofByteArray()).body();
        print("tile %s, %d bytes", path, BenchmarkEchoResource.bytes.length);
        for (int run = 1; run <= 2; run++) {
            double[] echo = wrk("bench/echo");
            double[] cachedTile = wrk(path);
            print("run %d: echo %.0f req/s p99 %.2f ms; cached tile %.0f req/s p99 %.2f ms; ratio %.2f", run, echo[0], echo[1],
                    cachedTile[0], cachedTile[1], cachedTile[0] / echo[0]);
        }
    }

    private void stale(double[] centre) throws Exception {
        TileAddress tile = around(14, centre).get(4);
        String path = "tiles/subareas/" + tile.z() + "/" + tile.x() + "/" + tile.y() + ".mvt";
        String code = ServeFixture.number(dataSource, "SELECT count(*) FROM subarea") > 0 ? firstSubareaIn(tile) : null;
        List<Long> stale = new ArrayList<>();
        for (int edit = 0; edit < EDITS; edit++) {
            String etag = http.send(request(path), HttpResponse.BodyHandlers.discarding()).headers().firstValue("ETag").orElseThrow();
            long t0 = System.nanoTime();
            ServeFixture.execute(dataSource, "UPDATE subarea SET households = households + " + (edit % 2 == 0 ? 1 : -1)
                    + " WHERE code = '" + code + "'");
            while (true) {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(root.resolve(path)).header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 304) {
                    break;
                }
            }
            stale.add(System.nanoTime() - t0);
            Thread.sleep(100);
        }
        print("subarea %s in %s: stale p50 %.1f ms, max %.1f ms", code, path, p(stale, 50), p(stale, 100));
    }

    private String firstSubareaIn(TileAddress tile) throws Exception {
        LonLatBox b = tile.lonLatBounds(0);
        try (Connection c = dataSource.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(String.format(Locale.ROOT,
                "SELECT code FROM subarea WHERE vertical_of IS NULL AND geom && ST_Transform(ST_MakeEnvelope(%f, %f, %f, %f, 4326), 4548) "
                        + "ORDER BY code LIMIT 1", b.west(), b.south(), b.east(), b.north()))) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P99 = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)");

    /** Requests per second and p99 in ms of wrk against a path. */
    private double[] wrk(String path) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c50", "-d" + WRK_SECONDS + "s", "--latency",
                "-H", "Authorization: Bearer " + ADMIN_TOKEN, root.resolve(path).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        Matcher rps = RPS.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rps.find() || !p99.find()) {
            throw new IllegalStateException("wrk said: " + out);
        }
        double latency = Double.parseDouble(p99.group(1));
        double ms = switch (p99.group(2)) {
            case "us" -> latency / 1000;
            case "s" -> latency * 1000;
            default -> latency;
        };
        return new double[] { Double.parseDouble(rps.group(1)), ms };
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(root.resolve(path)).header("Authorization", "Bearer " + ADMIN_TOKEN).build();
    }

    /** The 3×3 tiles around a point at zoom z, row by row (the centre one is index 4). */
    private static List<TileAddress> around(int z, double[] lonLat) {
        return block(z, lonLat, 3, 3);
    }

    /** The {@code columns}×{@code rows} tiles around a point at zoom z, row by row. */
    private static List<TileAddress> block(int z, double[] lonLat, int columns, int rows) {
        double n = 1 << z;
        double lat = Math.toRadians(lonLat[1]);
        int x = (int) Math.floor((lonLat[0] + 180) / 360 * n) - columns / 2;
        int y = (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n) - rows / 2;
        List<TileAddress> tiles = new ArrayList<>();
        for (int dy = 0; dy < rows; dy++) {
            for (int dx = 0; dx < columns; dx++) {
                tiles.add(new TileAddress(z, x + dx, y + dy));
            }
        }
        return tiles;
    }

    /**
     * A screenful as a browser loads it: the {@value #SCREEN_COLUMNS}×{@value #SCREEN_ROWS} uncached
     * tiles of a 1280×1024 map over {@value #BROWSER_CONNECTIONS} kept-alive connections (a browser's
     * limit per host over HTTP/1.1), from the first request to the last tile, against the same
     * statements over as many JDBC connections. Screens alternate between the two, each first half
     * the time.
     */
    private void screenful(TileLayer layer, int z, double[] centre) throws Exception {
        List<TileAddress> screen = block(z, centre, SCREEN_COLUMNS, SCREEN_ROWS);
        List<Long> viaHttp = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        ExecutorService browser = Executors.newFixedThreadPool(BROWSER_CONNECTIONS);
        List<KeepAliveHttp> sockets = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        List<NamedStatement> statements = new ArrayList<>();
        try {
            for (int i = 0; i < BROWSER_CONNECTIONS; i++) {
                sockets.add(new KeepAliveHttp(root, ADMIN_TOKEN));
                connections.add(dataSource.getConnection());
                statements.add(NamedStatement.prepare(connections.get(i), tiles.template(layer)));
            }
            for (int round = 1 - WARM_UP_ROUNDS; round <= SCREENS; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean http = (turn == 0) == (round % 2 == 0);
                    if (http) {
                        cache.listening(true); // empties the cache
                    }
                    AtomicInteger next = new AtomicInteger();
                    List<Callable<Void>> loaders = new ArrayList<>();
                    for (int i = 0; i < BROWSER_CONNECTIONS; i++) {
                        KeepAliveHttp socket = sockets.get(i);
                        NamedStatement q = statements.get(i);
                        loaders.add(() -> {
                            for (int t = next.getAndIncrement(); t < screen.size(); t = next.getAndIncrement()) {
                                TileAddress tile = screen.get(t);
                                if (http) {
                                    socket.get("/tiles/" + layer.layerName() + "/" + tile.z() + "/" + tile.x() + "/" + tile.y() + ".mvt");
                                } else {
                                    for (Map.Entry<String, Object> p : tiles.parameters(layer, tile, TileScope.EVERYTHING).orElseThrow().entrySet()) {
                                        q.set(p.getKey(), p.getValue());
                                    }
                                    try (ResultSet rs = q.statement().executeQuery()) {
                                        rs.next();
                                        rs.getBytes(1);
                                    }
                                }
                            }
                            return null;
                        });
                    }
                    long t0 = System.nanoTime();
                    for (Future<Void> loaded : browser.invokeAll(loaders)) {
                        loaded.get();
                    }
                    if (round > 0) {
                        (http ? viaHttp : direct).add(System.nanoTime() - t0);
                    }
                }
            }
        } finally {
            browser.shutdown();
            for (KeepAliveHttp socket : sockets) {
                socket.close();
            }
            for (NamedStatement q : statements) {
                q.close();
            }
            for (Connection c : connections) {
                c.close();
            }
        }
        double http50 = p(viaHttp, 50);
        double jdbc50 = p(direct, 50);
        print("%-9s z%d, %d tiles: HTTP p50 %.2f ms, JDBC p50 %.2f ms, ratio %.2f  (%d screens)", layer.layerName(), z,
                screen.size(), http50, jdbc50, http50 / jdbc50, viaHttp.size());
    }

    /** Every street delineated, as during the census, so that each tile holds what a supervisor sees. */
    private void delineateEveryStreetOnce() throws Exception {
        for (List<String> street : QueryRows.rows(dataSource, """
                SELECT code FROM street s WHERE NOT EXISTS (SELECT 1 FROM subarea WHERE street_code = s.code) ORDER BY code
                """)) {
            given().auth().oauth2(ADMIN_TOKEN).contentType("application/json")
                    .body("{\"scope\": \"" + street.get(0) + "\", \"accept\": true}")
                    .post("/api/v1/delineations").then().statusCode(200);
        }
    }

    private double number(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    private static double p(List<Long> nanos, int percentile) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private void print(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        System.out.println(line);
        report.append(line).append('\n');
    }
}
