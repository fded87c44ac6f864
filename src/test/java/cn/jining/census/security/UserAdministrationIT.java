package cn.jining.census.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class UserAdministrationIT {

    private static final String ADMIN = BearerTokenIT.ADMIN_TOKEN;

    private static String create(String login, String role, List<String> scopes) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", login, "displayName", "测试 " + login, "role", role, "scopes", scopes))
                .when().post("/api/v1/users")
                .then().statusCode(201).body("person.role", equalTo(role))
                .extract().path("token");
    }

    @Test
    void createdPlannerCanUseTheTokenButNotAdministerPeople() {
        String token = create("planner-ux1", Role.PLANNER, List.of("370871001"));
        given().auth().oauth2(token).when().get("/api/v1/me")
                .then().statusCode(200).body("role", equalTo("planner")).body("scopes", hasItem("370871001"));
        given().auth().oauth2(token).when().get("/api/v1/users").then().statusCode(403);
    }

    @Test
    void listingNeverShowsTokens() {
        String token = create("supervisor-ux2", Role.SUPERVISOR, List.of("370871001001"));
        given().auth().oauth2(ADMIN).when().get("/api/v1/users")
                .then().statusCode(200).body(not(containsString(token)))
                .body(not(containsString(TokenHash.sha256(token))));
    }

    @Test
    void deactivatedPersonIsRefusedAtOnce() {
        String token = create("enumerator-ux3", Role.ENUMERATOR, List.of("370871001001001"));
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(200);
        given().auth().oauth2(ADMIN).when().post("/api/v1/users/enumerator-ux3/deactivate")
                .then().statusCode(200).body("active", equalTo(false));
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void takenLoginGets409AndBadRoleGets400NamingTheField() {
        create("planner-ux4", Role.PLANNER, List.of("370871002"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", "planner-ux4", "displayName", "x", "role", "planner", "scopes", List.of("370871002")))
                .when().post("/api/v1/users").then().statusCode(409);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", "someone-ux5", "displayName", "x", "role", "king", "scopes", List.of()))
                .when().post("/api/v1/users").then().statusCode(400).body(containsString("role"));
    }

    @Test
    void scopeThatIsNoDivisionCodeIsRefused() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", "planner-ux6", "displayName", "x", "role", "planner", "scopes", List.of("37087")))
                .when().post("/api/v1/users").then().statusCode(400).body(containsString("scopes"));
    }
}
