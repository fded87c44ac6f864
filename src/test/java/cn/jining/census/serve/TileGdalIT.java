package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * GDAL reads vector tiles straight from the running service (its MVT driver over HTTP, with the
 * bearer token as a header) and counts the features PostGIS counts. Runs where {@code ogrinfo} is
 * installed, which {@code bin/test} ensures.
 */
@QuarkusTest
class TileGdalIT {

    private static final Pattern FEATURE_COUNT = Pattern.compile("Feature Count: (\\d+)");

    @Inject
    DataSource dataSource;

    @TestHTTPResource("/")
    URI root;

    @BeforeEach
    void insertFixture() throws Exception {
        ServeFixture.insert(dataSource);
    }

    @AfterEach
    void removeFixture() throws Exception {
        ServeFixture.remove(dataSource);
    }

    @ParameterizedTest
    @CsvSource({
            "buildings, building, 16, 520510, 3901510",
            "subareas,  subarea,  14, 520500, 3901000",
            "roads,     road,     13, 521000, 3901000" })
    void ogrinfoCountsTheFeaturesPostgisFinds(String layer, String table, int z, double x, double y) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ogrinfo")), "GDAL's ogrinfo is installed");
        double[] lonLat = ServeFixture.toLonLat(dataSource, x, y);
        double n = 1 << z;
        double lat = Math.toRadians(lonLat[1]);
        int tx = (int) Math.floor((lonLat[0] + 180) / 360 * n);
        int ty = (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n);
        String url = root.resolve("tiles/" + layer + "/" + z + "/" + tx + "/" + ty + ".mvt").toString();

        String out = ogrinfo("MVT:/vsicurl/" + url);

        Matcher count = FEATURE_COUNT.matcher(out);
        assertTrue(out.contains("Layer name: " + layer) || out.contains(layer + " ("), out);
        assertTrue(count.find(), out);
        long expected = ServeFixture.number(dataSource, "SELECT count(*) FROM " + table
                + " WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(" + z + ", " + tx + ", " + ty
                + ", margin => 64.0 / 4096))" + (table.equals("subarea") ? " AND vertical_of IS NULL" : ""));
        assertTrue(expected > 0, "the fixture reaches into the tile");
        assertEquals(expected, Long.parseLong(count.group(1)), out);
    }

    private static String ogrinfo(String source) throws IOException, InterruptedException {
        Path output = Files.createTempFile("ogrinfo", ".txt");
        try {
            Process p = new ProcessBuilder(List.of("ogrinfo", "-ro", "-al", "-so",
                    "--config", "GDAL_HTTP_HEADERS", "Authorization: Bearer " + ADMIN_TOKEN,
                    "--config", "CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".mvt",
                    "--config", "GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR", source))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ogrinfo finished");
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), text);
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
