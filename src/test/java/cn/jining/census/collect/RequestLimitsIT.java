package cn.jining.census.collect;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import cn.jining.census.security.TokenHash;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** The limits of every /api request with tight settings: 3 requests at once, then one per 100 s; bodies of 2 000 bytes. */
@QuarkusTest
@TestProfile(RequestLimitsIT.Tight.class)
class RequestLimitsIT {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("census.api.rate-limit", "0.01", "census.api.rate-burst", "3", "census.api.max-json-body", "2000");
        }
    }

    @Inject
    DataSource dataSource;

    /** A token of a new enumerator, made in the database so that no other token's budget is spent. */
    private String newToken(String login) throws Exception {
        String token = TokenHash.newToken();
        try (Connection c = dataSource.getConnection(); var s = c.prepareStatement("""
                WITH u AS (INSERT INTO app_user (login, display_name, role) VALUES (?, '限流测试', 'enumerator') RETURNING id),
                     s AS (INSERT INTO user_scope (user_id, code) SELECT id, '370970001001001' FROM u)
                INSERT INTO api_token (user_id, token_sha256, label) SELECT id, ?, 'test' FROM u
                """)) {
            s.setString(1, login + "-" + System.nanoTime());
            s.setString(2, TokenHash.sha256(token));
            s.executeUpdate();
        }
        return token;
    }

    @Test
    void tokenBeyondItsBurstGets429WithRetryAfterAndOtherTokensStillPass() throws Exception {
        String busy = newToken("limits-busy");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(busy).when().get("/api/v1/me").then().statusCode(200);
        }
        Response refused = given().auth().oauth2(busy).when().get("/api/v1/me");
        refused.then().statusCode(429).body("status", equalTo(429)).body("message", containsString("retry after"));
        assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) >= 1, refused.getHeader("Retry-After"));
        given().auth().oauth2(newToken("limits-quiet")).when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void jsonBodyAboveTheCapGets413AndNothingIsStored() throws Exception {
        String token = newToken("limits-body");
        String id = CollectFixture.newReportId();
        Map<String, Object> report = CollectFixture.report(id, "370970001001001", "370970001001-A-01", "registered", 1,
                "2020-11-08T10:00:00+08:00");
        report.put("padding", "x".repeat(3000));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(report)
                .when().post("/api/v1/app/reports")
                .then().statusCode(413).body("message", containsString("at most 2000"));
        try (Connection c = dataSource.getConnection();
                var s = c.prepareStatement("SELECT count(*) FROM progress_report WHERE report_id = ?")) {
            s.setString(1, id);
            try (var rs = s.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }
}
