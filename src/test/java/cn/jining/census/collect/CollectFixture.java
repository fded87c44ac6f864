package cn.jining.census.collect;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import cn.jining.census.QueryRows;

import io.restassured.http.ContentType;

/**
 * The collection app's test district 370970 ({@code collect/fixture-district-370970.sql}) and its
 * people: enumerators A, B (the two subareas of area 370970001001) and C (street 370970002), the
 * supervisor of that area and the planner of street 370970001. Loaded once per database; each
 * test class gets fresh tokens.
 */
public final class CollectFixture {

    public static final String ADMIN = "test-admin-token-0123456789abcdef";

    static final String SUBAREA_A = "370970001001001";
    static final String SUBAREA_B = "370970001001002";
    static final String SUBAREA_C = "370970002001001";
    static final String AREA_AB = "370970001001";
    static final String STREET_AB = "370970001";
    static final String BUILDING_A1 = "370970001001-A-01";
    static final String BUILDING_B1 = "370970001001-B-01";

    private static final Map<String, String> TOKENS = new HashMap<>();

    private final DataSource dataSource;

    /** Loads the district for tests of other stages. */
    public static void load(DataSource dataSource) throws SQLException, IOException {
        new CollectFixture(dataSource).load();
    }

    /** A token of a person of the test district, created with one scope when new. */
    public static String personToken(String login, String role, String scope) {
        return person(login, role, scope);
    }

    /** A report with a fresh id. */
    public static Map<String, Object> report(String subarea, String bid, String status, int households, String deviceTime) {
        return report(newReportId(), subarea, bid, status, households, deviceTime);
    }

    CollectFixture(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Loads the district unless it is there, and gives every person of it a token. */
    synchronized CollectFixture load() throws SQLException, IOException {
        if (value("SELECT count(*) FROM street WHERE code = '370970001'").equals("0")) {
            try (InputStream in = CollectFixture.class.getResourceAsStream("/collect/fixture-district-370970.sql");
                    Connection c = dataSource.getConnection(); var s = c.createStatement()) {
                s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        if (TOKENS.isEmpty()) {
            TOKENS.put("a", person("collect-enum-a", "enumerator", SUBAREA_A));
            TOKENS.put("b", person("collect-enum-b", "enumerator", SUBAREA_B));
            TOKENS.put("c", person("collect-enum-c", "enumerator", SUBAREA_C));
            TOKENS.put("supervisor", person("collect-supervisor", "supervisor", AREA_AB));
            TOKENS.put("planner", person("collect-planner", "planner", STREET_AB));
        }
        return this;
    }

    static String enumeratorA() {
        return TOKENS.get("a");
    }

    static String enumeratorB() {
        return TOKENS.get("b");
    }

    static String enumeratorC() {
        return TOKENS.get("c");
    }

    static String supervisor() {
        return TOKENS.get("supervisor");
    }

    static String planner() {
        return TOKENS.get("planner");
    }

    /** A token of the person, created with one scope when new. */
    private static String person(String login, String role, String scope) {
        int status = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", login, "displayName", "测试 " + login, "role", role, "scopes", List.of(scope)))
                .when().post("/api/v1/users").then().extract().statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("cannot create " + login + ": " + status);
        }
        return given().auth().oauth2(ADMIN).when().post("/api/v1/users/" + login + "/tokens")
                .then().statusCode(200).extract().path("token");
    }

    /** A report id no other test used. */
    static String newReportId() {
        return UUID.randomUUID().toString();
    }

    /** A report body as the phone sends it. */
    static Map<String, Object> report(String id, String subarea, String bid, String status, int households, String deviceTime) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("subarea", subarea);
        body.put("bid", bid);
        body.put("status", status);
        body.put("households", households);
        body.put("deviceTime", deviceTime);
        return body;
    }

    String value(String sql, Object... parameters) throws SQLException {
        List<List<String>> rows = rows(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    List<List<String>> rows(String sql, Object... parameters) throws SQLException {
        return QueryRows.rows(dataSource, sql, parameters);
    }

    /** Longitude, latitude of an EPSG:4548 point, as PostGIS projects it. */
    double[] lonLat(double x, double y) throws SQLException {
        List<String> row = rows("SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4548), 4326) p",
                x, y).get(0);
        return new double[] { Double.parseDouble(row.get(0)), Double.parseDouble(row.get(1)) };
    }
}
