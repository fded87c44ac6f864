package cn.jining.census.delineate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Automatic delineation of the whole bundled district through the API, then checked in PostGIS
 * with its own functions, independently of the delineation code: tiling, buildings, contiguity,
 * codes, band and explanations.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DelineationIT {

    static final String ADMIN = "test-admin-token-0123456789abcdef";

    @Inject
    DataSource dataSource;

    @Test
    @Order(0)
    void wholeDistrictIsDelineatedAndAcceptedStreetByStreet() throws SQLException {
        List<String> streets = column("SELECT code FROM street WHERE code LIKE '370871%' ORDER BY code");
        assertEquals(5, streets.size(), "the bundled delivery is loaded");
        long start = System.nanoTime();
        for (String street : streets) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("scope", street, "accept", true, "replace", true))
                    .when().post("/api/v1/delineations")
                    .then().statusCode(200).body("areas.status", everyItem(equalTo("accepted")));
        }
        System.out.printf("delineated and stored the district in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private List<String> column(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private double number(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getDouble(1);
        }
    }

    // Every query looks at the bundled district 370871 alone: other tests add small districts of
    // their own (some, such as the collection app's, for good: progress reports are never deleted).

    /** Subareas of the bundled district that tile their area: neither vertical parts nor virtual. */
    private static final String TILES = "(SELECT * FROM subarea WHERE NOT virtual AND vertical_of IS NULL AND code LIKE '370871%')";

    @Test
    @Order(1)
    void everyAreaIsTiledWithoutGap() throws SQLException {
        // the union of an area's subareas equals the area up to the 1 mm grid the blocks are drawn on
        List<String> bad = column("""
                SELECT a.code || ' differs by ' || round(ST_Area(ST_SymDifference(u.geom, a.geom))::numeric, 4) || ' m²'
                  FROM (SELECT * FROM area WHERE code LIKE '370871%%') a
                  LEFT JOIN (SELECT area_code, ST_Union(geom) AS geom FROM %s t GROUP BY area_code) u ON u.area_code = a.code
                 WHERE u.geom IS NULL
                    OR ST_Area(ST_SymDifference(u.geom, a.geom)) > 0.002 * ST_Perimeter(a.geom)
                    OR ST_HausdorffDistance(u.geom, a.geom) > 0.002
                """.formatted(TILES));
        assertTrue(bad.isEmpty(), bad.toString());
    }

    @Test
    @Order(2)
    void noTwoSubareasOverlap() throws SQLException {
        List<String> overlaps = column("""
                SELECT s.code || ' × ' || t.code
                  FROM %1$s s JOIN %1$s t ON s.area_code = t.area_code AND s.code < t.code AND s.geom && t.geom
                 WHERE ST_Relate(s.geom, t.geom, '2********')
                """.formatted(TILES));
        assertTrue(overlaps.isEmpty(), overlaps.toString());
    }

    @Test
    @Order(2)
    void subareasMeetTheirAreaEdgeExactlyAndShareEveryVertexWithTheirNeighbours() throws SQLException {
        // the coverage check's subarea level: no hairline gap or overlap along the area's edge
        List<String> offEdge = column("""
                SELECT a.code || ' differs by ' || ST_Area(ST_SymDifference(u.geom, a.geom)) || ' m²'
                  FROM (SELECT * FROM area WHERE code LIKE '370871%%') a
                  JOIN (SELECT area_code, ST_Union(geom) AS geom FROM %s t GROUP BY area_code) u ON u.area_code = a.code
                 WHERE ST_Area(ST_SymDifference(u.geom, a.geom)) > 1e-6
                """.formatted(TILES));
        assertTrue(offEdge.isEmpty(), offEdge.size() + " areas: " + offEdge);
        List<String> lostAreaVertices = column("""
                WITH tile_vertex AS (SELECT DISTINCT t.area_code, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
                                       FROM %s t, ST_DumpPoints(t.geom) d),
                     area_vertex AS (SELECT a.code, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
                                       FROM (SELECT * FROM area WHERE code LIKE '370871%%') a, ST_DumpPoints(a.geom) d
                                      WHERE a.code IN (SELECT area_code FROM tile_vertex))
                SELECT v.code || ' (' || v.x || ' ' || v.y || ')'
                  FROM area_vertex v
                  LEFT JOIN tile_vertex t ON t.area_code = v.code AND t.x = v.x AND t.y = v.y
                 WHERE t.area_code IS NULL
                """.formatted(TILES));
        assertTrue(lostAreaVertices.isEmpty(), lostAreaVertices.size() + " area vertices on no subarea, such as " + lostAreaVertices.stream().limit(10).toList());
        // a vertex on a neighbour's edge must be one of the neighbour's vertices too (a vertex a
        // millimetre beside it is a near miss of two grid points, with land of its own between)
        List<String> oneSided = column("""
                WITH tile AS (SELECT code, area_code, geom, ST_Boundary(geom) AS edge FROM %s t),
                     tile_vertex AS (SELECT DISTINCT t.code, t.area_code, d.geom, ST_X(d.geom) AS x, ST_Y(d.geom) AS y
                                       FROM tile t, ST_DumpPoints(t.geom) d),
                     on_neighbour AS (SELECT v.code, n.code AS neighbour, v.x, v.y
                                        FROM tile_vertex v
                                        JOIN tile n ON n.area_code = v.area_code AND n.code <> v.code
                                                   AND ST_DWithin(n.edge, v.geom, 1e-9))
                SELECT o.code || ' (' || o.x || ' ' || o.y || ') not on ' || o.neighbour
                  FROM on_neighbour o
                  LEFT JOIN tile_vertex m ON m.code = o.neighbour AND m.x = o.x AND m.y = o.y
                 WHERE m.code IS NULL
                """.formatted(TILES));
        assertTrue(oneSided.isEmpty(), oneSided.size() + " vertices on one side only, such as " + oneSided.stream().limit(10).toList());
    }

    @Test
    @Order(3)
    void everyBuildingIsInExactlyOneSubareaExceptVerticalSplits() throws SQLException {
        assertEquals(0, number("""
                SELECT count(*) FROM (SELECT * FROM building WHERE street_code LIKE '370871%') b
                  LEFT JOIN (SELECT sb.bid, count(*) AS n
                               FROM subarea_building sb JOIN subarea s ON s.code = sb.subarea_code
                              WHERE s.vertical_of IS NULL GROUP BY sb.bid) r ON r.bid = b.bid
                 WHERE coalesce(r.n, 0) <> 1
                """), "buildings registered in no subarea, or in two");
        // and where it is registered is where it stands, unless it was reported as cut by a line
        List<String> misplaced = column("""
                WITH cut AS (SELECT c->>'bid' AS bid FROM area_delineation, jsonb_array_elements(cut_buildings) c)
                SELECT b.bid FROM (SELECT * FROM building WHERE street_code LIKE '370871%') b
                  JOIN subarea_building sb ON sb.bid = b.bid
                  JOIN subarea s ON s.code = sb.subarea_code AND NOT s.virtual AND s.vertical_of IS NULL
                 WHERE NOT ST_Intersects(s.geom, ST_PointOnSurface(b.geom))
                   AND b.bid NOT IN (SELECT bid FROM cut)
                """);
        assertTrue(misplaced.isEmpty(), misplaced.toString());
        // a vertical part repeats the footprints of its buildings (one split high-rise, or the
        // towers of a subarea divided by floors), each registered in the subarea it names
        assertEquals(0, number("""
                SELECT count(*) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') v
                 WHERE v.vertical_of IS NOT NULL
                   AND NOT coalesce(ST_Equals(v.geom, (SELECT ST_Union(b.geom) FROM subarea_building vb
                                                        JOIN building b ON b.bid = vb.bid WHERE vb.subarea_code = v.code)), false)
                """), "vertical parts whose geometry is not the footprints of their buildings");
        assertEquals(0, number("""
                SELECT count(*) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') v
                  JOIN subarea_building vb ON vb.subarea_code = v.code
                 WHERE v.vertical_of IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM subarea_building bb WHERE bb.subarea_code = v.vertical_of AND bb.bid = vb.bid)
                """), "vertical parts holding floors of a building their base subarea does not register");
    }

    @Test
    @Order(4)
    void everySubareaIsOnePieceOfLand() throws SQLException {
        assertEquals(0, number("SELECT count(*) FROM " + TILES + " t WHERE ST_NumGeometries(geom) <> 1 OR NOT ST_IsValid(geom)"));
    }

    @Test
    @Order(5)
    void codesAreUniqueWellFormedAndNumberedFrom001() throws SQLException {
        assertEquals(0, number("""
                SELECT count(*) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') subarea
                 WHERE code !~ '^[0-9]{15}$' OR substr(code, 1, 12) <> area_code
                    OR virtual <> (substr(code, 13, 3) >= '900')
                    OR (vertical_of IS NOT NULL AND substr(vertical_of, 1, 12) <> area_code)
                """));
        // numbered subareas run 001, 002, … without a hole in every area
        assertEquals(0, number("""
                SELECT count(*) FROM (
                  SELECT area_code, count(*) AS n, max(substr(code, 13)::int) AS last
                    FROM (SELECT * FROM subarea WHERE code LIKE '370871%') subarea WHERE NOT virtual GROUP BY area_code) x
                 WHERE n <> last
                """));
        assertEquals(number("SELECT count(*) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') subarea"), number("SELECT count(DISTINCT code) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') subarea"));
    }

    @Test
    @Order(6)
    void householdsAreNeitherLostNorCountedTwice() throws SQLException {
        assertEquals(number("SELECT sum(households) FROM building WHERE area_code LIKE '370871%'"),
                number("SELECT sum(households) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') subarea"));
        assertEquals(0, number("""
                SELECT count(*) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') s
                 WHERE s.households <> (SELECT coalesce(sum(households), 0) FROM subarea_building WHERE subarea_code = s.code)
                    OR s.households > 999
                """));
    }

    /** Share of numbered subareas inside the band in villages (村委会), or with NOT in the others. */
    private static final String BAND_SHARE = """
            SELECT avg((s.households BETWEEN 80 AND 100)::int) FROM (SELECT * FROM subarea WHERE code LIKE '370871%%') s JOIN area a ON a.code = s.area_code
             WHERE NOT s.virtual AND %s (a.name LIKE '%%村委会')
            """;

    @Test
    @Order(7)
    void mostSubareasAreInsideTheBandAndEveryOtherIsExplained() throws SQLException {
        double share = number("SELECT avg((households BETWEEN 80 AND 100)::int) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') subarea WHERE NOT virtual");
        System.out.printf("%.1f %% of numbered subareas inside 80–100 households (villages %.1f %%, communities %.1f %%)%n",
                100 * share, 100 * number(BAND_SHARE.formatted("")), 100 * number(BAND_SHARE.formatted("NOT")));
        assertTrue(share >= 0.9, "share inside the band " + share);
        assertEquals(0, number("""
                SELECT count(*) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') subarea
                 WHERE NOT virtual AND households NOT BETWEEN 80 AND 100 AND coalesce(exception, '') = ''
                """), "subareas outside the band without a reason");
    }

    @Test
    @Order(8)
    void demolitionZoneBecomesAVirtualSubareaFrom900() throws SQLException {
        // the planted demolition zone of 柳行村 still registers households (338 estimated, records may
        // change that): those of the buildings standing mostly inside it
        double registered = number("""
                SELECT sum(b.households) FROM (SELECT * FROM building WHERE street_code LIKE '370871%') b
                  JOIN landuse l ON l.dlmc LIKE '%拆迁%' AND ST_Intersects(l.geom, b.geom)
                 WHERE b.area_code = '370871002200' AND ST_Area(ST_Intersection(l.geom, b.geom)) >= 0.5 * ST_Area(b.geom)
                """);
        assertTrue(registered >= 300, "the zone holds its village's households: " + registered);
        assertEquals(registered, number("SELECT sum(households) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') subarea WHERE virtual AND area_code = '370871002200'"));
        assertEquals(0, number("SELECT count(*) FROM (SELECT * FROM subarea WHERE code LIKE '370871%') subarea WHERE virtual AND geom IS NOT NULL"));
    }

    @Test
    @Order(9)
    void theHighRiseOf1056HouseholdsIsSplitVertically() throws SQLException {
        assertTrue(number("""
                SELECT count(*) FROM subarea_building sb JOIN subarea s ON s.code = sb.subarea_code
                 WHERE sb.bid = '370871002007-00068' AND s.vertical_of IS NOT NULL
                """) >= 10);
    }

    @Test
    @Order(10)
    void subareasComeBackAsGeoJsonWithTheContractFields() {
        given().auth().oauth2(ADMIN).when().get("/api/v1/subareas?area=370871001001")
                .then().statusCode(200).contentType(containsString("geo+json"))
                .body("type", equalTo("FeatureCollection"))
                .body("features.size()", greaterThan(0))
                .body("features[0].properties", hasKey("code")).body("features[0].properties", hasKey("households"))
                .body("features[0].properties", hasKey("virtual")).body("features[0].properties", hasKey("sizhi"))
                .body("features[0].properties", hasKey("version")).body("features[0].properties", hasKey("sources"))
                .body("features[0].properties.sizhi", containsString("东至"))
                .body("features[0].geometry.coordinates[0][0][0][0]", greaterThan(116f));
    }

    @Test
    @Order(11)
    void reAcceptingAnAreaWithoutReplaceIsRefusedAndKeepsTheWork() throws SQLException {
        double before = number("SELECT version FROM area_delineation WHERE area_code = '370871001001'");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("scope", "370871001001", "accept", true))
                .when().post("/api/v1/delineations").then().statusCode(409).body(containsString("replace"));
        assertEquals(before, number("SELECT version FROM area_delineation WHERE area_code = '370871001001'"));
    }

    @Test
    @Order(12)
    void plannersDelineateOnlyTheirStreets() {
        String token = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", "planner-dl1", "displayName", "规划 一", "role", "planner", "scopes", List.of("370871001")))
                .when().post("/api/v1/users").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("scope", "370871001001", "accept", false))
                .when().post("/api/v1/delineations").then().statusCode(200).body("areas[0].status", equalTo("proposed"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("scope", "370871002", "accept", false))
                .when().post("/api/v1/delineations").then().statusCode(403);
        given().auth().oauth2(token).when().get("/api/v1/subareas?area=370871002007").then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("scope", "370871001999", "accept", false))
                .when().post("/api/v1/delineations").then().statusCode(404);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("scope", "37087100", "accept", false))
                .when().post("/api/v1/delineations").then().statusCode(400).body(containsString("scope"));
    }

    @Test
    @Order(13)
    void theCoverageCheckFindsEveryBuildingOnceAndNoSubareaOverTheLimit() {
        // the check stage's own reading of vertical parts and floor layers, on the street of 崇文社区
        List<String> kinds = given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=370871002")
                .then().statusCode(200).extract().jsonPath().getList("issues.kind", String.class);
        for (String kind : List.of("building_in_two", "unregistered_households", "households_over_999", "code_malformed",
                "code_duplicate")) {
            assertTrue(!kinds.contains(kind), kind + " among " + kinds);
        }
    }

    @AfterAll
    void leaveTheDistrictAsLoaded() throws SQLException {
        new EditFixture(dataSource).forgetSubareas();
    }
}
