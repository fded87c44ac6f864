package cn.jining.census.check;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * The coverage API on the small streets of {@link CoverageFixture}: each test draws its own
 * street of two areas with a gap between them and works on it through the API.
 */
@QuarkusTest
class CoverageApiIT {

    private static final String ADMIN = CoverageFixture.ADMIN;
    /** JSON numbers as doubles: REST Assured reads them as floats by default, too coarse for metres. */
    private static final RestAssuredConfig DOUBLES = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    @Inject
    DataSource dataSource;

    @AfterEach
    void removeStreets() throws SQLException {
        CoverageFixture.remove(dataSource);
    }

    private static String person(String login, String role, String scope) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", login, "displayName", "测试 " + login, "role", role, "scopes", List.of(scope)))
                .when().post("/api/v1/users")
                .then().statusCode(201).extract().path("token");
    }

    @Test
    void gapBetweenTwoAreasIsAnsweredWithItsPlaceInDegreesAndItsFix() {
        drawStreetQuietly("370872001", 0, 2);
        given().config(DOUBLES).auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=370872001")
                .then().statusCode(200)
                .body("scope", equalTo("370872001"))
                .body("summary.issues", equalTo(1))
                .body("summary.fixable", equalTo(1))
                .body("issues[0].kind", equalTo("gap"))
                .body("issues[0].label", equalTo("缝隙"))
                .body("issues[0].severity", equalTo("error"))
                .body("issues[0].status", equalTo("open"))
                .body("issues[0].codes", equalTo(List.of("370872001001", "370872001002")))
                .body("issues[0].street", equalTo("370872001"))
                .body("issues[0].areaM2", closeTo(2000.0, 1e-6))
                .body("issues[0].geometry.type", equalTo("Polygon"))
                // x = 400 500 m in the 117°E zone lies near 115.9°E, y = 3 900 500 m near 35.2°N
                .body("issues[0].geometry.coordinates[0][0][0]", closeTo(115.9, 0.1))
                .body("issues[0].geometry.coordinates[0][0][1]", closeTo(35.2, 0.1))
                .body("issues[0].fix.action", equalTo("give_gap"))
                .body("issues[0].fix.edits[0].op", equalTo("union"));
    }

    @Test
    void layerServesTheSameIssuesAsGeoJsonFeatures() {
        drawStreetQuietly("370872002", 2000, 0.5);
        String id = given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=370872002")
                .then().statusCode(200).extract().path("issues[0].id");
        given().auth().oauth2(ADMIN).when().get("/api/v1/coverage/layer?scope=370872002")
                .then().statusCode(200).contentType(containsString("geo+json"))
                .body("type", equalTo("FeatureCollection"))
                .body("features", hasSize(1))
                .body("features[0].id", equalTo(id))
                .body("features[0].geometry.type", equalTo("Polygon"))
                .body("features[0].properties.kind", equalTo("gap"));
    }

    @Test
    void plannerAppliesTheFixInOneLoggedActionAndTheStreetIsClean() throws SQLException {
        drawStreetQuietly("370872003", 4000, 3);
        String planner = person("planner-cov1", "planner", "370872003");
        String id = given().auth().oauth2(planner).when().get("/api/v1/coverage?scope=370872003")
                .then().statusCode(200).extract().path("issues[0].id");
        given().auth().oauth2(planner).when().post("/api/v1/coverage/issues/" + id + "/fix?scope=370872003")
                .then().statusCode(200)
                .body("changed", hasItem("370872003001"))
                .body("coverage.issues", empty());
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT count(*), min(action), min(reason) FROM edit_log
                         WHERE actor = 'planner-cov1' AND entity = 'area' AND entity_key = '370872003001'
                           AND before->'geom' IS NOT NULL AND after->'geom' IS NOT NULL
                        """)) {
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
                assertEquals("coverage-fix:give_gap", rs.getString(2));
                assertTrue(rs.getString(3).contains(id), rs.getString(3));
            }
        }
        // the issue is gone: applying its fix again finds nothing to apply
        given().auth().oauth2(planner).when().post("/api/v1/coverage/issues/" + id + "/fix")
                .then().statusCode(404).body("message", containsString(id));
    }

    @Test
    void supervisorAcceptsAnExceptionWithAReasonAndItStaysAccepted() {
        drawStreetQuietly("370872004", 6000, 1);
        String supervisor = person("supervisor-cov2", "supervisor", "370872004002");
        String id = given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=370872004")
                .then().statusCode(200).extract().path("issues[0].id");
        given().auth().oauth2(supervisor).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .when().post("/api/v1/coverage/issues/" + id + "/exception")
                .then().statusCode(400).body("message", containsString("reason"));
        given().auth().oauth2(supervisor).contentType(ContentType.JSON).body(Map.of("reason", "河道管理线，经区普查办确认"))
                .when().post("/api/v1/coverage/issues/" + id + "/exception")
                .then().statusCode(200)
                .body("status", equalTo("accepted"))
                .body("exception.reason", equalTo("河道管理线，经区普查办确认"))
                .body("exception.acceptedBy", equalTo("supervisor-cov2"));
        given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=370872004")
                .then().statusCode(200)
                .body("summary.accepted", equalTo(1))
                .body("summary.open", equalTo(0))
                .body("issues[0].id", equalTo(id))
                .body("issues[0].status", equalTo("accepted"));
    }

    @Test
    void callersStayInsideTheirScopes() {
        drawStreetQuietly("370872005", 8000, 1);
        String supervisor = person("supervisor-cov3", "supervisor", "370872005001");
        String enumerator = person("enumerator-cov4", "enumerator", "370872005001001");
        given().when().get("/api/v1/coverage?scope=370872005").then().statusCode(401);
        given().auth().oauth2(supervisor).when().get("/api/v1/coverage?scope=370872005")
                .then().statusCode(403).body("message", containsString("scope"));
        given().auth().oauth2(supervisor).when().get("/api/v1/coverage?scope=370872005001")
                .then().statusCode(200).body("issues[0].kind", equalTo("gap"));
        String id = given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=370872005")
                .then().statusCode(200).extract().path("issues[0].id");
        // the gap goes to the west area, the supervisor's: allowed; an enumerator may not fix at all
        given().auth().oauth2(enumerator).when().post("/api/v1/coverage/issues/" + id + "/fix").then().statusCode(403);
        given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=37087200").then().statusCode(400);
        given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=370872099").then().statusCode(404);
        given().auth().oauth2(ADMIN).when().post("/api/v1/coverage/issues/ffffffffffffffff/fix").then().statusCode(404);
    }

    @Test
    void supervisorMayNotFixTheNeighboursArea() {
        drawStreetQuietly("370872006", 10_000, 1);
        String supervisor = person("supervisor-cov5", "supervisor", "370872006002");
        String id = given().auth().oauth2(ADMIN).when().get("/api/v1/coverage?scope=370872006")
                .then().statusCode(200).body("issues[0].fix.edits[0].code", equalTo("370872006001"))
                .extract().path("issues[0].id");
        given().auth().oauth2(supervisor).when().post("/api/v1/coverage/issues/" + id + "/fix?scope=370872006002")
                .then().statusCode(403).body("message", containsString("370872006001"));
    }

    private void drawStreetQuietly(String code, double x, double gap) {
        try {
            CoverageFixture.streetWithGap(dataSource, code, x, gap);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
