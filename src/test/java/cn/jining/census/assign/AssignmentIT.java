package cn.jining.census.assign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import cn.jining.census.print.EnumeratorSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Assignments by hand on street 370871005 of the bundled delivery (delineated first): the stale
 * check, the scopes they give the person's login at once, and the staffing rules of the coverage
 * check (unstaffed units, overloaded enumerators).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssignmentIT {

    private static final String ADMIN = RosterFixture.ADMIN;
    private static final String PREFIX = "AIT";
    private static final String STREET = "370871005";

    @Inject
    DataSource dataSource;

    @Inject
    EnumeratorSource printedNames;

    @Inject
    AssignSettings settings;

    private String area;
    private List<String> subareas;

    @AfterAll
    void leaveTheStreetAsLoaded() throws SQLException {
        RosterFixture.forgetDelineation(dataSource, STREET);
    }

    @BeforeEach
    void roster() throws SQLException {
        // delineated here rather than before all tests: the test HTTP port is set per test
        RosterFixture.delineated(STREET);
        area = RosterFixture.areas(dataSource, STREET).get(0);
        subareas = RosterFixture.subareas(dataSource, area);
        assertTrue(subareas.size() >= 2, "area " + area + " has fewer than two subareas: " + subareas);
        assertEquals(200, RosterFixture.importRoster("""
                id,name,role,street,home_area
                AIT-E1,甲普查员,普查员,%1$s,%2$s
                AIT-E2,乙普查员,普查员,%1$s,
                AIT-S1,丙指导员,普查指导员,%1$s,%2$s
                AIT-O1,丁普查员,普查员,370871001,
                """.formatted(STREET, area)));
    }

    @AfterEach
    void removeRoster() throws SQLException {
        RosterFixture.remove(dataSource, PREFIX);
    }

    private static io.restassured.response.ValidatableResponse put(String token, String path, List<String> seen) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("seen", seen))
                .when().put("/api/v1/assignments/" + path).then();
    }

    @Test
    void anEnumeratorsScopesAreExactlyTheirSubareasFromTheMomentOfEachChange() {
        String token = given().auth().oauth2(ADMIN).when().post("/api/v1/people/AIT-E1/login")
                .then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(200).body("scopes", equalTo(List.of()));
        String first = subareas.get(0);
        String second = subareas.get(1);

        put(ADMIN, "subareas/" + first + "/enumerators/AIT-E1", List.of()).statusCode(200)
                .body("people", equalTo(List.of("AIT-E1")));
        given().auth().oauth2(token).when().get("/api/v1/me").then().body("scopes", equalTo(List.of(first)));
        given().auth().oauth2(token).when().get("/api/v1/subareas/" + first).then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/subareas/" + second).then().statusCode(403);

        put(ADMIN, "subareas/" + second + "/enumerators/AIT-E1", List.of()).statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/me").then().body("scopes", equalTo(List.of(first, second)));

        given().auth().oauth2(ADMIN).queryParam("seen", "AIT-E1")
                .when().delete("/api/v1/assignments/subareas/" + first + "/enumerators/AIT-E1")
                .then().statusCode(200).body("people", equalTo(List.of()));
        given().auth().oauth2(token).when().get("/api/v1/me").then().body("scopes", equalTo(List.of(second)));
        given().auth().oauth2(token).when().get("/api/v1/subareas/" + first).then().statusCode(403);

        given().auth().oauth2(ADMIN).when().get("/api/v1/people/AIT-E1")
                .then().statusCode(200)
                .body("person.subareas", equalTo(List.of(second)))
                .body("history[0].unitCode", equalTo(first))
                .body("history[0].reason", equalTo("removed by hand"));
    }

    @Test
    void aChangeOnAStateTheCallerDidNotSeeGets409AndChangesNothing() {
        String unit = subareas.get(0);
        put(ADMIN, "subareas/" + unit + "/enumerators/AIT-E1", List.of()).statusCode(200);
        // a second planner who still sees the subarea empty
        put(ADMIN, "subareas/" + unit + "/enumerators/AIT-E2", List.of()).statusCode(409)
                .body("message", containsString("AIT-E1"));
        given().auth().oauth2(ADMIN).queryParam("seen", "AIT-E2")
                .when().delete("/api/v1/assignments/subareas/" + unit + "/enumerators/AIT-E1")
                .then().statusCode(409);
        put(ADMIN, "subareas/" + unit + "/enumerators/AIT-E2", List.of("AIT-E1")).statusCode(200)
                .body("people", equalTo(List.of("AIT-E1", "AIT-E2")));
    }

    @Test
    void peopleAreAssignedOnlyInTheirRoleAndStreetAndByPlannersOfThatStreet() {
        String unit = subareas.get(0);
        put(ADMIN, "areas/" + area + "/supervisors/AIT-E1", List.of()).statusCode(400)
                .body("message", containsString("not a supervisor"));
        put(ADMIN, "subareas/" + unit + "/enumerators/AIT-O1", List.of()).statusCode(400)
                .body("message", containsString("another street"));
        put(ADMIN, "subareas/" + unit + "/enumerators/AIT-NOBODY", List.of()).statusCode(404);
        put(ADMIN, "subareas/" + STREET + "999999/enumerators/AIT-E1", List.of()).statusCode(404);
        String otherPlanner = RosterFixture.user("planner-ait-other", "planner", "370871001");
        put(otherPlanner, "subareas/" + unit + "/enumerators/AIT-E1", List.of()).statusCode(403);
        String planner = RosterFixture.user("planner-ait", "planner", STREET);
        put(planner, "subareas/" + unit + "/enumerators/AIT-E1", List.of()).statusCode(200);
        String supervisor = RosterFixture.user("supervisor-ait", "supervisor", area);
        put(supervisor, "subareas/" + unit + "/enumerators/AIT-E2", List.of("AIT-E1")).statusCode(403);
        given().auth().oauth2(supervisor).when().get("/api/v1/assignments?scope=" + area)
                .then().statusCode(200)
                .body("subareas.find { it.code == '" + unit + "' }.enumerators.personId", equalTo(List.of("AIT-E1")));
    }

    @Test
    void coverageReportsSubareasWithoutEnumeratorAndAreasWithoutSupervisorOnceAssignmentStarted() {
        given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=" + area)
                .then().statusCode(200).body("issues.kind", not(hasItem("no_enumerator")));
        String unit = subareas.get(0);
        put(ADMIN, "subareas/" + unit + "/enumerators/AIT-E1", List.of()).statusCode(200);
        List<List<String>> missing = given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=" + area)
                .then().statusCode(200).body("issues.kind", hasItem("no_supervisor"))
                .extract().path("issues.findAll { it.kind == 'no_enumerator' }.codes");
        assertEquals(subareas.subList(1, subareas.size()), missing.stream().map(c -> c.get(0)).sorted().toList());

        put(ADMIN, "areas/" + area + "/supervisors/AIT-S1", List.of()).statusCode(200);
        given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=" + area)
                .then().statusCode(200).body("issues.kind", not(hasItem("no_supervisor")));
    }

    @Test
    void anEnumeratorAboveTheOverloadSettingIsAWarningOfTheCoverageCheckUntilASubareaIsTakenAway()
            throws SQLException {
        // the street's subareas in code order, the checked area's first, until the load passes the setting
        List<String> assigned = new ArrayList<>();
        int households = 0;
        for (String row : RosterFixture.strings(dataSource,
                "SELECT code || ':' || households FROM subarea WHERE street_code = ? ORDER BY code", STREET)) {
            if (households > settings.overloadHouseholds()) {
                break;
            }
            String unit = row.substring(0, row.indexOf(':'));
            put(ADMIN, "subareas/" + unit + "/enumerators/AIT-E1", List.of()).statusCode(200);
            assigned.add(unit);
            households += Integer.parseInt(row.substring(row.indexOf(':') + 1));
        }
        assertTrue(households > settings.overloadHouseholds(), "street " + STREET + " holds only " + households
                + " households");
        List<String> expectedCodes = new ArrayList<>(assigned.stream().filter(c -> c.startsWith(area)).toList());
        expectedCodes.add("AIT-E1");
        given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=" + area)
                .then().statusCode(200)
                .body("issues.findAll { it.kind == 'overloaded_enumerator' }.codes", equalTo(List.of(expectedCodes)))
                .body("issues.find { it.kind == 'overloaded_enumerator' }.severity", equalTo("warning"))
                .body("issues.find { it.kind == 'overloaded_enumerator' }.message",
                        containsString("AIT-E1（甲普查员）负责 " + households + " 户"));

        String last = assigned.get(assigned.size() - 1);
        given().auth().oauth2(ADMIN).queryParam("seen", "AIT-E1")
                .when().delete("/api/v1/assignments/subareas/" + last + "/enumerators/AIT-E1")
                .then().statusCode(200);
        given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=" + area)
                .then().statusCode(200).body("issues.kind", not(hasItem("overloaded_enumerator")));
    }

    @Test
    void printedMapsNameTheEnumeratorsOfTheSubarea() {
        String unit = subareas.get(0);
        assertEquals(List.of(), printedNames.enumerators(unit));
        put(ADMIN, "subareas/" + unit + "/enumerators/AIT-E2", List.of()).statusCode(200);
        put(ADMIN, "subareas/" + unit + "/enumerators/AIT-E1", List.of("AIT-E2")).statusCode(200);
        assertEquals(List.of("甲普查员", "乙普查员"), printedNames.enumerators(unit));
    }
}
