package cn.jining.census.delineate;

import static cn.jining.census.delineate.EditFixture.ADMIN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Planner edits through the API on the bundled delivery, each checked in PostGIS to leave the
 * area tiled: split, merge, undo, stale versions, refused edits, named versions and the edit log.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EditIT {

    /** 前苏村: a village of houses, where straight lines between houses are easy to find. */
    private static final String AREA = "370871003210";

    @Inject
    DataSource dataSource;

    private EditFixture db;

    @BeforeEach
    void acceptTheArea() {
        db = new EditFixture(dataSource);
        EditFixture.accept(AREA);
    }

    private io.restassured.response.ValidatableResponse post(String path, Map<String, Object> body) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    @Test
    void splitAlongALineBetweenHousesMakesANewSubareaAndKeepsTheTiling() throws Exception {
        String code = AREA + "001";
        String line = db.splitLine(code, 0);
        assertNotNull(line, "a line between houses across " + code);
        int before = db.versions(AREA).size();
        post("/api/v1/subareas/" + code + "/split", Map.of("line", new com.fasterxml.jackson.databind.ObjectMapper().readTree(line),
                "versions", Map.of(code, db.versions(AREA).get(code)), "reason", "以村道为界"))
                .statusCode(200).body("changed", hasItem(code)).body("features.features.size()", equalTo(before + 1));
        assertEquals(before + 1, db.versions(AREA).size());
        assertEquals(List.of(), db.tilingProblems(AREA));
        assertEquals("以村道为界", db.value("SELECT reason FROM edit_log WHERE entity_key = ? AND action = 'split' ORDER BY id DESC LIMIT 1", AREA));
    }

    @Test
    void lineThroughABuildingIsRefusedWith422AndChangesNothing() throws Exception {
        String code = AREA + "001";
        String through = db.value("""
                SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_MakeLine(
                         ST_MakePoint(ST_XMin(s.geom) - 5, ST_Y(ST_Centroid(b.geom))),
                         ST_MakePoint(ST_XMax(s.geom) + 5, ST_Y(ST_Centroid(b.geom)))), 4548), 4326), 9)
                  FROM subarea s JOIN subarea_building sb ON sb.subarea_code = s.code JOIN building b ON b.bid = sb.bid
                 WHERE s.code = ? LIMIT 1
                """, code);
        Map<String, Long> versions = db.versions(AREA);
        post("/api/v1/subareas/" + code + "/split", Map.of("line", new com.fasterxml.jackson.databind.ObjectMapper().readTree(through),
                "versions", Map.of(code, versions.get(code))))
                .statusCode(422).body("message", containsString("建筑"));
        assertEquals(versions, db.versions(AREA));
    }

    @Test
    void mergeThenUndoBringsBothSubareasBack() throws Exception {
        List<String> pair = db.adjacentPairs(AREA).get(0);
        Map<String, Long> versions = db.versions(AREA);
        post("/api/v1/subareas/" + pair.get(0) + "/merge", Map.of("with", pair.get(1),
                "versions", Map.of(pair.get(0), versions.get(pair.get(0)), pair.get(1), versions.get(pair.get(1)))))
                .statusCode(200).body("deleted", hasItem(pair.get(1)));
        assertEquals(versions.size() - 1, db.versions(AREA).size());
        assertEquals(List.of(), db.tilingProblems(AREA));
        post("/api/v1/areas/" + AREA + "/undo", Map.of("reason", "合并有误")).statusCode(200);
        assertEquals(versions.keySet(), db.versions(AREA).keySet());
        assertEquals(List.of(), db.tilingProblems(AREA));
        given().auth().oauth2(ADMIN).when().get("/api/v1/areas/" + AREA + "/edits").then().statusCode(200)
                .body("action", hasItem("merge")).body("action", hasItem("undo")).body("actor", hasItem("admin"))
                .body("[0].before", containsString(pair.get(0)));
    }

    @Test
    void progressOfABuildingFollowsItWhenAMergeMovesItAndBackOnUndo() throws Exception {
        List<String> pair = db.adjacentPairs(AREA).get(0);
        String bid = db.value("SELECT bid FROM subarea_building WHERE subarea_code = ? ORDER BY bid LIMIT 1", pair.get(1));
        String report = progress(pair.get(1), bid);
        Map<String, Long> versions = db.versions(AREA);
        post("/api/v1/subareas/" + pair.get(0) + "/merge", Map.of("with", pair.get(1),
                "versions", Map.of(pair.get(0), versions.get(pair.get(0)), pair.get(1), versions.get(pair.get(1)))))
                .statusCode(200);
        assertEquals(pair.get(0), db.value("SELECT subarea_code FROM building_progress WHERE report_id = ?", report));
        post("/api/v1/areas/" + AREA + "/undo", Map.of("reason", "合并有误")).statusCode(200);
        assertEquals(pair.get(1), db.value("SELECT subarea_code FROM building_progress WHERE report_id = ?", report));
        db.execute("DELETE FROM building_progress WHERE report_id = ?", report);
    }

    @Test
    void mergeRewritesTheSiZhiOfTheNeighboursThatNamedTheMergedSubarea() throws Exception {
        // a pair (kept, absorbed) and a third subarea whose 四至 names the absorbed one
        List<String> pair = null;
        String neighbour = null;
        for (List<String> p : db.adjacentPairs(AREA)) {
            neighbour = db.value("""
                    SELECT code FROM subarea WHERE area_code = ? AND code NOT IN (?, ?)
                       AND sizhi->>'text' LIKE '%第' || substr(?, 13) || '普查小区%' LIMIT 1
                    """, AREA, p.get(0), p.get(1), p.get(1));
            if (neighbour != null) {
                pair = p;
                break;
            }
        }
        assertNotNull(neighbour, "a subarea of " + AREA + " whose 四至 names a neighbouring subarea");
        Map<String, Long> versions = db.versions(AREA);
        post("/api/v1/subareas/" + pair.get(0) + "/merge", Map.of("with", pair.get(1),
                "versions", Map.of(pair.get(0), versions.get(pair.get(0)), pair.get(1), versions.get(pair.get(1)))))
                .statusCode(200).body("changed", hasItem(neighbour));
        assertEquals(List.of(), db.namedSubareasNotBordering(AREA));
        assertNotEquals(versions.get(neighbour), db.versions(AREA).get(neighbour), "the neighbour was written anew");
    }

    @Test
    void movingOneTowerOfAFloorLayerAwayIsRefusedAndChangesNothing() throws Exception {
        // 崇文社区: high-rise estates, where towers share floor layers
        String compound = "370871002007";
        EditFixture.accept(compound);
        List<List<String>> candidates = db.rows("""
                SELECT v.vertical_of, n.code, vb.bid
                  FROM subarea v
                  JOIN subarea_building vb ON vb.subarea_code = v.code
                  JOIN building b ON b.bid = vb.bid
                  JOIN subarea x ON x.code = v.vertical_of
                  JOIN subarea n ON n.area_code = x.area_code AND n.code <> x.code AND NOT n.virtual
                                AND n.vertical_of IS NULL AND ST_Length(ST_Intersection(ST_Boundary(x.geom), ST_Boundary(n.geom))) > 1
                 WHERE v.area_code = ? AND (SELECT count(*) FROM subarea_building c WHERE c.subarea_code = v.code) > 1
                 ORDER BY ST_Distance(b.geom, n.geom), vb.bid LIMIT 1
                """, compound);
        assertFalse(candidates.isEmpty(), "a floor layer over several towers in " + compound);
        List<String> move = candidates.get(0);
        Map<String, Long> versions = db.versions(compound);
        post("/api/v1/subareas/" + move.get(0) + "/move", Map.of("to", move.get(1), "bid", move.get(2),
                "versions", Map.of(move.get(0), versions.get(move.get(0)), move.get(1), versions.get(move.get(1)))))
                .statusCode(422).body("message", containsString("竖向普查小区"));
        assertEquals(versions, db.versions(compound));
    }

    @Test
    void editMadeOnAStaleVersionGets409() throws Exception {
        List<String> pair = db.adjacentPairs(AREA).get(0);
        Map<String, Long> seen = db.versions(AREA);
        String code = pair.get(0);
        String line = db.splitLine(code, 0);
        post("/api/v1/subareas/" + code + "/split", Map.of("line", new com.fasterxml.jackson.databind.ObjectMapper().readTree(line),
                "versions", Map.of(code, seen.get(code)))).statusCode(200);
        // a second planner still holds the versions read before the split
        post("/api/v1/subareas/" + pair.get(0) + "/merge", Map.of("with", pair.get(1),
                "versions", Map.of(pair.get(0), seen.get(pair.get(0)), pair.get(1), seen.get(pair.get(1)))))
                .statusCode(409).body("message", containsString("version"));
    }

    @Test
    void renumberingRefusesToGiveAnAssignedSubareasCodeToAnotherPlace() throws Exception {
        // a split numbers the new subarea last, so that renumbering in serpentine order moves codes
        String code = AREA + "001";
        String line = db.splitLine(code, 0);
        post("/api/v1/subareas/" + code + "/split", Map.of("line", new com.fasterxml.jackson.databind.ObjectMapper().readTree(line),
                "versions", Map.of(code, db.versions(AREA).get(code)))).statusCode(200);
        Map<String, Long> before = db.versions(AREA);
        db.execute("INSERT INTO person (person_id, name, role, street_code) VALUES ('renumber-e1', '测试普查员', 'enumerator', ?)",
                AREA.substring(0, 9));
        try {
            for (String subarea : before.keySet()) {
                db.execute("INSERT INTO enumerator_assignment (subarea_code, person_id, street_code, assigned_by)"
                        + " VALUES (?, 'renumber-e1', ?, 'test')", subarea, AREA.substring(0, 9));
            }
            post("/api/v1/areas/" + AREA + "/renumber", Map.of("version", areaVersion(), "reason", "重新编号"))
                    .statusCode(409).body("message", containsString("1 名普查员"));
            assertEquals(before, db.versions(AREA), "nothing changed");

            db.execute("DELETE FROM enumerator_assignment WHERE person_id = 'renumber-e1'");
            // progress is no reason to refuse: it follows its buildings to their new numbers
            String newest = db.value("SELECT max(code) FROM subarea WHERE area_code = ?", AREA);
            String bid = db.value("SELECT min(bid) FROM subarea_building WHERE subarea_code = ?", newest);
            String report = progress(newest, bid);
            Map<String, String> places = outlines();
            post("/api/v1/areas/" + AREA + "/renumber", Map.of("version", areaVersion(), "reason", "重新编号")).statusCode(200);
            assertNotEquals(before, db.versions(AREA), "renumbered");
            assertEquals(db.value("SELECT subarea_code FROM subarea_building WHERE bid = ?", bid),
                    db.value("SELECT subarea_code FROM building_progress WHERE report_id = ?", report));
            db.execute("DELETE FROM building_progress WHERE report_id = ?", report);
            // once someone works under a new number, undoing the renumbering would move them too
            Map<String, String> renumbered = outlines();
            String assigned = renumbered.keySet().stream().filter(c -> !renumbered.get(c).equals(places.get(c))).findFirst()
                    .orElseThrow(() -> new AssertionError("the renumbering gave no code another place"));
            db.execute("INSERT INTO enumerator_assignment (subarea_code, person_id, street_code, assigned_by)"
                    + " VALUES (?, 'renumber-e1', ?, 'test')", assigned, AREA.substring(0, 9));
            post("/api/v1/areas/" + AREA + "/undo", Map.of("reason", "撤销编号")).statusCode(409)
                    .body("message", containsString(assigned));
        } finally {
            db.execute("DELETE FROM enumerator_assignment WHERE person_id = 'renumber-e1'");
            db.execute("DELETE FROM person WHERE person_id = 'renumber-e1'");
        }
    }

    /** A building's progress state as a phone's report makes it; answers the report's id. */
    private String progress(String subarea, String bid) throws SQLException {
        String report = "edit-it-" + System.nanoTime();
        db.execute("""
                INSERT INTO progress_report (report_id, subarea_code, bid, street_code, status, households, device_time,
                                             reported_by, outcome)
                VALUES (?, ?, ?, left(?, 9), 'registered', 3, '2020-11-02T10:00:00+08:00', 'edit-it', 'applied')
                """, report, subarea, bid, subarea);
        db.execute("""
                INSERT INTO building_progress (subarea_code, bid, street_code, report_id, status, households, device_time)
                VALUES (?, ?, left(?, 9), ?, 'registered', 3, '2020-11-02T10:00:00+08:00')
                """, subarea, bid, subarea, report);
        return report;
    }

    /** Subarea code → a digest of its outline. */
    private Map<String, String> outlines() throws SQLException {
        Map<String, String> outlines = new java.util.TreeMap<>();
        for (List<String> row : db.rows("SELECT code, md5(ST_AsBinary(geom)) FROM subarea WHERE area_code = ? AND geom IS NOT NULL", AREA)) {
            outlines.put(row.get(0), row.get(1));
        }
        return outlines;
    }

    private long areaVersion() throws SQLException {
        return Long.parseLong(db.value("SELECT version FROM area_delineation WHERE area_code = ?", AREA));
    }

    @Test
    void namedVersionsListDiffAndRestore() throws Exception {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("name", "摸底版-" + System.nanoTime()))
                .when().post("/api/v1/areas/" + AREA + "/versions").then().statusCode(201);
        long id = given().auth().oauth2(ADMIN).when().get("/api/v1/areas/" + AREA + "/versions")
                .then().statusCode(200).extract().jsonPath().getLong("[-1].id");
        Map<String, Long> before = db.versions(AREA);
        List<String> pair = db.adjacentPairs(AREA).get(0);
        post("/api/v1/subareas/" + pair.get(0) + "/merge", Map.of("with", pair.get(1),
                "versions", Map.of(pair.get(0), before.get(pair.get(0)), pair.get(1), before.get(pair.get(1)))))
                .statusCode(200);
        given().auth().oauth2(ADMIN).when().get("/api/v1/areas/" + AREA + "/versions/diff?from=" + id)
                .then().statusCode(200).body("subareas.code", hasItem(pair.get(1)))
                .body("buildings.size()", greaterThan(0)).body("householdsMoved", greaterThan(0));
        post("/api/v1/areas/" + AREA + "/versions/" + id + "/restore", Map.of("reason", "回到摸底版")).statusCode(200);
        assertEquals(before.keySet(), db.versions(AREA).keySet());
        assertEquals(List.of(), db.tilingProblems(AREA));
        given().auth().oauth2(ADMIN).when().get("/api/v1/areas/" + AREA + "/versions/diff?from=" + id)
                .then().statusCode(200).body("subareas.size()", equalTo(0));
    }

    @Test
    void plannerOfAnotherStreetMayNotEdit() {
        String token = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", "planner-ed1", "displayName", "规划 二", "role", "planner", "scopes", List.of("370871001")))
                .when().post("/api/v1/users").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reason", "x"))
                .when().post("/api/v1/areas/" + AREA + "/undo").then().statusCode(403);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("with", AREA + "002", "versions", Map.of()))
                .when().post("/api/v1/subareas/" + AREA + "001/merge").then().statusCode(403).body(not(containsString("Exception")));
    }

    @AfterAll
    void leaveTheDistrictAsLoaded() throws SQLException {
        new EditFixture(dataSource).forgetSubareas();
    }
}
