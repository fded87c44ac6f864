package cn.jining.census.collect;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class ProgressReportIT {

    private static final String A2 = "370970001001-A-02";
    private static final String A3 = "370970001001-A-03";

    @Inject
    DataSource dataSource;

    CollectFixture fixture;

    @BeforeEach
    void load() throws Exception {
        fixture = new CollectFixture(dataSource).load();
    }

    private static String send(String token, Map<String, Object> report) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(report)
                .when().post("/api/v1/app/reports").then().statusCode(200).extract().asString();
    }

    @Test
    void reportSentTwiceIsAnsweredTheSameAndCountsOnce() throws Exception {
        String id = CollectFixture.newReportId();
        Map<String, Object> report = CollectFixture.report(id, CollectFixture.SUBAREA_A, CollectFixture.BUILDING_A1,
                "已登记", 9, "2020-11-03T09:15:00+08:00");
        String first = send(CollectFixture.enumeratorA(), report);
        String second = send(CollectFixture.enumeratorA(), report);
        assertEquals(first, second);
        assertEquals("applied", JsonPath.from(first).getString("outcome"));
        assertEquals("1", fixture.value("SELECT count(*) FROM progress_report WHERE report_id = ?", id));
        assertEquals("registered 9", fixture.value(
                "SELECT status || ' ' || households FROM building_progress WHERE bid = ? AND report_id = ?",
                CollectFixture.BUILDING_A1, id));
    }

    @Test
    void olderReportArrivingLaterIsKeptAsAVisibleConflict() throws Exception {
        String newer = CollectFixture.newReportId();
        String older = CollectFixture.newReportId();
        send(CollectFixture.enumeratorA(), CollectFixture.report(newer, CollectFixture.SUBAREA_A, A2, "registered", 10,
                "2020-11-05T10:00:00+08:00"));
        String receipt = send(CollectFixture.enumeratorA(), CollectFixture.report(older, CollectFixture.SUBAREA_A, A2,
                "vacant", 0, "2020-11-05T09:00:00+08:00"));
        assertEquals("conflict", JsonPath.from(receipt).getString("outcome"));
        assertEquals(newer, JsonPath.from(receipt).getString("conflictsWith"));
        // the state stays with the newer report, and the conflict is shown beside it
        given().auth().oauth2(CollectFixture.enumeratorA()).when().get("/api/v1/app/buildings/" + A2)
                .then().statusCode(200).body("progress.status", equalTo("registered")).body("progress.label", equalTo("已登记"))
                .body("progress.households", equalTo(10)).body("progress.conflicts", equalTo(1));
        given().auth().oauth2(CollectFixture.supervisor()).queryParam("subarea", CollectFixture.SUBAREA_A)
                .queryParam("conflicts", true).when().get("/api/v1/app/reports")
                .then().statusCode(200).body("report.reportId", contains(older)).body("label", contains("空户"));
    }

    @Test
    void supervisorAppliesOrDismissesAConflictOnceWithAReason() throws Exception {
        String b2 = "370970001001-B-02";
        String b3 = "370970001001-B-03";
        // device times before those of the progress page's test, whose reports then apply over these
        String state = CollectFixture.newReportId();
        String conflict = CollectFixture.newReportId();
        send(CollectFixture.enumeratorB(), CollectFixture.report(state, CollectFixture.SUBAREA_B, b2, "registered", 6,
                "2020-11-02T10:00:00+08:00"));
        send(CollectFixture.enumeratorB(), CollectFixture.report(conflict, CollectFixture.SUBAREA_B, b2, "vacant", 0,
                "2020-11-02T09:00:00+08:00"));
        // only a supervisor or an administrator decides, with a reason, about a conflict
        resolve(CollectFixture.enumeratorB(), conflict, "apply", "入户核实").statusCode(403);
        resolve(CollectFixture.supervisor(), conflict, "apply", " ").statusCode(400).body("message", containsString("reason"));
        resolve(CollectFixture.supervisor(), state, "apply", "入户核实").statusCode(409).body("message", containsString("applied"));
        resolve(CollectFixture.supervisor(), conflict, "apply", "入户核实：该户已搬离")
                .statusCode(200).body("decision.decision", equalTo("apply")).body("decision.resolvedBy", equalTo("collect-supervisor"))
                .body("state.reportId", equalTo(conflict)).body("state.status", equalTo("vacant")).body("state.conflicts", equalTo(0));
        assertEquals("vacant 0 0", fixture.value("SELECT status || ' ' || households || ' ' || conflicts FROM building_progress"
                + " WHERE subarea_code = ? AND bid = ?", CollectFixture.SUBAREA_B, b2));
        assertEquals(state + " " + conflict, fixture.value("SELECT (before->>'report') || ' ' || (after->>'report') FROM edit_log"
                + " WHERE entity = 'progress_report' AND entity_key = ? AND action = 'resolve-report:apply'", conflict));
        resolve(CollectFixture.supervisor(), conflict, "dismiss", "再次处理").statusCode(409).body("message", containsString("decided already"));
        given().auth().oauth2(CollectFixture.supervisor()).queryParam("subarea", CollectFixture.SUBAREA_B)
                .queryParam("conflicts", true).when().get("/api/v1/app/reports")
                .then().statusCode(200).body("report.resolution.decision", contains("apply"));

        // dismissed: the state stays; applying is refused once a third report changed the state
        String kept = CollectFixture.newReportId();
        String dismissed = CollectFixture.newReportId();
        String stale = CollectFixture.newReportId();
        send(CollectFixture.enumeratorB(), CollectFixture.report(kept, CollectFixture.SUBAREA_B, b3, "registered", 4,
                "2020-11-03T10:00:00+08:00"));
        send(CollectFixture.enumeratorB(), CollectFixture.report(dismissed, CollectFixture.SUBAREA_B, b3, "refused", 0,
                "2020-11-03T09:00:00+08:00"));
        send(CollectFixture.enumeratorB(), CollectFixture.report(stale, CollectFixture.SUBAREA_B, b3, "vacant", 0,
                "2020-11-03T08:00:00+08:00"));
        resolve(CollectFixture.supervisor(), dismissed, "dismiss", "误报").statusCode(200)
                .body("state.reportId", equalTo(kept)).body("state.conflicts", equalTo(1));
        String newest = CollectFixture.newReportId();
        send(CollectFixture.enumeratorB(), CollectFixture.report(newest, CollectFixture.SUBAREA_B, b3, "registered", 5,
                "2020-11-03T11:00:00+08:00"));
        resolve(CollectFixture.supervisor(), stale, "apply", "入户核实").statusCode(409).body("message", containsString(newest));
        assertEquals(newest + " 1", fixture.value("SELECT report_id || ' ' || conflicts FROM building_progress"
                + " WHERE subarea_code = ? AND bid = ?", CollectFixture.SUBAREA_B, b3));
    }

    /**
     * A conflict sent for a building that an edit has registered in another subarea since is listed
     * and decided where the building is now, by a supervisor of that place.
     */
    @Test
    void aConflictOfABuildingAnEditMovedIsDecidedWhereTheBuildingIsNow() throws Exception {
        // the one building of the fixture no other test reports on; it ends as it began, not visited
        String d4 = "370970002001-D-04";
        String subareaD = "370970002001002";
        String enumeratorD = CollectFixture.personToken("collect-enum-d", "enumerator", subareaD);
        String state = CollectFixture.newReportId();
        String conflict = CollectFixture.newReportId();
        send(enumeratorD, CollectFixture.report(state, subareaD, d4, "registered", 3, "2020-11-04T10:00:00+08:00"));
        assertEquals("conflict", JsonPath.from(send(enumeratorD, CollectFixture.report(conflict, subareaD, d4, "pending", 0,
                "2020-11-04T09:00:00+08:00"))).getString("outcome"));
        String supervisorOfCd = CollectFixture.personToken("collect-supervisor-cd", "supervisor", "370970002001");
        moveRegistration(d4, subareaD, CollectFixture.SUBAREA_A);
        try {
            given().auth().oauth2(CollectFixture.supervisor()).queryParam("subarea", CollectFixture.SUBAREA_A)
                    .queryParam("conflicts", true).when().get("/api/v1/app/reports")
                    .then().statusCode(200).body("report.reportId", hasItem(conflict));
            resolve(supervisorOfCd, conflict, "apply", "入户核实").statusCode(403)
                    .body("message", containsString("subarea " + CollectFixture.SUBAREA_A));
            resolve(CollectFixture.supervisor(), conflict, "apply", "入户核实：尚未入户").statusCode(200)
                    .body("state.subareaCode", equalTo(CollectFixture.SUBAREA_A)).body("state.reportId", equalTo(conflict))
                    .body("state.conflicts", equalTo(0));
            assertEquals(conflict + " pending 0", fixture.value("SELECT report_id || ' ' || status || ' ' || conflicts"
                    + " FROM building_progress WHERE subarea_code = ? AND bid = ?", CollectFixture.SUBAREA_A, d4));
        } finally {
            moveRegistration(d4, CollectFixture.SUBAREA_A, subareaD);
        }
    }

    /** Registers a building, and its progress, in another subarea, as a planner's edit does. */
    private void moveRegistration(String bid, String from, String to) throws Exception {
        assertEquals(1, sql("UPDATE subarea_building SET subarea_code = ?, street_code = left(?, 9) WHERE bid = ? AND subarea_code = ?",
                to, to, bid, from));
        assertEquals(1, sql("UPDATE building_progress SET subarea_code = ? WHERE bid = ? AND subarea_code = ?", to, bid, from));
    }

    private int sql(String statement, String... parameters) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setString(i + 1, parameters[i]);
            }
            return q.executeUpdate();
        }
    }

    private static io.restassured.response.ValidatableResponse resolve(String token, String report, String decision, String reason) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("decision", decision, "reason", reason))
                .when().post("/api/v1/app/reports/" + report + "/resolution").then();
    }

    @Test
    void sameDeviceTimeWithOtherContentIsAConflictAndNewerReportApplies() throws Exception {
        String base = CollectFixture.newReportId();
        send(CollectFixture.enumeratorA(), CollectFixture.report(base, CollectFixture.SUBAREA_A, A3, "pending", 0,
                "2020-11-06T08:00:00Z"));
        assertEquals("conflict", JsonPath.from(send(CollectFixture.enumeratorA(), CollectFixture.report(
                CollectFixture.newReportId(), CollectFixture.SUBAREA_A, A3, "refused", 0, "2020-11-06T08:00:00Z"))).getString("outcome"));
        assertEquals("same", JsonPath.from(send(CollectFixture.enumeratorA(), CollectFixture.report(
                CollectFixture.newReportId(), CollectFixture.SUBAREA_A, A3, "待访", 0, "2020-11-06T08:00:00Z"))).getString("outcome"));
        String later = CollectFixture.newReportId();
        assertEquals("applied", JsonPath.from(send(CollectFixture.enumeratorA(), CollectFixture.report(
                later, CollectFixture.SUBAREA_A, A3, "registered", 7, "2020-11-06T16:00:00Z"))).getString("outcome"));
        assertEquals(later, fixture.value("SELECT report_id FROM building_progress WHERE bid = ?", A3));
    }

    @Test
    void batchIsStoredWholeWithReceiptsInOrder() throws Exception {
        List<Map<String, Object>> reports = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String id = CollectFixture.newReportId();
            ids.add(id);
            reports.add(CollectFixture.report(id, CollectFixture.SUBAREA_C, "370970002001-C-0" + (1 + i % 4), "registered",
                    i % 20, String.format("2020-11-07T%02d:%02d:00+08:00", 8 + i / 60, i % 60)));
        }
        reports.add(reports.get(5)); // a retry inside the batch
        given().auth().oauth2(CollectFixture.enumeratorC()).contentType(ContentType.JSON).body(Map.of("reports", reports))
                .when().post("/api/v1/app/reports/batch")
                .then().statusCode(200).body("receipts", hasSize(301))
                .body("receipts[0].reportId", equalTo(ids.get(0))).body("receipts[299].reportId", equalTo(ids.get(299)))
                .body("receipts[300].reportId", equalTo(ids.get(5)));
        assertEquals("300", fixture.value("SELECT count(*) FROM progress_report WHERE report_id = ANY (?)",
                (Object) ids.toArray(String[]::new)));
    }

    @Test
    void oneBadReportRefusesTheBatchNamingItAndStoresNothing() throws Exception {
        List<Map<String, Object>> reports = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = CollectFixture.newReportId();
            ids.add(id);
            reports.add(CollectFixture.report(id, CollectFixture.SUBAREA_A, CollectFixture.BUILDING_A1, "registered", 3,
                    "2020-11-08T10:00:00+08:00"));
        }
        reports.get(2).put("status", "done");
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON).body(Map.of("reports", reports))
                .when().post("/api/v1/app/reports/batch")
                .then().statusCode(400).body("message", containsString("reports[2].status"));
        reports.get(2).put("status", "registered");
        reports.get(3).put("subarea", CollectFixture.SUBAREA_B);
        reports.get(3).put("bid", CollectFixture.BUILDING_B1);
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON).body(Map.of("reports", reports))
                .when().post("/api/v1/app/reports/batch")
                .then().statusCode(403).body("message", containsString("reports[3].subarea"));
        reports.get(3).put("subarea", CollectFixture.SUBAREA_A);
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON).body(Map.of("reports", reports))
                .when().post("/api/v1/app/reports/batch")
                .then().statusCode(404).body("message", containsString("reports[3].bid"));
        reports.get(3).put("bid", CollectFixture.BUILDING_A1);
        reports.get(1).put("surveyor", "someone");
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON).body(Map.of("reports", reports))
                .when().post("/api/v1/app/reports/batch")
                .then().statusCode(400).body("message", containsString("reports[1].surveyor"));
        assertEquals("0", fixture.value("SELECT count(*) FROM progress_report WHERE report_id = ANY (?)",
                (Object) ids.toArray(String[]::new)));
    }

    /** Four phones retrying the same 200 reports at once, in different orders: each stored once, answered alike. */
    @Test
    void concurrentRetriesStoreEveryReportOnceWithOneReceipt() throws Exception {
        List<Map<String, Object>> reports = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            reports.add(CollectFixture.report(CollectFixture.newReportId(), CollectFixture.SUBAREA_C,
                    "370970002001-C-0" + (1 + i % 4), i % 3 == 0 ? "vacant" : "registered", i % 3 == 0 ? 0 : 5,
                    String.format("2020-11-09T%02d:%02d:00+08:00", 8 + i / 60, i % 60)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Map<String, String>>> phones = new ArrayList<>();
        for (int phone = 0; phone < 4; phone++) {
            List<Map<String, Object>> order = new ArrayList<>(reports);
            Collections.shuffle(order, new Random(phone));
            phones.add(pool.submit(() -> {
                Map<String, String> receipts = new HashMap<>();
                for (int from = 0; from < order.size(); from += 50) {
                    List<Map<String, Object>> batch = order.subList(from, from + 50);
                    JsonPath answer = given().auth().oauth2(CollectFixture.enumeratorC()).contentType(ContentType.JSON)
                            .body(Map.of("reports", batch)).when().post("/api/v1/app/reports/batch")
                            .then().statusCode(200).extract().jsonPath();
                    List<Map<String, Object>> got = answer.getList("receipts");
                    for (Map<String, Object> r : got) {
                        receipts.put((String) r.get("reportId"), r.toString());
                    }
                }
                return receipts;
            }));
        }
        Map<String, String> first = phones.get(0).get();
        for (Future<Map<String, String>> phone : phones) {
            assertEquals(first, phone.get(), "every phone gets the same receipt for the same report");
        }
        pool.shutdown();
        String[] ids = reports.stream().map(r -> (String) r.get("id")).toArray(String[]::new);
        assertEquals("200", fixture.value("SELECT count(*) FROM progress_report WHERE report_id = ANY (?)", (Object) ids));
    }
}
