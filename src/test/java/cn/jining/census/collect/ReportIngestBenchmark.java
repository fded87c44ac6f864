package cn.jining.census.collect;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.postgresql.ds.PGSimpleDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Streams progress reports to a running service ({@code POST /api/v1/app/reports/batch}) from
 * several clients for a while and prints the reports acknowledged per second. With an
 * acknowledgement file, every acknowledged report id is appended to it once its batch is answered
 * 200, and a client stops quietly when the service goes away: the kill test of
 * {@code bin/benchmark-app} kills the service mid-stream and counts these ids in the database.
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=cn.jining.census.collect.ReportIngestBenchmark \
 *     -Dexec.args="BASE_URL TOKEN JDBC_URL USER PASSWORD SECONDS CLIENTS BATCH [ACK_FILE]"
 * </pre>
 */
public final class ReportIngestBenchmark {

    private ReportIngestBenchmark() {
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
        long seconds = Long.parseLong(args[5]);
        int clients = Integer.parseInt(args[6]);
        int batchSize = Integer.parseInt(args[7]);
        PrintWriter acks = args.length > 8
                ? new PrintWriter(Files.newBufferedWriter(Path.of(args[8]), StandardCharsets.UTF_8)) : null;
        List<String[]> buildings = new ArrayList<>();
        try (Connection c = ds.getConnection(); var s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT subarea_code, bid FROM subarea_building ORDER BY md5(bid) LIMIT 20000")) {
            while (rs.next()) {
                buildings.add(new String[] { rs.getString(1), rs.getString(2) });
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong clock = new AtomicLong();
        OffsetDateTime start = OffsetDateTime.of(2020, 11, 2, 8, 0, 0, 0, ZoneOffset.ofHours(8));
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> work = new ArrayList<>();
        long began = System.nanoTime();
        for (int t = 0; t < clients; t++) {
            work.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    List<Map<String, Object>> batch = new ArrayList<>(batchSize);
                    for (int i = 0; i < batchSize; i++) {
                        long tick = clock.incrementAndGet();
                        String[] b = buildings.get((int) (tick % buildings.size()));
                        batch.add(Map.of("id", UUID.randomUUID().toString(), "subarea", b[0], "bid", b[1],
                                "status", tick % 7 == 0 ? "vacant" : "registered", "households", (int) (tick % 9),
                                "deviceTime", start.plusSeconds(tick).toString()));
                    }
                    HttpResponse<String> answer;
                    try {
                        answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/app/reports/batch"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("reports", batch))))
                                .build(), HttpResponse.BodyHandlers.ofString());
                    } catch (IOException gone) {
                        if (acks == null) {
                            throw gone;
                        }
                        return null; // the service was killed: what was acknowledged is in the file
                    }
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("batch answered " + answer.statusCode() + ": " + answer.body());
                    }
                    JsonNode receipts = json.readTree(answer.body()).path("receipts");
                    acknowledged.addAndGet(receipts.size());
                    if (acks != null) {
                        synchronized (acks) {
                            receipts.forEach(r -> acks.println(r.path("reportId").asText()));
                            acks.flush();
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
        if (acks != null) {
            acks.close();
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        System.out.printf(Locale.ROOT, "acknowledged %d reports in %.1f s: %.0f reports/s (%d clients, batches of %d)%n",
                acknowledged.get(), elapsed, acknowledged.get() / elapsed, clients, batchSize);
    }
}
