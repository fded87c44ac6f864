package cn.jining.census.print;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lowagie.text.pdf.PdfReader;

/**
 * Times the batch PDF of every subarea of one street against a running service, after
 * delineating and accepting the street. Not a test: it prints figures for docs/BENCHMARKS.md.
 *
 * <p>Baselines in the same run: the single-subarea PDF of the street's first subareas, one by
 * one (what printing page by page would cost), and the GeoJSON export of the street's buildings
 * (reading the same data without drawing it).
 *
 * <pre>
 * mvn -q -B test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=cn.jining.census.print.PrintBenchmark -Dexec.args="BASE_URL TOKEN STREET [RUNS]"
 * </pre>
 */
public final class PrintBenchmark {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final int SINGLE_PAGES = 5;

    private PrintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: PrintBenchmark BASE_URL TOKEN STREET [RUNS]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/$", "");
        String token = args[1];
        String street = args[2];
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;

        long start = System.nanoTime();
        send(token, HttpRequest.newBuilder(URI.create(base + "/api/v1/delineations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"" + street + "\",\"accept\":true,\"replace\":true}")));
        System.out.printf(Locale.ROOT, "delineated and accepted %s in %.1f s%n", street, seconds(start));

        List<String> subareas = subareasOf(base, token, street);
        System.out.printf(Locale.ROOT, "%d subareas with a map%n", subareas.size());

        double[] batch = new double[runs];
        double[] single = new double[runs];
        double[] export = new double[runs];
        int pages = 0;
        long bytes = 0;
        for (int run = 0; run < runs; run++) {
            start = System.nanoTime();
            byte[] pdf = send(token, HttpRequest.newBuilder(URI.create(base + "/api/v1/maps?scope=" + street)).GET());
            batch[run] = seconds(start);
            pages = new PdfReader(pdf).getNumberOfPages();
            bytes = pdf.length;

            start = System.nanoTime();
            for (String code : subareas.subList(0, Math.min(SINGLE_PAGES, subareas.size()))) {
                send(token, HttpRequest.newBuilder(URI.create(base + "/api/v1/maps/" + code + ".pdf")).GET());
            }
            single[run] = seconds(start) / Math.min(SINGLE_PAGES, subareas.size());

            start = System.nanoTime();
            send(token, HttpRequest.newBuilder(URI.create(base + "/api/v1/exports/buildings?scope=" + street)).GET());
            export[run] = seconds(start);
            System.out.printf(Locale.ROOT, "run %d: batch %.2f s (%d pages, %.1f MB), single PDF %.3f s each, "
                    + "buildings GeoJSON export %.2f s%n", run + 1, batch[run], pages, bytes / 1e6, single[run], export[run]);
        }
        double batchMedian = median(batch);
        double singleMedian = median(single);
        System.out.printf(Locale.ROOT, "median: batch %.2f s for %d subareas (%.3f s per subarea); one by one %.3f s per "
                + "subarea, ratio batch/one-by-one %.2f; batch/export %.1f%n", batchMedian, subareas.size(),
                batchMedian / subareas.size(), singleMedian, batchMedian / (singleMedian * subareas.size()),
                batchMedian / median(export));
    }

    private static List<String> subareasOf(String base, String token, String street) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> codes = new ArrayList<>();
        JsonNode areas = json.readTree(send(token, HttpRequest.newBuilder(URI.create(base + "/api/v1/areas?street=" + street)).GET()));
        for (JsonNode area : areas.has("areas") ? areas.get("areas") : areas) {
            JsonNode subareas = json.readTree(send(token,
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/subareas?area=" + area.get("code").asText())).GET()));
            for (JsonNode feature : subareas.get("features")) {
                if (!feature.get("properties").get("virtual").asBoolean()) {
                    codes.add(feature.get("properties").get("code").asText());
                }
            }
        }
        codes.sort(null);
        return codes;
    }

    private static byte[] send(String token, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(request.build().uri() + " answered " + response.statusCode() + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return response.body();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
