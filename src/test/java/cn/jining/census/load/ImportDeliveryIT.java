package cn.jining.census.load;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.jining.census.security.TokenHash;
import cn.jining.census.store.NamedStatement;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * Imports through {@code POST /api/v1/imports} against the real PostGIS. Each test uses a
 * district code of its own (3709xx), never the bundled district, and removes its rows after.
 */
@QuarkusTest
class ImportDeliveryIT {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    private static final List<String> DATA_TABLES = List.of("street", "area", "road", "water", "landuse", "building",
            "household_record", "district");

    @Inject
    DataSource dataSource;

    @TempDir
    Path dir;

    private final List<String> districts = new ArrayList<>();

    @AfterEach
    void removeTestDistricts() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (String d : districts) {
                for (String table : List.of("subarea_building", "subarea", "household_record", "building", "road", "water",
                        "landuse", "area", "street")) {
                    try (NamedStatement q = NamedStatement.prepare(c,
                            "DELETE FROM " + table + " WHERE left(street_code, 6) = :d")) {
                        q.set("d", d);
                        q.statement().executeUpdate();
                    }
                }
                try (NamedStatement q = NamedStatement.prepare(c, "DELETE FROM district WHERE code = :d")) {
                    q.set("d", d);
                    q.statement().executeUpdate();
                }
            }
        }
    }

    private String district(String code) {
        districts.add(code);
        return code;
    }

    // ---- accepted deliveries

    @Test
    void cleanSmallDeliveryIsAcceptedAndCountsMatch() throws Exception {
        String d = district("370991");
        Path gpkg = DeliveryFixture.clean(d, 991_000).writeGeoPackage(dir.resolve("clean.gpkg"), DeliveryFixture.Crs.EPSG_4548);

        JsonPath report = post(gpkg, null).statusCode(200)
                .body("accepted", equalTo(true))
                .body("rejected", hasSize(0))
                .body("importId", notNullValue())
                .extract().jsonPath();
        assertEquals(Map.of("street", 2, "area", 3, "road", 2, "water", 1, "landuse", 2, "building", 4),
                report.getMap("counts"));
        assertEquals(List.of("street=2", "area=3", "road=2", "water=1", "landuse=2", "building=4"), rowCounts(d));

        // filed by largest overlap: B3 lies mostly in the second area, road 2 mostly in street 2
        assertEquals(d + "001 " + d + "001201", query("SELECT street_code || ' ' || area_code FROM building WHERE bid = '" + d + "-B3'"));
        assertEquals(d + "002", query("SELECT street_code FROM road WHERE fid = 991002"));
        assertEquals("24 24", query("SELECT households_estimate || ' ' || households FROM building WHERE bid = '" + d + "-B1'"));
        assertEquals("MULTIPOLYGON", query("SELECT upper(GeometryType(geom)) || '' FROM district WHERE code = '" + d + "'"));

        long importId = report.getLong("importId");
        assertEquals("admin clean.gpkg true 4548", query("SELECT actor || ' ' || source_name || ' ' || accepted || ' ' || declared_srid"
                + " FROM import_run WHERE id = " + importId));
        // the digest is computed beside the import and stored when it commits
        assertEquals(ImportDelivery.sha256(gpkg), query("SELECT sha256 FROM import_run WHERE id = " + importId));
        assertEquals("admin import delivery 4", query("SELECT actor || ' ' || action || ' ' || entity || ' ' || (after->>'building')"
                + " FROM edit_log WHERE entity = 'delivery' AND entity_key = '" + importId + "'"));
    }

    @Test
    void importingTheSameDeliveryTwiceLeavesIdenticalData() throws Exception {
        String d = district("370992");
        Path gpkg = DeliveryFixture.clean(d, 992_000).writeGeoPackage(dir.resolve("twice.gpkg"), DeliveryFixture.Crs.EPSG_4548);
        post(gpkg, null).statusCode(200);
        String first = districtChecksum(d);
        post(gpkg, null).statusCode(200);
        assertEquals(first, districtChecksum(d));
        assertEquals(List.of("street=2", "area=3", "road=2", "water=1", "landuse=2", "building=4"), rowCounts(d));
    }

    @Test
    void districtsDeliveredApartKeepTheirOwnFeaturesUnderTheSameFeatureIds() throws Exception {
        // each district's delivery numbers its features from 1, as a GeoPackage does
        String first = district("370983");
        String second = district("370984");
        post(DeliveryFixture.clean(first, 0).writeGeoPackage(dir.resolve("first.gpkg"), DeliveryFixture.Crs.EPSG_4548), null)
                .statusCode(200);
        post(DeliveryFixture.clean(second, 0).shiftedNorth(5000).writeGeoPackage(dir.resolve("second.gpkg"), DeliveryFixture.Crs.EPSG_4548),
                null).statusCode(200).body("accepted", equalTo(true));
        assertEquals(List.of("street=2", "area=3", "road=2", "water=1", "landuse=2", "building=4"), rowCounts(first));
        assertEquals(List.of("street=2", "area=3", "road=2", "water=1", "landuse=2", "building=4"), rowCounts(second));
        assertEquals(first + "002 " + second + "002", query("SELECT string_agg(street_code, ' ' ORDER BY street_code) FROM road"
                + " WHERE fid = 2 AND left(street_code, 6) IN ('" + first + "', '" + second + "')"));
        // to GIS clients each is a feature of its own: district and fid
        given().auth().oauth2(ADMIN_TOKEN).get("/ogc/collections/roads/items/" + second + "-2").then().statusCode(200)
                .body("id", equalTo(second + "-2"))
                .body("properties.street", equalTo(second + "002"));

        // a re-delivery of the first moves the first's road 1, not the second's
        post(DeliveryFixture.clean(first, 0).replace("road", "name", "科技路", "MULTILINESTRING ((520150 3990500, 520900 3990500))")
                .writeGeoPackage(dir.resolve("again.gpkg"), DeliveryFixture.Crs.EPSG_4548), null).statusCode(200);
        assertEquals(first + " 520150, " + second + " 520100", query("SELECT string_agg(left(street_code, 6) || ' ' || ST_XMin(geom)::int,"
                + " ', ' ORDER BY street_code) FROM road WHERE fid = 1 AND left(street_code, 6) IN ('" + first + "', '" + second + "')"));
        assertEquals(List.of("street=2", "area=3", "road=2", "water=1", "landuse=2", "building=4"), rowCounts(second));
    }

    @Test
    void redeliveryAfterDelineationUpdatesReferencedRowsInPlace() throws Exception {
        String d = district("370985");
        DeliveryFixture fixture = DeliveryFixture.clean(d, 985_000);
        post(fixture.writeGeoPackage(dir.resolve("first.gpkg"), DeliveryFixture.Crs.EPSG_4548), null).statusCode(200);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO subarea (code, area_code, street_code, households, geom)
                    SELECT code || '001', code, street_code, 30, geom FROM area WHERE code = '%1$s001001';
                    INSERT INTO subarea_building (subarea_code, bid, street_code, households)
                    VALUES ('%1$s001001001', '%1$s-B1', '%1$s001', 24);
                    """.formatted(d));
        }
        // subareas now refer to an area and a building: a corrected re-delivery moves another building
        Path second = DeliveryFixture.clean(d, 985_000)
                .replace("building", "bid", d + "-B2", DeliveryFixture.rect(520650, 3990150, 20, 10))
                .writeGeoPackage(dir.resolve("second.gpkg"), DeliveryFixture.Crs.EPSG_4548);
        post(second, null).statusCode(200);
        assertEquals("520650", query("SELECT ST_XMin(geom)::int::text FROM building WHERE bid = '" + d + "-B2'"));
        assertEquals("1", query("SELECT count(*)::text FROM subarea_building WHERE bid = '" + d + "-B1'"));

        // a re-delivery without the registered building keeps it, and says so
        Path withoutB1 = DeliveryFixture.clean(d, 985_000).without("building")
                .add("building", 985_002, DeliveryFixture.rect(520600, 3990100, 20, 10),
                        "bid", d + "-B2", "floors", 2L, "use", "商业", "households", 0L, "address", "一路2号")
                .writeGeoPackage(dir.resolve("third.gpkg"), DeliveryFixture.Crs.EPSG_4548);
        post(withoutB1, null).statusCode(200)
                .body("warnings", hasItem(startsWith("1 stored building rows missing from the delivery were kept")));
        assertEquals(List.of("street=2", "area=3", "road=2", "water=1", "landuse=2", "building=2"), rowCounts(d));
    }

    @Test
    void zonePrefixedAndLatitudeFirstDeliveriesLoadToTheSameCoordinates() throws Exception {
        String d = district("370993");
        DeliveryFixture fixture = DeliveryFixture.clean(d, 993_000);
        post(fixture.writeGeoPackage(dir.resolve("plain.gpkg"), DeliveryFixture.Crs.EPSG_4548), null).statusCode(200);
        String reference = vertices(d);

        post(fixture.writeGeoPackage(dir.resolve("prefixed.gpkg"), DeliveryFixture.Crs.EPSG_4527), null).statusCode(200);
        assertSameWithinOneMillimetre(reference, vertices(d));

        post(fixture.writeGeoPackage(dir.resolve("latfirst.gpkg"), DeliveryFixture.Crs.EPSG_4490_LAT_FIRST), null)
                .statusCode(200)
                .body("warnings", hasItem(containsString("latitude, longitude order")));
        assertSameWithinOneMillimetre(reference, vertices(d));
    }

    @Test
    void geoJsonZipAndSingleGeoJsonLayerLoad() throws Exception {
        String d = district("370995");
        DeliveryFixture fixture = DeliveryFixture.clean(d, 995_000);
        post(fixture.writeGeoJsonZip(dir.resolve("delivery.zip")), null).statusCode(200)
                .body("counts.building", equalTo(4)).body("counts.road", equalTo(2));

        // another district stored beside it must not attract the layer below
        String other = district("370987");
        DeliveryFixture.clean(other, 987_000).shiftedNorth(5_000).writeGeoJsonZip(dir.resolve("other.zip"));
        post(dir.resolve("other.zip"), null).statusCode(200);

        // one layer alone, without crs member: RFC 7946 longitude/latitude
        Path single = dir.resolve("building.geojson");
        Files.writeString(single, fixture.geoJson("building", false), StandardCharsets.UTF_8);
        post(single, null).statusCode(200).body("counts", equalTo(Map.of("building", 4)));
        assertEquals(List.of("street=2", "area=3", "road=2", "water=1", "landuse=2", "building=4"), rowCounts(d));
    }

    @Test
    void zippedShapefilesConvertedByGdalLoad() throws Exception {
        String d = district("370996");
        DeliveryFixture fixture = DeliveryFixture.clean(d, 996_000).without("road").without("water").without("landuse");
        Path shp = Files.createDirectory(dir.resolve("shp"));
        for (String layer : List.of("street", "area", "building")) {
            Path json = dir.resolve(layer + ".geojson");
            Files.writeString(json, fixture.geoJson(layer, true), StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8",
                    shp.resolve(layer + ".shp").toString(), json.toString()).inheritIO().start();
            assertEquals(0, p.waitFor(), "ogr2ogr failed for " + layer);
        }
        Path zip = dir.resolve("delivery-shp.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); var files = Files.list(shp)) {
            for (Path f : files.sorted().toList()) {
                out.putNextEntry(new ZipEntry("delivery/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        post(zip, null).statusCode(200)
                .body("counts", equalTo(Map.of("street", 2, "area", 3, "building", 4)));
        assertEquals("东社区", query("SELECT name FROM area WHERE code = '" + d + "001001'"));
    }

    @Test
    void zippedFileGeodatabaseConvertedByGdalLoads() throws Exception {
        String d = district("370988");
        DeliveryFixture fixture = DeliveryFixture.clean(d, 988_000);
        Path gdb = dir.resolve("delivery.gdb");
        for (String layer : List.of("street", "area", "road", "water", "landuse", "building")) {
            Path json = dir.resolve(layer + ".geojson");
            Files.writeString(json, fixture.geoJson(layer, true), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", "OpenFileGDB", "-nln", layer, "-preserve_fid"));
            if (Files.exists(gdb)) {
                command.add("-update");
            }
            command.addAll(List.of(gdb.toString(), json.toString()));
            Process p = new ProcessBuilder(command).inheritIO().start();
            assertEquals(0, p.waitFor(), "ogr2ogr failed for " + layer);
        }
        Path zip = dir.resolve("delivery-gdb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); var files = Files.list(gdb)) {
            for (Path f : files.sorted().toList()) {
                out.putNextEntry(new ZipEntry("delivery.gdb/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        post(zip, null).statusCode(200)
                .body("counts", equalTo(Map.of("street", 2, "area", 3, "road", 2, "water", 1, "landuse", 2, "building", 4)));
        assertEquals(d + "002", query("SELECT street_code FROM road WHERE fid = 988002"));
    }

    // ---- refused deliveries

    @Test
    void selfIntersectingAreaNanCoordinateAndLonLatDataAreRefusedAndNothingChanges() throws Exception {
        String d = district("370994");
        DeliveryFixture fixture = DeliveryFixture.clean(d, 994_000)
                .replace("area", "code", d + "002001",
                        "MULTIPOLYGON (((521000 3990000, 522000 3991000, 522000 3990000, 521000 3991000, 521000 3990000)))")
                .replace("building", "bid", d + "-B2",
                        "MULTIPOLYGON (((520600 3990100, NaN 3990100, 520620 3990110, 520600 3990110, 520600 3990100)))")
                .replace("landuse", "dlbm", "05H1",
                        "MULTIPOLYGON (((116.6 35.4, 116.601 35.4, 116.601 35.401, 116.6 35.401, 116.6 35.4)))");
        Path gpkg = fixture.writeGeoPackage(dir.resolve("bad.gpkg"), DeliveryFixture.Crs.EPSG_4548);
        String before = checksum();

        JsonPath report = post(gpkg, null).statusCode(422)
                .body("accepted", equalTo(false))
                .extract().jsonPath();
        List<Map<String, Object>> rejected = report.getList("rejected");
        assertTrue(rejected.size() >= 3, rejected::toString);
        Map<String, Object> area = find(rejected, "area", d + "002001");
        assertTrue(((String) area.get("reason")).contains("Self-intersection"), area::toString);
        assertEquals(List.of(521500.0f, 3990500.0f), area.get("location"));
        Map<String, Object> building = find(rejected, "building", d + "-B2");
        assertTrue(((String) building.get("reason")).contains("not a finite number"), building::toString);
        assertEquals(List.of(520600.0f, 3990100.0f), building.get("location"));
        Map<String, Object> landuse = find(rejected, "landuse", "fid 994002");
        assertTrue(((String) landuse.get("reason")).contains("coordinates look like EPSG:4490 longitude/latitude"), landuse::toString);
        assertEquals(List.of(116.6f, 35.4f), landuse.get("location"));

        assertEquals(before, checksum());
        assertEquals("false " + ImportDelivery.sha256(gpkg),
                query("SELECT accepted || ' ' || sha256 FROM import_run WHERE id = " + report.getLong("importId")));
    }

    @Test
    void partialModeStoresTheAcceptedFeaturesAndReportsTheOthers() throws Exception {
        String d = district("370997");
        DeliveryFixture fixture = DeliveryFixture.clean(d, 997_000)
                .replace("building", "bid", d + "-B2",
                        "MULTIPOLYGON (((520600 3990100, 520620 3990110, 520620 3990100, 520600 3990110, 520600 3990100)))")
                .add("building", 997_009, DeliveryFixture.rect(520700, 3990100, 10, 10),
                        "bid", d + "-B1", "floors", 1L, "use", "住宅", "households", 1L, "address", "");
        post(fixture.writeGeoPackage(dir.resolve("partial.gpkg"), DeliveryFixture.Crs.EPSG_4548), "partial").statusCode(200)
                .body("accepted", equalTo(true))
                .body("counts.building", equalTo(3))
                .body("rejected", hasSize(2))
                .body("rejected.id", equalTo(List.of(d + "-B2", d + "-B1")))
                .body("rejected[1].reason", equalTo("bid " + d + "-B1 is used twice: fid 997001 and fid 997009"));
        assertEquals(List.of("street=2", "area=3", "road=2", "water=1", "landuse=2", "building=3"), rowCounts(d));
    }

    @Test
    void deliveryDeclaringTheWrongZoneIsRefused() throws Exception {
        String d = district("370998");
        Path gpkg = DeliveryFixture.clean(d, 998_000).declare("building", 4549)
                .writeGeoPackage(dir.resolve("zone.gpkg"), DeliveryFixture.Crs.EPSG_4548);
        post(gpkg, null).statusCode(422)
                .body("rejected[0].layer", equalTo("building"))
                .body("rejected[0].reason", containsString("CM 120E, the wrong zone"));
        assertEquals(List.of("street=0", "area=0", "road=0", "water=0", "landuse=0", "building=0"), rowCounts(d));
    }

    @Test
    void streetOfAnotherDistrictIsRefused() throws Exception {
        String d = district("370986");
        Path gpkg = DeliveryFixture.clean(d, 986_000)
                .add("street", 986_009, DeliveryFixture.square(522000, 3990000, 1000), "code", "370985003", "name", "外街道")
                .writeGeoPackage(dir.resolve("two.gpkg"), DeliveryFixture.Crs.EPSG_4548);
        post(gpkg, null).statusCode(422)
                .body("rejected", hasSize(1))
                .body("rejected[0].id", equalTo("370985003"))
                .body("rejected[0].reason", startsWith("street code 370985003 is not in district 370986"));
    }

    @Test
    void buildingsAloneForADistrictWithoutAreasAreRefused() throws Exception {
        String d = district("370990");
        Path gpkg = DeliveryFixture.clean(d, 990_000).without("area")
                .writeGeoPackage(dir.resolve("noarea.gpkg"), DeliveryFixture.Crs.EPSG_4548);
        post(gpkg, null).statusCode(422)
                .body("rejected.reason", hasItem(containsString("no area layer and the database holds no census areas")));
    }

    // ---- household records

    @Test
    void householdCsvOverridesEstimatesAndReportsUnmatchedRows() throws Exception {
        String d = district("370989");
        DeliveryFixture fixture = DeliveryFixture.clean(d, 989_000);
        post(fixture.writeGeoPackage(dir.resolve("hh.gpkg"), DeliveryFixture.Crs.EPSG_4548), null).statusCode(200);
        // a point inside building B4 (521500..521530, 3990500..3990515), in longitude/latitude
        var inside = DeliveryFixture.toLonLat(DeliveryFixture.geometry("POINT (521515 3990507)"), false).getCoordinate();
        Path csv = dir.resolve("records.csv");
        Files.writeString(csv, """
                bid,lon,lat,households,persons,source
                %1$s-B1,,,30,85,公安户籍
                %1$s-B1,,,2,,公安户籍
                ,%2$s,%3$s,3,7,公安户籍
                NO-SUCH-BUILDING,,,4,9,公安户籍
                ,116.0,35.0,5,5,公安户籍
                """.formatted(d, inside.x, inside.y), StandardCharsets.UTF_8);

        for (int run = 0; run < 2; run++) {
            post(csv, null).statusCode(200)
                    .body("accepted", equalTo(true))
                    .body("counts.household_record", equalTo(3))
                    .body("rejected", hasSize(2))
                    .body("rejected[0].layer", equalTo("household_record"))
                    .body("rejected[0].id", equalTo("NO-SUCH-BUILDING"))
                    .body("rejected[1].id", equalTo("row 5"))
                    .body("rejected[1].location", equalTo(List.of(116.0f, 35.0f)));
            assertEquals("32 85 公安户籍 32", query("SELECT households_record || ' ' || persons_record || ' ' || record_source"
                    + " || ' ' || households FROM building WHERE bid = '" + d + "-B1'"));
            assertEquals("3 0", query("SELECT households || ' ' || households_estimate FROM building WHERE bid = '" + d + "-B4'"));
            assertEquals("3", query("SELECT count(*)::text FROM household_record WHERE left(street_code, 6) = '" + d + "'"));
        }

        // a corrected re-delivery keeps the records of the buildings it still has
        post(fixture.writeGeoPackage(dir.resolve("hh.gpkg"), DeliveryFixture.Crs.EPSG_4548), null).statusCode(200);
        assertEquals("32", query("SELECT households::text FROM building WHERE bid = '" + d + "-B1'"));
    }

    @Test
    void malformedHouseholdRowRefusesTheCsvUnlessPartial() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "bid,households,persons,source\nX-1,many,1,公安户籍\n", StandardCharsets.UTF_8);
        post(csv, null).statusCode(422)
                .body("rejected[0].id", equalTo("X-1"))
                .body("rejected[0].reason", startsWith("households 'many' is not a whole number"));
        post(csv, "partial").statusCode(200).body("counts.household_record", equalTo(0));
    }

    // ---- files and callers

    @Test
    void unknownFormatGets415AndBrokenGeoPackageGets400() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello, map\n");
        post(text, null).statusCode(415).body("accepted", equalTo(false));
        byte[] broken = "SQLite format 3\0 and then nothing useful".getBytes(StandardCharsets.ISO_8859_1);
        post(Files.write(dir.resolve("broken.gpkg"), broken), null).statusCode(400).body("accepted", equalTo(false));
    }

    @Test
    void importNeedsAnAdminToken() throws Exception {
        Path text = Files.writeString(dir.resolve("x.csv"), "bid,households,source\n");
        given().multiPart("file", text.toFile()).when().post("/api/v1/imports").then().statusCode(401);

        String token = "planner-token-of-the-load-tests-0123456789";
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO app_user (login, display_name, role) VALUES ('load-it-planner', '规划员', 'planner')
                    ON CONFLICT (login) DO NOTHING""");
            s.execute("""
                    INSERT INTO api_token (user_id, token_sha256, label)
                    SELECT id, '%s', 'load test' FROM app_user WHERE login = 'load-it-planner'
                    ON CONFLICT (token_sha256) DO NOTHING""".formatted(TokenHash.sha256(token)));
        }
        given().auth().oauth2(token).multiPart("file", text.toFile()).when().post("/api/v1/imports").then().statusCode(403);
    }

    @Test
    void divisionReferenceHoldsTheBundledDistrictList() throws Exception {
        long lines = Files.readAllLines(Path.of("map-data/divisions.csv")).stream().filter(l -> !l.isBlank()).count() - 1;
        assertEquals(Long.toString(lines), query("SELECT count(*)::text FROM division_reference WHERE left(code, 6) = '370871'"));
        assertEquals("济宁高新技术产业开发区", query("SELECT name FROM division_reference WHERE code = '370871'"));
    }

    // ---- helpers

    private static ValidatableResponse post(Path file, String mode) {
        var request = given().auth().oauth2(ADMIN_TOKEN).multiPart("file", file.toFile());
        if (mode != null) {
            request = request.queryParam("mode", mode);
        }
        return request.when().post("/api/v1/imports").then();
    }

    private static Map<String, Object> find(List<Map<String, Object>> rejected, String layer, String id) {
        return rejected.stream().filter(r -> layer.equals(r.get("layer")) && id.equals(r.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no rejection of " + layer + " " + id + " in " + rejected));
    }

    private List<String> rowCounts(String d) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String table : List.of("street", "area", "road", "water", "landuse", "building")) {
            out.add(table + "=" + query("SELECT count(*)::text FROM " + table + " WHERE left(street_code, 6) = '" + d + "'"));
        }
        return out;
    }

    /** A checksum of every data table, row by row, whatever district. */
    private String checksum() throws SQLException {
        StringBuilder all = new StringBuilder();
        for (String table : DATA_TABLES) {
            all.append(table).append('=').append(query(
                    "SELECT count(*) || ':' || coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '-') FROM "
                            + table + " t")).append(' ');
        }
        return all.toString();
    }

    /** A checksum of the district's rows without the import id, which differs between imports. */
    private String districtChecksum(String d) throws SQLException {
        StringBuilder all = new StringBuilder();
        for (String table : List.of("street", "area", "road", "water", "landuse", "building")) {
            all.append(query("SELECT md5(string_agg((to_jsonb(t) - 'import_id')::text, '|' ORDER BY (to_jsonb(t) - 'import_id')::text)) FROM "
                    + table + " t WHERE left(street_code, 6) = '" + d + "'")).append(' ');
        }
        return all.toString();
    }

    /** Every stored vertex of the district's buildings and areas, in a fixed order. */
    private String vertices(String d) throws SQLException {
        return query("""
                SELECT string_agg(ST_X(p.geom) || ' ' || ST_Y(p.geom), ',' ORDER BY k, p.path)
                  FROM (SELECT bid AS k, geom FROM building WHERE left(street_code, 6) = '%1$s'
                        UNION ALL SELECT code, geom FROM area WHERE left(street_code, 6) = '%1$s') f,
                       ST_DumpPoints(f.geom) p
                """.formatted(d));
    }

    private static void assertSameWithinOneMillimetre(String expected, String actual) {
        String[] e = expected.split(",");
        String[] a = actual.split(",");
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            String[] ex = e[i].split(" ");
            String[] ac = a[i].split(" ");
            assertEquals(Double.parseDouble(ex[0]), Double.parseDouble(ac[0]), 0.001, "x of vertex " + i);
            assertEquals(Double.parseDouble(ex[1]), Double.parseDouble(ac[1]), 0.001, "y of vertex " + i);
        }
        assertNotEquals(0, e.length);
    }

    private String query(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
