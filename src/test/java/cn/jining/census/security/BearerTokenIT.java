package cn.jining.census.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BearerTokenIT {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    @Test
    void requestWithoutTokenGets401WithBearerChallenge() {
        given().when().get("/api/v1/me")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void unknownTokenGets401() {
        given().auth().oauth2("not-a-token-of-anyone-at-all").when().get("/api/v1/me")
                .then().statusCode(401);
    }

    @Test
    void adminTokenFromConfigurationIsAccepted() {
        given().auth().oauth2(ADMIN_TOKEN).when().get("/api/v1/me")
                .then().statusCode(200).body("login", equalTo("admin")).body("role", equalTo("admin"));
    }

    @Test
    void tilesNeedATokenToo() {
        given().when().get("/tiles/street/0/0/0.mvt").then().statusCode(401);
    }

    @Test
    void healthAndOpenApiArePublic() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/openapi").then().statusCode(200);
    }
}
