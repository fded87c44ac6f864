package cn.jining.census.collect;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.postgresql.ds.PGSimpleDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Asks a running service's {@code GET /api/v1/locate} at N uniformly random points of the loaded
 * areas' lon/lat extent and compares every answer with PostGIS {@code ST_Intersects} (the smallest
 * code whose closed polygon holds the point), street, area and subarea apart.
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=cn.jining.census.collect.LocateAgreementBenchmark \
 *     -Dexec.args="BASE_URL TOKEN JDBC_URL USER PASSWORD N"
 * </pre>
 */
public final class LocateAgreementBenchmark {

    private static final String[] LEVELS = { "street", "area", "subarea" };
    private static final int CHUNK = 10_000;

    private LocateAgreementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(args[2]);
        ds.setUser(args[3]);
        if (!args[4].isEmpty()) {
            ds.setPassword(args[4]);
        }
        int n = Integer.parseInt(args[5]);
        double[] box = new double[4];
        try (Connection c = ds.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b) FROM (SELECT ST_Extent(ST_Transform(geom, 4326))::geometry b FROM area) e")) {
            rs.next();
            for (int i = 0; i < 4; i++) {
                box[i] = rs.getDouble(i + 1);
            }
        }
        Random random = new Random(20201101);
        double[] lon = new double[n];
        double[] lat = new double[n];
        for (int i = 0; i < n; i++) {
            lon[i] = box[0] + random.nextDouble() * (box[2] - box[0]);
            lat[i] = box[1] + random.nextDouble() * (box[3] - box[1]);
        }
        String[][] expected = new String[n][];
        long sqlStart = System.nanoTime();
        try (Connection c = ds.getConnection(); PreparedStatement q = c.prepareStatement("""
                SELECT (SELECT min(code) FROM street WHERE ST_Intersects(geom, pt)),
                       (SELECT min(code) FROM area WHERE ST_Intersects(geom, pt)),
                       (SELECT min(code) FROM subarea WHERE ST_Intersects(geom, pt) AND vertical_of IS NULL)
                  FROM (SELECT n, ST_Transform(ST_SetSRID(ST_MakePoint(x, y), 4326), 4548) AS pt
                          FROM unnest(?::float8[], ?::float8[]) WITH ORDINALITY AS p(x, y, n)) points
                 ORDER BY n
                """)) {
            for (int from = 0; from < n; from += CHUNK) {
                int to = Math.min(n, from + CHUNK);
                Array xs = c.createArrayOf("float8", box(lon, from, to));
                Array ys = c.createArrayOf("float8", box(lat, from, to));
                q.setArray(1, xs);
                q.setArray(2, ys);
                try (ResultSet rs = q.executeQuery()) {
                    for (int i = from; rs.next(); i++) {
                        expected[i] = new String[] { rs.getString(1), rs.getString(2), rs.getString(3) };
                    }
                }
            }
        }
        double sqlSeconds = (System.nanoTime() - sqlStart) / 1e9;

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        AtomicIntegerArray disagreements = new AtomicIntegerArray(3);
        List<String> examples = new ArrayList<>();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        long httpStart = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int first = t;
            work.add(pool.submit(() -> {
                for (int i = first; i < n; i += threads) {
                    String uri = String.format(Locale.ROOT, "%s/api/v1/locate?lon=%s&lat=%s", base, lon[i], lat[i]);
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(uri))
                            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(uri + " answered " + answer.statusCode() + ": " + answer.body());
                    }
                    JsonNode body = json.readTree(answer.body());
                    for (int level = 0; level < 3; level++) {
                        JsonNode unit = body.path(LEVELS[level]).path("code");
                        String got = unit.isMissingNode() || unit.isNull() ? null : unit.asText();
                        if (!Objects.equals(got, expected[i][level])) {
                            disagreements.incrementAndGet(level);
                            synchronized (examples) {
                                if (examples.size() < 10) {
                                    examples.add(LEVELS[level] + " at " + lon[i] + "," + lat[i] + ": service " + got
                                            + ", PostGIS " + expected[i][level]);
                                }
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double httpSeconds = (System.nanoTime() - httpStart) / 1e9;
        int withSubarea = 0;
        for (String[] e : expected) {
            if (e[2] != null) {
                withSubarea++;
            }
        }
        System.out.printf(Locale.ROOT, "points %d (in a subarea %d), PostGIS %.1f s, service %.1f s (%.0f/s, 8 clients)%n",
                n, withSubarea, sqlSeconds, httpSeconds, n / httpSeconds);
        System.out.printf(Locale.ROOT, "disagreements: street %d, area %d, subarea %d%n",
                disagreements.get(0), disagreements.get(1), disagreements.get(2));
        examples.forEach(System.out::println);
    }

    private static Double[] box(double[] values, int from, int to) {
        Double[] boxed = new Double[to - from];
        for (int i = from; i < to; i++) {
            boxed[i - from] = values[i];
        }
        return boxed;
    }
}
