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
import java.util.concurrent.TimeUnit;
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
 * JDBC on a connection of its own, interleaved tile by tile (3×3 tiles around the street's centre,
 * {@value #ROUNDS} rounds after {@value #WARM_UP_ROUNDS} untimed ones and {@value #WARM_UP_REQUESTS}
 * untimed requests of the echo endpoint). HTTP goes over a kept-alive socket read on the calling thread
 * ({@link KeepAliveHttp}), a client as thin as the JDBC driver, so that the ratio measures the
 * service rather than the client library.</li>
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
    private static final int ROUNDS = 30;
    /**
     * Untimed requests first, so that both paths run compiled code: the HTTP path runs through far
     * more methods than the JDBC driver's, and a few dozen requests left it interpreted, 3× slower.
     */
    private static final int WARM_UP_REQUESTS = 5000;
    private static final int WARM_UP_ROUNDS = 5;
    private static final int EDITS = 20;
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
        for (TileLayer layer : List.of(TileLayer.SUBAREAS, TileLayer.BUILDINGS)) {
            for (int z : new int[] { 12, 14, 16 }) {
                uncached(layer, z, centre);
            }
        }
        TileAddress cachedTile = around(14, centre).get(4);
        print("%n2. cached tile vs an endpoint answering the same bytes, wrk -t2 -c50 -d%ss", WRK_SECONDS);
        cached(cachedTile);
        print("%n3. stale time after a committed edit (%d edits)", EDITS);
        stale(centre);
        Files.writeString(Path.of("target", "tile-benchmark.txt"), report);
    }

    private void uncached(TileLayer layer, int z, double[] centre) throws Exception {
        if (z < layer.minZoom()) {
            print("%-9s z%d: not built, below the layer's least zoom %d (answered 204 without a query)", layer.layerName(), z,
                    layer.minZoom());
            return;
        }
        List<TileAddress> addresses = around(z, centre);
        List<Long> viaHttp = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        long features = 0;
        long bytes = 0;
        try (Connection c = dataSource.getConnection(); NamedStatement q = tiles.prepare(c, layer);
                KeepAliveHttp socket = new KeepAliveHttp(root, ADMIN_TOKEN)) {
            for (int round = 1 - WARM_UP_ROUNDS; round <= ROUNDS; round++) {
                for (TileAddress tile : addresses) {
                    LonLatBox box = tile.lonLatBounds((double) TileQuery.BUFFER / TileQuery.EXTENT);
                    cache.listening(true); // empties the cache
                    long t0 = System.nanoTime();
                    KeepAliveHttp.Answer answer = socket.get("/tiles/" + layer.layerName() + "/" + tile.z() + "/" + tile.x()
                            + "/" + tile.y() + ".mvt");
                    long t1 = System.nanoTime();
                    tiles.bind(q, layer, tile, box, TileScope.EVERYTHING);
                    try (ResultSet rs = q.statement().executeQuery()) {
                        rs.next();
                        byte[] tileBytes = rs.getBytes(1);
                        long t2 = System.nanoTime();
                        if (round > 0) { // the rounds before warm both paths
                            viaHttp.add(t1 - t0);
                            direct.add(t2 - t1);
                            features += rs.getLong(2);
                            bytes += tileBytes == null ? 0 : tileBytes.length;
                        }
                    }
                    if (answer.status() >= 300) {
                        throw new IllegalStateException(answer.status() + " for " + tile);
                    }
                }
            }
        }
        double http50 = p(viaHttp, 50);
        double jdbc50 = p(direct, 50);
        int n = viaHttp.size();
        print("%-9s z%d: HTTP p50 %.2f ms, JDBC p50 %.2f ms, ratio %.2f  (%d requests; %.0f features, %.1f kB per tile)",
                layer.layerName(), z, http50, jdbc50, http50 / jdbc50, n, (double) features / n, bytes / 1024.0 / n);
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
        double n = 1 << z;
        double lat = Math.toRadians(lonLat[1]);
        int x = (int) Math.floor((lonLat[0] + 180) / 360 * n);
        int y = (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
        List<TileAddress> tiles = new ArrayList<>();
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                tiles.add(new TileAddress(z, x + dx, y + dy));
            }
        }
        return tiles;
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
