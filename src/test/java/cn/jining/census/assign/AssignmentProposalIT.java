package cn.jining.census.assign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Acceptance on the bundled delivery: delineated street by street through the API, given a
 * roster of about one enumerator per two subareas and one supervisor per three areas (homes
 * spread over the areas), the proposal for the district gives every subarea an enumerator and
 * every area a supervisor and reports the workload spread; replacing a person who drops out
 * previews exactly their units moving, and applies just that.
 */
@QuarkusTest
class AssignmentProposalIT {

    private static final String ADMIN = RosterFixture.ADMIN;
    private static final String PREFIX = "PIT";
    private static final String DISTRICT = "370871";

    @Inject
    DataSource dataSource;

    @AfterEach
    void removeRosterAndLeaveTheDistrictAsLoaded() throws SQLException {
        RosterFixture.remove(dataSource, PREFIX);
        for (String street : RosterFixture.strings(dataSource, "SELECT code FROM street WHERE code LIKE ? || '%'", DISTRICT)) {
            RosterFixture.forgetDelineation(dataSource, street);
        }
    }

    /** One enumerator per two subareas and one supervisor per three areas of every street. */
    private String roster() throws SQLException {
        StringJoiner csv = new StringJoiner("\n", "id,name,role,street,home_area\n", "\n");
        for (String street : RosterFixture.strings(dataSource, "SELECT code FROM street WHERE code LIKE ? || '%' ORDER BY code", DISTRICT)) {
            List<String> areas = RosterFixture.areas(dataSource, street);
            int enumerators = (RosterFixture.subareas(dataSource, street).size() + 1) / 2;
            for (int i = 0; i < enumerators; i++) {
                csv.add("PIT-E%s-%03d,普查员%s%d,普查员,%s,%s".formatted(street, i, street.substring(6), i, street,
                        areas.get(i % areas.size())));
            }
            for (int i = 0; i < (areas.size() + 2) / 3; i++) {
                csv.add("PIT-S%s-%03d,指导员%s%d,普查指导员,%s,%s".formatted(street, i, street.substring(6), i, street,
                        areas.get(3 * i)));
            }
        }
        return csv.toString();
    }

    @Test
    void proposalForTheDistrictStaffsEverySubareaAndAreaAndReportsTheSpread() throws SQLException {
        for (String street : List.of("370871001", "370871002", "370871003", "370871004", "370871005")) {
            RosterFixture.delineated(street);
        }
        assertEquals(200, RosterFixture.importRoster(roster()));
        List<String> subareas = RosterFixture.subareas(dataSource, DISTRICT);
        List<String> areas = RosterFixture.areas(dataSource, DISTRICT);

        JsonPath proposal = given().auth().oauth2(ADMIN).when().post("/api/v1/assignments/proposals?scope=" + DISTRICT)
                .then().statusCode(201)
                .body("kind", equalTo("balance"))
                .body("unassigned", hasSize(0))
                .extract().jsonPath();
        List<String> enumerated = proposal.getList("changes.findAll { it.kind == 'enumerator' }.code");
        List<String> supervised = proposal.getList("changes.findAll { it.kind == 'supervisor' }.code");
        assertEquals(subareas, enumerated.stream().sorted().toList());
        assertEquals(areas, supervised.stream().sorted().toList());
        // previewed, not applied
        assertEquals(0, RosterFixture.strings(dataSource,
                "SELECT subarea_code FROM enumerator_assignment WHERE person_id LIKE ? || '%'", PREFIX).size());

        int enumerators = proposal.getInt("after.enumerators");
        double min = proposal.getDouble("after.min");
        double max = proposal.getDouble("after.max");
        double mean = proposal.getDouble("after.mean");
        double std = proposal.getDouble("after.std");
        assertTrue(enumerators > 0 && min <= mean && mean <= max && std >= 0,
                () -> "spread " + proposal.getMap("after"));
        assertEquals(0.0, proposal.getDouble("before.max"));
        System.out.printf("assignment proposal for %s: %d subareas, %d areas, %d enumerators; households per "
                + "enumerator min %.1f max %.1f mean %.1f std %.1f%n", DISTRICT, subareas.size(), areas.size(),
                enumerators, min, max, mean, std);

        long id = proposal.getLong("id");
        given().auth().oauth2(ADMIN).when().post("/api/v1/assignments/proposals/" + id + "/accept")
                .then().statusCode(200).body("accepted", equalTo(true));
        given().auth().oauth2(ADMIN).when().post("/api/v1/assignments/proposals/" + id + "/accept")
                .then().statusCode(409);
        assertEquals(List.of(), RosterFixture.strings(dataSource, """
                SELECT s.code FROM subarea s WHERE s.code LIKE ? || '%'
                   AND NOT EXISTS (SELECT 1 FROM enumerator_assignment e WHERE e.subarea_code = s.code)
                """, DISTRICT));
        assertEquals(List.of(), RosterFixture.strings(dataSource, """
                SELECT a.code FROM area a WHERE a.code LIKE ? || '%'
                   AND NOT EXISTS (SELECT 1 FROM supervisor_assignment s WHERE s.area_code = a.code)
                """, DISTRICT));
        given().auth().oauth2(ADMIN).when().get("/api/v1/assignments/workload?scope=" + DISTRICT)
                .then().statusCode(200)
                .body("enumerators", equalTo(enumerators))
                .body("max", equalTo((float) max));
        given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=" + DISTRICT)
                .then().statusCode(200)
                .body("issues.kind", not(hasItem("no_enumerator")))
                .body("issues.kind", not(hasItem("no_supervisor")));

        replacingADropoutPreviewsExactlyTheirUnitsMoving();
    }

    private void replacingADropoutPreviewsExactlyTheirUnitsMoving() throws SQLException {
        String street = "370871002";
        Map<String, Object> dropout = given().auth().oauth2(ADMIN).when().get("/api/v1/people?street=" + street)
                .then().statusCode(200).extract()
                .path("find { it.role == 'enumerator' && it.subareas.size() > 1 }");
        String id = (String) dropout.get("personId");
        @SuppressWarnings("unchecked")
        List<String> theirs = (List<String>) dropout.get("subareas");

        JsonPath diff = given().auth().oauth2(ADMIN).queryParam("replace", id)
                .when().post("/api/v1/assignments/proposals")
                .then().statusCode(201)
                .body("kind", equalTo("replace"))
                .body("changes.remove", everyItem(equalTo(id)))
                .body("changes.add", not(hasItem(id)))
                .extract().jsonPath();
        assertEquals(theirs, diff.getList("changes.code", String.class).stream().sorted().toList());
        given().auth().oauth2(ADMIN).when().get("/api/v1/people/" + id)
                .then().body("person.subareas", equalTo(theirs));

        given().auth().oauth2(ADMIN).when().post("/api/v1/assignments/proposals/" + diff.getLong("id") + "/accept")
                .then().statusCode(200);
        given().auth().oauth2(ADMIN).when().get("/api/v1/people/" + id)
                .then().body("person.subareas", hasSize(0))
                .body("history.unitCode", equalTo(theirs.stream().sorted(Comparator.reverseOrder()).toList()))
                .body("history.reason", everyItem(equalTo("proposal " + diff.getLong("id") + " (replace)")));
        for (int i = 0; i < theirs.size(); i++) {
            String code = diff.getString("changes[" + i + "].code");
            String successor = diff.getString("changes[" + i + "].add");
            assertEquals(List.of(successor), RosterFixture.strings(dataSource,
                    "SELECT person_id FROM enumerator_assignment WHERE subarea_code = ? AND person_id LIKE 'PIT%'", code)
                    .stream().filter(successor::equals).toList());
        }
        // a successor named by hand takes everything; a stale proposal is refused
        String successor = diff.getString("changes[0].add");
        JsonPath named = given().auth().oauth2(ADMIN).queryParam("replace", successor).queryParam("by", id)
                .when().post("/api/v1/assignments/proposals").then().statusCode(201).extract().jsonPath();
        assertFalse(named.getList("changes").isEmpty());
        assertTrue(named.getList("changes.add", String.class).stream().allMatch(id::equals));
        given().auth().oauth2(ADMIN).queryParam("seen", successor)
                .when().delete("/api/v1/assignments/subareas/" + named.getString("changes.find { it.kind == 'enumerator' }.code")
                        + "/enumerators/" + successor)
                .then().statusCode(200);
        given().auth().oauth2(ADMIN).when().post("/api/v1/assignments/proposals/" + named.getLong("id") + "/accept")
                .then().statusCode(409);
    }
}
