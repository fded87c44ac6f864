package cn.jining.census.publish;

import static cn.jining.census.publish.PublishFixture.ADMIN;
import static cn.jining.census.publish.PublishFixture.AREA;
import static cn.jining.census.publish.PublishFixture.number;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Exports of the bundled delivery with one area delineated and one of its subareas assigned,
 * opened by GDAL's {@code ogrinfo}:
 * counts match PostGIS, Shapefiles come whole with their encoding and CRS, and a scope outside
 * the caller's is refused.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportIT {

    /** Buildings of the area: inside it, or registered by one of its subareas (the published rule). */
    private static final String BUILDINGS_OF_AREA = "SELECT count(*) FROM building b WHERE b.area_code = '" + AREA
            + "' OR EXISTS (SELECT 1 FROM subarea_building sb WHERE sb.bid = b.bid AND sb.subarea_code LIKE '" + AREA + "%')";

    @Inject
    DataSource dataSource;

    private boolean delineated;

    private Path folder;

    /** Delineates the area once, before the first test (RestAssured knows the port only from then on). */
    @BeforeEach
    void delineateOneArea() throws Exception {
        if (delineated) {
            return;
        }
        delineated = true;
        folder = Files.createTempDirectory("census-export-test");
        PublishFixture.delineateArea();
        PublishFixture.assignOneEnumerator(dataSource);
    }

    @AfterAll
    void forgetIt() throws Exception {
        PublishFixture.forgetEnumerator(dataSource);
        PublishFixture.forgetSubareas(dataSource);
        try (var files = Files.walk(folder)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> f.toFile().delete());
        }
    }

    private byte[] download(String token, String layer, String scope, String format, String crs) {
        return given().auth().oauth2(token).queryParam("scope", scope).queryParam("format", format).queryParam("crs", crs)
                .get("/api/v1/exports/" + layer).then().statusCode(200).extract().asByteArray();
    }

    private static long featureCount(String ogrinfoSummary) {
        Matcher m = Pattern.compile("Feature Count: (\\d+)").matcher(ogrinfoSummary);
        assertTrue(m.find(), "no feature count in:\n" + ogrinfoSummary);
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @CsvSource({ "geojson, geojson, 4548", "gpkg, gpkg, 4548", "geojson, geojson, 4326", "gpkg, gpkg, 4326" })
    void buildingsOfAnAreaOpenInGdalWithTheDatabaseCount(String format, String extension, String crs) throws Exception {
        assumeTrue(PublishFixture.installed("ogrinfo"), "GDAL (gdal-bin) is not installed");
        Path file = folder.resolve("buildings-" + crs + "." + extension);
        Files.write(file, download(ADMIN, "buildings", AREA, format, crs));
        String summary = PublishFixture.run(Map.of(), "ogrinfo", "-ro", "-so", "-al", file.toString());
        assertEquals(number(dataSource, BUILDINGS_OF_AREA), featureCount(summary));
        assertTrue(summary.contains("households: Integer"), summary);
        Matcher extent = Pattern.compile("Extent: \\((-?[0-9.]+), (-?[0-9.]+)\\)").matcher(summary);
        assertTrue(extent.find(), summary);
        double x = Double.parseDouble(extent.group(1));
        if (crs.equals("4548")) {
            assertTrue(x > 400_000 && x < 600_000, "Gauss-Krüger easting in metres, got " + x);
        } else {
            assertTrue(x > 116 && x < 117, "longitude in degrees, got " + x);
        }
    }

    @Test
    void shapefileComesZippedWithItsFiveFilesUtf8AndTheDeliveryCrs() throws Exception {
        byte[] zip = download(ADMIN, "buildings", AREA, "shp", "4548");
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertEquals(java.util.Set.of("buildings.shp", "buildings.shx", "buildings.dbf", "buildings.prj", "buildings.cpg"),
                entries.keySet());
        assertEquals("UTF-8", new String(entries.get("buildings.cpg"), StandardCharsets.US_ASCII).strip());
        String prj = new String(entries.get("buildings.prj"), StandardCharsets.US_ASCII);
        assertTrue(prj.contains("CGCS") && prj.contains("117"), "CGCS2000 Gauss-Krüger CM 117E, got " + prj);

        assumeTrue(PublishFixture.installed("ogrinfo"), "GDAL (gdal-bin) is not installed");
        Path file = folder.resolve("buildings.zip");
        Files.write(file, zip);
        String listing = PublishFixture.run(Map.of(), "ogrinfo", "-ro", "-al", "-geom=NO", "/vsizip/" + file);
        assertEquals(number(dataSource, BUILDINGS_OF_AREA), featureCount(listing));
        assertTrue(listing.contains("use (String) = 住宅"), "Chinese attributes survive:\n" + listing.substring(0, 2000));
        assertTrue(listing.contains("households (Integer") || listing.contains("households: Integer"), listing.substring(0, 2000));
    }

    @Test
    void subareasOfAStreetAreThoseOfItsDelineatedArea() throws Exception {
        assumeTrue(PublishFixture.installed("ogrinfo"), "GDAL (gdal-bin) is not installed");
        Path file = folder.resolve("subareas.gpkg");
        Files.write(file, download(ADMIN, "subareas", PublishFixture.STREET, "gpkg", "4548"));
        String summary = PublishFixture.run(Map.of(), "ogrinfo", "-ro", "-so", file.toString(), "subareas");
        long expected = number(dataSource, "SELECT count(*) FROM subarea WHERE street_code = '" + PublishFixture.STREET
                + "' AND NOT virtual AND vertical_of IS NULL");
        assertTrue(expected > 0);
        assertEquals(expected, featureCount(summary));
        assertTrue(summary.contains("sizhi: String"), summary);
    }

    @ParameterizedTest
    @CsvSource({ "assignments, gpkg, assigned: Integer(Boolean)", "progress, gpkg, completion: Real",
            "assignments, geojson, enumerator: String", "progress, geojson, buildings: Integer" })
    void assignmentsAndProgressOfAnAreaHoldItsSubareas(String layer, String format, String field) throws Exception {
        assumeTrue(PublishFixture.installed("ogrinfo"), "GDAL (gdal-bin) is not installed");
        Path file = folder.resolve(layer + "." + format);
        Files.write(file, download(ADMIN, layer, AREA, format, "4548"));
        String summary = PublishFixture.run(Map.of(), "ogrinfo", "-ro", "-so", "-al", file.toString());
        long expected = number(dataSource, "SELECT count(*) FROM subarea WHERE area_code = '" + AREA
                + "' AND NOT virtual AND vertical_of IS NULL");
        assertTrue(expected > 0);
        assertEquals(expected, featureCount(summary));
        assertTrue(summary.contains(field), summary);
    }

    @Test
    void aScopeOutsideTheCallersIsRefusedAndBadParametersAreNamed() {
        String planner = PublishFixture.person("planner", AREA);
        given().auth().oauth2(planner).queryParam("scope", PublishFixture.OTHER_AREA).get("/api/v1/exports/buildings")
                .then().statusCode(403).body("message", containsString(PublishFixture.OTHER_AREA));
        given().auth().oauth2(planner).queryParam("scope", PublishFixture.STREET).get("/api/v1/exports/buildings")
                .then().statusCode(403);
        given().auth().oauth2(planner).queryParam("scope", AREA).get("/api/v1/exports/buildings").then().statusCode(200);
        given().auth().oauth2(ADMIN).queryParam("scope", "370871009").get("/api/v1/exports/buildings")
                .then().statusCode(404);
        given().auth().oauth2(ADMIN).queryParam("scope", "3708710").get("/api/v1/exports/buildings")
                .then().statusCode(400).body("message", startsWith("query parameter 'scope'"));
        given().auth().oauth2(ADMIN).queryParam("scope", AREA).queryParam("format", "kml").get("/api/v1/exports/buildings")
                .then().statusCode(400).body("message", startsWith("query parameter 'format'"));
        given().auth().oauth2(ADMIN).queryParam("scope", AREA).queryParam("crs", "3857").get("/api/v1/exports/buildings")
                .then().statusCode(400).body("message", startsWith("query parameter 'crs'"));
        given().auth().oauth2(ADMIN).queryParam("scope", AREA).queryParam("format", "shp").get("/api/v1/exports/issues")
                .then().statusCode(400).body("message", containsString("Shapefile"));
        given().auth().oauth2(ADMIN).queryParam("scope", AREA).get("/api/v1/exports/people")
                .then().statusCode(400).body("message", startsWith("unknown layer 'people'"));
    }
}
