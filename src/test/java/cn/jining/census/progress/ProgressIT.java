package cn.jining.census.progress;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.jining.census.collect.CollectFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Progress of the test district 370970's street 370970002, whose subarea 002 only this test reports on. */
@QuarkusTest
class ProgressIT {

    private static final String SUBAREA_D = "370970002001002";

    @Inject
    DataSource dataSource;

    @BeforeEach
    void load() throws Exception {
        CollectFixture.load(dataSource);
    }

    @Test
    void reportsAddUpPerSubareaAreaAndStreetAgainstTheCalendar() {
        String token = CollectFixture.personToken("progress-enum-d", "enumerator", SUBAREA_D);
        List<Map<String, Object>> reports = List.of(
                CollectFixture.report(SUBAREA_D, "370970002001-D-01", "registered", 11, "2020-11-03T10:00:00+08:00"),
                CollectFixture.report(SUBAREA_D, "370970002001-D-02", "vacant", 0, "2020-11-03T11:00:00+08:00"),
                CollectFixture.report(SUBAREA_D, "370970002001-D-03", "pending", 0, "2020-11-03T12:00:00+08:00"),
                // older than the state of D-01 and different: a conflict, not counted over it
                CollectFixture.report(SUBAREA_D, "370970002001-D-01", "refused", 0, "2020-11-02T10:00:00+08:00"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("reports", reports))
                .when().post("/api/v1/app/reports/batch").then().statusCode(200);

        JsonPath day = given().auth().oauth2(CollectFixture.ADMIN).queryParam("scope", SUBAREA_D).queryParam("date", "2020-11-08")
                .when().get("/api/v1/progress")
                .then().statusCode(200)
                .body("phase.code", equalTo("short-form")).body("phase.label", equalTo("短表登记"))
                .body("total.buildings", equalTo(4)).body("total.visited", equalTo(2))
                .body("total.registered", equalTo(1)).body("total.vacant", equalTo(1))
                .body("total.householdsRegistered", equalTo(11)).body("total.conflicts", equalTo(1))
                .body("total.behind", equalTo(true))
                .body("calendar", hasSize(4))
                .extract().jsonPath();
        assertEquals(8.0 / 15, day.getDouble("expected"), 1e-6);
        assertEquals(0.5, day.getDouble("total.completion"), 1e-9);
        given().auth().oauth2(CollectFixture.ADMIN).queryParam("scope", "370970").queryParam("date", "2020-10-20")
                .when().get("/api/v1/progress")
                .then().statusCode(200).body("phase.code", equalTo("pre-listing")).body("expected", equalTo(0.0f))
                .body("streets.code", contains("370970001", "370970002"))
                .body("areas.code", contains("370970001001", "370970002001"))
                .body("subareas", hasSize(4))
                .body("areas[1].name", equalTo("西采村"));
        given().auth().oauth2(CollectFixture.ADMIN).queryParam("scope", "370970002")
                .when().get("/api/v1/progress/map")
                .then().statusCode(200).body("type", equalTo("FeatureCollection"))
                .body("features.properties.code", contains("370970002001001", SUBAREA_D))
                .body("features[1].properties.visited", equalTo(2))
                .body("features[1].geometry.type", equalTo("MultiPolygon"));
    }

    @Test
    void scopeOutsideTheCallersIs403AndMalformedIs400() {
        String token = CollectFixture.personToken("progress-enum-d2", "enumerator", SUBAREA_D);
        given().auth().oauth2(token).queryParam("scope", "370970002").when().get("/api/v1/progress").then().statusCode(403);
        given().auth().oauth2(token).queryParam("scope", "370970002001001").when().get("/api/v1/progress/map").then().statusCode(403);
        given().auth().oauth2(token).queryParam("scope", SUBAREA_D).when().get("/api/v1/progress").then().statusCode(200);
        given().auth().oauth2(token).queryParam("scope", "37097000").when().get("/api/v1/progress")
                .then().statusCode(400).body("message", containsString("scope:"));
        given().auth().oauth2(token).queryParam("scope", SUBAREA_D).queryParam("date", "8.11.2020")
                .when().get("/api/v1/progress").then().statusCode(400).body("message", containsString("date:"));
    }
}
