package cn.jining.census.assign;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The roster through {@code /api/v1/people}, on the streets of the bundled delivery. */
@QuarkusTest
class RosterIT {

    private static final String ADMIN = RosterFixture.ADMIN;
    private static final String PREFIX = "RIT";

    @Inject
    DataSource dataSource;

    @AfterEach
    void removeRoster() throws SQLException {
        RosterFixture.remove(dataSource, PREFIX);
    }

    @Test
    void everyBadRowIsReportedByLineAndFieldAndNothingIsImported() throws SQLException {
        String csv = """
                id,name,phone,role,street,home_area
                RIT-1,张三,13800000001,普查员,370871001,370871001001
                RIT-2,,13800000002,enumerator,370871001,
                RIT-3,王五,call me,supervisor,370871999,370871001001
                RIT-1,赵六,,普查员,370871002,
                RIT-5,钱七,,boss,370871002,370871002999
                """;
        given().auth().oauth2(ADMIN).contentType(RosterFixture.CSV).body(csv)
                .when().post("/api/v1/people/import")
                .then().statusCode(422)
                .body("status", equalTo(422))
                .body("message", containsString("line 3, name"))
                .body("errors.line", equalTo(List.of(3, 4, 4, 5, 6, 6)))
                .body("errors.field", equalTo(List.of("name", "phone", "street", "id", "role", "home_area")));
        assertEquals(List.of(), RosterFixture.strings(dataSource,
                "SELECT person_id FROM person WHERE person_id LIKE ? || '%'", PREFIX));
    }

    @Test
    void missingColumnAndExistingIdAreRefused() {
        given().auth().oauth2(ADMIN).contentType(RosterFixture.CSV).body("id,name\nRIT-9,孙九\n")
                .when().post("/api/v1/people/import")
                .then().statusCode(422).body("errors[0].line", equalTo(1)).body("errors[0].field", equalTo("street"));
        assertEquals(200, RosterFixture.importRoster("编号,姓名,角色,街道\nRIT-10,周十,普查员,370871001\n"));
        given().auth().oauth2(ADMIN).contentType(RosterFixture.CSV).body("id,name,street\nRIT-11,吴一,370871001\nRIT-10,周十,370871001\n")
                .queryParam("role", "enumerator")
                .when().post("/api/v1/people/import")
                .then().statusCode(422).body("errors", hasSize(1))
                .body("errors[0].line", equalTo(3)).body("errors[0].field", equalTo("id"));
    }

    @Test
    void importedPeopleAreListedByStreetEditedOnTheirVersionAndDeactivatedWithTheirHistory() {
        given().auth().oauth2(ADMIN).contentType(RosterFixture.CSV)
                .body("id,name,phone,street,home_area\nRIT-20,郑二十,13900000020,370871002,370871002001\n"
                        + "RIT-21,冯廿一,,370871003,\n")
                .queryParam("role", "普查员")
                .when().post("/api/v1/people/import")
                .then().statusCode(200).body("imported", equalTo(2));
        given().auth().oauth2(ADMIN).when().get("/api/v1/people?street=370871002")
                .then().statusCode(200)
                .body("personId", hasItem("RIT-20")).body("personId", not(hasItem("RIT-21")))
                .body("find { it.personId == 'RIT-20' }.role", equalTo("enumerator"))
                .body("find { it.personId == 'RIT-20' }.homeAreaCode", equalTo("370871002001"));

        Map<String, Object> edit = Map.of("name", "郑二十改", "phone", "13900000099", "role", "enumerator",
                "street", "370871002", "homeArea", "370871002002", "version", 1);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(edit)
                .when().put("/api/v1/people/RIT-20")
                .then().statusCode(200).body("name", equalTo("郑二十改")).body("version", equalTo(2));
        // the same edit again carries the version it saw: stale now
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(edit)
                .when().put("/api/v1/people/RIT-20")
                .then().statusCode(409).body("message", containsString("version"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "role", "enumerator", "street", "370871002", "homeArea", "123", "version", 2))
                .when().put("/api/v1/people/RIT-20")
                .then().statusCode(400).body("message", containsString("homeArea"));

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("version", 2, "reason", "辞职"))
                .when().post("/api/v1/people/RIT-20/deactivate")
                .then().statusCode(200).body("active", equalTo(false));
        given().auth().oauth2(ADMIN).when().get("/api/v1/people?street=370871002")
                .then().statusCode(200).body("personId", not(hasItem("RIT-20")));
        given().auth().oauth2(ADMIN).when().get("/api/v1/people?street=370871002&inactive=true")
                .then().statusCode(200).body("personId", hasItem("RIT-20"));
    }

    @Test
    void plannerEditsOnlyThePeopleOfTheirStreet() {
        String planner = RosterFixture.user("planner-rit", "planner", "370871004");
        given().auth().oauth2(planner).contentType(RosterFixture.CSV).body("id,name,role,street\nRIT-30,陈三十,普查员,370871005\n")
                .when().post("/api/v1/people/import")
                .then().statusCode(403).body("errors[0].field", equalTo("street"))
                .body("errors[0].message", containsString("outside your streets"))
                .body("message", containsString("line 2, street 370871005: outside your streets"));
        given().auth().oauth2(ADMIN).when().get("/api/v1/people/RIT-30").then().statusCode(404);
        given().auth().oauth2(planner).contentType(RosterFixture.CSV).body("id,name,role,street\nRIT-31,褚卅一,普查员,370871004\n")
                .when().post("/api/v1/people/import").then().statusCode(200);
        RosterFixture.importRoster("id,name,role,street\nRIT-32,卫卅二,普查员,370871005\n");
        given().auth().oauth2(planner).when().get("/api/v1/people/RIT-32").then().statusCode(403);
        given().auth().oauth2(planner).when().get("/api/v1/people")
                .then().statusCode(200).body("personId", hasItem("RIT-31")).body("personId", not(hasItem("RIT-32")));
        String enumerator = RosterFixture.user("enumerator-rit", "enumerator", "370871004001001");
        given().auth().oauth2(enumerator).when().get("/api/v1/people").then().statusCode(403);
    }

    @Test
    void aPersonGivenALoginLogsInAsTheirRoleAndLosesItWhenDeactivated() throws SQLException {
        RosterFixture.importRoster("id,name,role,street\nRIT-40,蒋四十,普查指导员,370871001\n");
        String token = given().auth().oauth2(ADMIN).when().post("/api/v1/people/RIT-40/login")
                .then().statusCode(201).body("login", equalTo("RIT-40")).extract().path("token");
        given().auth().oauth2(token).when().get("/api/v1/me")
                .then().statusCode(200).body("role", equalTo("supervisor")).body("scopes", hasSize(0));
        given().auth().oauth2(ADMIN).when().get("/api/v1/people/RIT-40")
                .then().statusCode(200).body("person.login", equalTo("RIT-40"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("version", 1, "reason", "调离"))
                .when().post("/api/v1/people/RIT-40/deactivate").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(401);
        // person and login deactivated by one transaction: their edit-log rows share its id (xmin)
        assertEquals(List.of("true"), RosterFixture.strings(dataSource, """
                WITH latest AS (SELECT DISTINCT ON (entity) entity, xmin::text AS tx FROM edit_log
                                 WHERE entity IN ('person', 'user') AND entity_key = ? AND action = 'deactivate'
                                 ORDER BY entity, id DESC)
                SELECT (count(*) = 2 AND count(DISTINCT tx) = 1)::text FROM latest
                """, "RIT-40"));
    }
}
