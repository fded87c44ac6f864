package cn.jining.census.check;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import cn.jining.census.store.CoverageStore;

/**
 * The whole bundled district delineated automatically through the API, then checked at every
 * level: the subarea level reports no gap, overlap, part outside, orphan building or unmatched
 * edge; a hairline planted afterwards makes one unmatched-edge issue whose fix snaps it away and
 * moves the versions a planner's edit is checked against,
 * and applying every suggested fix leaves a clean check. Geometries, subareas and issues are put
 * back afterwards, for the tests that follow.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DelineatedCoverageIT {

    private static final String DISTRICT = "370871";
    /** Kinds that break 不重不漏 at the subarea level or leave a building without its one subarea. */
    private static final Set<String> COVERAGE_BREAKS = Set.of("gap", "overlap", "duplicate", "outside_parent", "sliver",
            "invalid_geometry", "building_outside", "building_in_two", "unregistered_households", "registered_elsewhere",
            "check_failed");

    @Inject
    DataSource dataSource;

    @Inject
    CoverageStore store;

    private final Map<String, byte[]> original = new LinkedHashMap<>();

    @Test
    @Order(0)
    void wholeDistrictIsDelineated() throws SQLException {
        original.putAll(CoverageFixture.outlines(dataSource, DISTRICT));
        for (String street : column("SELECT code FROM street WHERE district_code = ? ORDER BY code", DISTRICT)) {
            given().auth().oauth2(CoverageFixture.ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("scope", street, "accept", true, "replace", true))
                    .when().post("/api/v1/delineations")
                    .then().statusCode(200).body("areas.status", everyItem(equalTo("accepted")));
        }
        assertEquals(123, column("SELECT DISTINCT area_code FROM subarea WHERE left(area_code, 6) = ?", DISTRICT).size());
    }

    @Test
    @Order(1)
    void subareaLevelReportsNoGapOverlapOrOrphanBuildingAtAnyScope() throws SQLException {
        List<String> scopes = new ArrayList<>(List.of(DISTRICT));
        scopes.addAll(column("SELECT code FROM street WHERE district_code = ? ORDER BY code", DISTRICT));
        scopes.addAll(column("SELECT code FROM area WHERE left(code, 6) = ? ORDER BY code", DISTRICT));
        for (String scope : scopes) {
            List<Map<String, Object>> issues = issues(scope);
            if (scope.equals(DISTRICT)) {
                System.out.println("district " + DISTRICT + " after delineation: " + countsByLevelAndKind(issues));
            }
            for (Map<String, Object> i : issues) {
                boolean subareaLevel = ((String) i.get("parent")).length() == 12;
                assertFalse(subareaLevel && COVERAGE_BREAKS.contains(i.get("kind")),
                        () -> "scope " + scope + ": " + i.get("kind") + " " + i.get("message"));
            }
            Map<String, Long> mismatchesPerArea = new TreeMap<>();
            issues.stream().filter(i -> "unmatched_edge".equals(i.get("kind")) && ((String) i.get("parent")).length() == 12)
                    .forEach(i -> mismatchesPerArea.merge((String) i.get("parent"), 1L, Long::sum));
            assertTrue(mismatchesPerArea.isEmpty(), () -> "delineated subareas that miss their neighbours' or their"
                    + " area's edge: " + mismatchesPerArea);
        }
    }

    @Test
    @Order(2)
    void outOfBandSubareasWhoseReasonWasRecordedAreInformation() throws SQLException {
        List<String> explained = column("SELECT code FROM subarea WHERE left(area_code, 6) = ? AND exception IS NOT NULL"
                + " AND NOT virtual AND vertical_of IS NULL AND (households < 80 OR households > 100)", DISTRICT);
        assertFalse(explained.isEmpty(), "the delineation explains some subarea outside the band");
        for (Map<String, Object> i : issues(DISTRICT)) {
            @SuppressWarnings("unchecked")
            List<String> codes = (List<String>) i.get("codes");
            if ("households_out_of_band".equals(i.get("kind")) && explained.contains(codes.get(0))) {
                assertEquals("info", i.get("severity"), () -> i.get("message").toString());
                assertTrue(((String) i.get("message")).contains("原因"), () -> i.get("message").toString());
            }
        }
    }

    @Test
    @Order(3)
    void planningOnTheStateBeforeAFixGets409() throws SQLException {
        // delineation leaves no hairline: plant one as an edit in a desktop GIS would, a subarea
        // shifted 0.4 mm against its area and its neighbours
        String shifted = column("""
                SELECT s.code FROM subarea s
                 WHERE left(s.area_code, 6) = ? AND NOT s.virtual AND s.vertical_of IS NULL
                   AND EXISTS (SELECT 1 FROM subarea t WHERE t.area_code = s.area_code AND t.code <> s.code
                                  AND NOT t.virtual AND t.vertical_of IS NULL AND ST_Relate(s.geom, t.geom, '****1****'))
                 ORDER BY s.code LIMIT 1""", DISTRICT).get(0);
        column("UPDATE subarea SET geom = ST_Translate(geom, 0.0004, 0) WHERE code = ? RETURNING code", shifted);
        String area = shifted.substring(0, 12);
        Map<String, Object> mismatch = issues(area).stream()
                .filter(i -> "unmatched_edge".equals(i.get("kind")) && area.equals(i.get("parent")))
                .findFirst().orElseThrow(() -> new AssertionError("no unmatched edge after shifting " + shifted));
        Map<String, Long> seen = versions(area);
        long areaVersion = Long.parseLong(column("SELECT version FROM area_delineation WHERE area_code = ?", area).get(0));
        List<String> changed = given().auth().oauth2(CoverageFixture.ADMIN)
                .when().post("/api/v1/coverage/issues/" + mismatch.get("id") + "/fix")
                .then().statusCode(200).extract().path("changed");
        List<String> changedSubareas = changed.stream().filter(c -> c.startsWith(area)).toList();
        assertFalse(changedSubareas.isEmpty(), "the snap moved some subarea of " + area);
        Map<String, Long> now = versions(area);
        changedSubareas.forEach(c -> assertNotEquals(seen.get(c), now.get(c), c + " kept its version"));
        assertNotEquals(areaVersion, Long.parseLong(column("SELECT version FROM area_delineation WHERE area_code = ?", area).get(0)));
        assertEquals(changedSubareas.size(), Integer.parseInt(column("""
                SELECT count(*) FROM edit_log WHERE action = 'coverage-fix:snap_children' AND entity = 'subarea'
                   AND entity_key = ANY (?)""", (Object) changedSubareas.toArray(String[]::new)).get(0)));

        List<String> pair = adjacentPair(changedSubareas.get(0));
        given().auth().oauth2(CoverageFixture.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("with", pair.get(1), "versions", Map.of(pair.get(0), seen.get(pair.get(0)), pair.get(1),
                        seen.get(pair.get(1)))))
                .when().post("/api/v1/subareas/" + pair.get(0) + "/merge")
                .then().statusCode(409).body("message", containsString("version"));
    }

    @Test
    @Order(4)
    void applyingEverySuggestedFixLeavesACleanCheck() {
        for (int round = 0; round < 4; round++) {
            List<Map<String, Object>> fixable = issues(DISTRICT).stream()
                    .filter(i -> i.get("fix") != null && "open".equals(i.get("status"))).toList();
            if (fixable.isEmpty()) {
                break;
            }
            for (Map<String, Object> i : fixable) {
                // an earlier fix may have repaired this one too or changed it (409: no longer found;
                // 404: the re-check after that fix recorded it anew): the next round sees it as it is
                int status = given().auth().oauth2(CoverageFixture.ADMIN)
                        .when().post("/api/v1/coverage/issues/" + i.get("id") + "/fix").then().extract().statusCode();
                assertTrue(status == 200 || status == 409 || status == 404, () -> "fix of " + i.get("message") + ": " + status);
            }
        }
        List<Map<String, Object>> left = issues(DISTRICT);
        System.out.println("district " + DISTRICT + " after every fix: " + countsByLevelAndKind(left));
        for (Map<String, Object> i : left) {
            assertEquals(null, i.get("fix"), () -> "still fixable: " + i.get("message"));
            assertFalse(COVERAGE_BREAKS.contains(i.get("kind")) || "unmatched_edge".equals(i.get("kind"))
                    || "building_cut".equals(i.get("kind")), () -> "left: " + i.get("kind") + " " + i.get("message"));
        }
    }

    @Test
    @Order(5)
    void aFixThatMovesABuildingsPlaceMovesItsRegistration() throws Exception {
        String[] pick = buildingNextToANeighbour();
        String from = pick[0];
        String to = pick[1];
        String bid = pick[2];
        int households = Integer.parseInt(pick[3]);
        Map<String, String> before = households(from, to);
        giveTheBuildingsPlaceAway(from, to, bid);

        assertEquals(List.of(to), column("SELECT subarea_code FROM subarea_building WHERE bid = ?", bid));
        Map<String, String> after = households(from, to);
        assertEquals(Integer.parseInt(before.get(from)) - households, Integer.parseInt(after.get(from)));
        assertEquals(Integer.parseInt(before.get(to)) + households, Integer.parseInt(after.get(to)));
        assertEquals(List.of(from + " " + to), column("""
                SELECT (before->>'subarea') || ' ' || (after->>'subarea') FROM edit_log
                 WHERE entity = 'building' AND entity_key = ? AND action = 'coverage-fix:move_part'""", bid));
        String area = from.substring(0, 12);
        assertFalse(issues(area).stream().anyMatch(i -> "registered_elsewhere".equals(i.get("kind"))),
                "the building's registration followed it");
    }

    @Test
    @Order(6)
    void theAreasUndoTakesAFixBack() throws Exception {
        String[] pick = buildingNextToANeighbour();
        String from = pick[0];
        String to = pick[1];
        String bid = pick[2];
        String area = from.substring(0, 12);
        String outlines = "SELECT string_agg(code || ':' || md5(ST_AsBinary(geom)), ',' ORDER BY code) FROM subarea WHERE area_code = ?";
        List<String> before = column(outlines, area);
        Map<String, String> householdsBefore = households(from, to);
        giveTheBuildingsPlaceAway(from, to, bid);
        assertEquals(List.of(to), column("SELECT subarea_code FROM subarea_building WHERE bid = ?", bid));

        given().auth().oauth2(CoverageFixture.ADMIN).contentType("application/json").body("{\"reason\": \"试验：撤销修复\"}")
                .when().post("/api/v1/areas/" + area + "/undo").then().statusCode(200);

        assertEquals(before, column(outlines, area), "every subarea of the area is back as it was before the fix");
        assertEquals(List.of(from), column("SELECT subarea_code FROM subarea_building WHERE bid = ?", bid));
        assertEquals(householdsBefore, households(from, to));
    }

    /** Subarea, neighbour, bid and households of the building of a subarea nearest to a neighbour, registered only there. */
    private String[] buildingNextToANeighbour() throws SQLException {
        return column("""
                SELECT s.code || '|' || t.code || '|' || b.bid || '|' || sb.households FROM subarea s
                  JOIN subarea t ON t.area_code = s.area_code AND t.code <> s.code AND NOT t.virtual AND t.vertical_of IS NULL
                                AND ST_Relate(s.geom, t.geom, '****1****')
                  JOIN subarea_building sb ON sb.subarea_code = s.code
                  JOIN building b ON b.bid = sb.bid AND ST_Within(b.geom, s.geom)
                 WHERE left(s.area_code, 6) = ? AND NOT s.virtual AND s.vertical_of IS NULL AND sb.households > 0
                   AND (SELECT count(*) FROM subarea_building o WHERE o.bid = b.bid) = 1
                 ORDER BY ST_Distance(b.geom, t.geom), b.bid LIMIT 1""", DISTRICT).get(0).split("\\|");
    }

    /** A fix giving a piece around the building from its subarea to the neighbour, as a coverage fix is applied. */
    private void giveTheBuildingsPlaceAway(String from, String to, String bid) throws Exception {
        Geometry piece = wkb(column("SELECT encode(ST_AsBinary(ST_Buffer(ST_Envelope(geom), 0.5)), 'hex') FROM building WHERE bid = ?",
                bid).get(0));
        Envelope region = piece.getEnvelopeInternal();
        region.expandBy(1);
        store.editGeometries(region, 1e-6, "planner-test", "coverage-fix:move_part", "试验：把建筑物所在的一块移给相邻小区",
                current -> Map.of(from, current.get(from).difference(piece), to, current.get(to).union(piece)));
    }

    private Map<String, String> households(String... codes) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        for (String code : codes) {
            out.put(code, column("SELECT households::text FROM subarea WHERE code = ?", code).get(0));
        }
        return out;
    }

    private static Geometry wkb(String hex) throws ParseException {
        return new WKBReader().read(WKBReader.hexToBytes(hex));
    }

    @AfterAll
    void putTheDistrictBack() throws SQLException {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("""
                    DELETE FROM subarea WHERE area_code LIKE '370871%';
                    DELETE FROM area_state WHERE area_code LIKE '370871%';
                    DELETE FROM area_delineation WHERE area_code LIKE '370871%';
                    DELETE FROM coverage_issue WHERE left(parent_code, 6) = '370871';
                    """);
        }
        CoverageFixture.restoreOutlines(dataSource, original);
    }

    private static List<Map<String, Object>> issues(String scope) {
        return given().auth().oauth2(CoverageFixture.ADMIN).when().get("/api/v1/coverage?scope=" + scope)
                .then().statusCode(200).extract().path("issues");
    }

    /** "parent level / kind / severity" → count, for the log of what a check found. */
    private static Map<String, Integer> countsByLevelAndKind(List<Map<String, Object>> issues) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Map<String, Object> i : issues) {
            String level = switch (((String) i.get("parent")).length()) {
                case 6 -> "streets";
                case 9 -> "areas";
                default -> "subareas";
            };
            counts.merge(level + "/" + i.get("kind") + "/" + i.get("severity"), 1, Integer::sum);
        }
        return counts;
    }

    private Map<String, Long> versions(String area) throws SQLException {
        Map<String, Long> versions = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT code, version FROM subarea WHERE area_code = ?")) {
            s.setString(1, area);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return versions;
    }

    /** The subarea and one neighbour sharing an edge with it in its area. */
    private List<String> adjacentPair(String subarea) throws SQLException {
        List<String> neighbours = column("""
                SELECT t.code FROM subarea s JOIN subarea t ON t.area_code = s.area_code AND t.code <> s.code
                 WHERE s.code = ? AND NOT t.virtual AND t.vertical_of IS NULL AND ST_Relate(s.geom, t.geom, '****1****')
                 ORDER BY t.code""", subarea);
        assertFalse(neighbours.isEmpty(), subarea + " has a neighbour");
        return List.of(subarea, neighbours.get(0));
    }

    private List<String> column(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int k = 0; k < parameters.length; k++) {
                if (parameters[k] instanceof String[] array) {
                    s.setArray(k + 1, c.createArrayOf("text", array));
                } else {
                    s.setObject(k + 1, parameters[k]);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (rs.next()) {
                    values.add(rs.getString(1).strip());
                }
                return values;
            }
        }
    }
}
