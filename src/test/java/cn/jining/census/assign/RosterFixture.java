package cn.jining.census.assign;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.restassured.http.ContentType;

/**
 * The bundled delivery's streets as the assignment tests need them: delineated through the API
 * (once; later tests find the subareas stored), and a roster of the tests' own, whose ids start
 * with a prefix so that it can be removed again with everything it was assigned.
 */
final class RosterFixture {

    static final String ADMIN = "test-admin-token-0123456789abcdef";
    /** REST Assured encodes text bodies as ISO-8859-1 unless told otherwise. */
    static final String CSV = "text/csv; charset=UTF-8";

    private RosterFixture() {
    }

    /** Delineates and accepts the areas of {@code street} that have no subareas yet. */
    static void delineated(String street) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("scope", street, "accept", true, "replace", false))
                .when().post("/api/v1/delineations").then().statusCode(200);
    }

    /**
     * Removes the subareas of {@code street} and its delineation state, so that the tests of other
     * stages that run later see the street as loaded (the edit log stays: append-only).
     */
    static void forgetDelineation(DataSource dataSource, String street) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (String table : List.of("subarea", "area_state", "area_delineation")) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE street_code = ?")) {
                    s.setString(1, street);
                    s.executeUpdate();
                }
            }
        }
    }

    /** Imports a roster CSV as the admin and answers the status. */
    static int importRoster(String csv) {
        return given().auth().oauth2(ADMIN).contentType(RosterFixture.CSV).body(csv)
                .when().post("/api/v1/people/import").then().extract().statusCode();
    }

    /** A login of another role (planner, supervisor) with the given scope, and its token. */
    static String user(String login, String role, String scope) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", login, "displayName", "测试 " + login, "role", role, "scopes", List.of(scope)))
                .when().post("/api/v1/users")
                .then().statusCode(201).extract().path("token");
    }

    /** Subarea codes of a scope, ordered. */
    static List<String> subareas(DataSource dataSource, String scope) throws SQLException {
        return strings(dataSource, "SELECT code FROM subarea WHERE code LIKE ? || '%' ORDER BY code", scope);
    }

    /** Area codes of a scope, ordered. */
    static List<String> areas(DataSource dataSource, String scope) throws SQLException {
        return strings(dataSource, "SELECT code FROM area WHERE code LIKE ? || '%' ORDER BY code", scope);
    }

    static List<String> strings(DataSource dataSource, String sql, String parameter) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    /**
     * Removes the people whose id starts with {@code prefix} with their assignments, history and
     * proposals (the edit log keeps its record: it is append-only).
     */
    static void remove(DataSource dataSource, String prefix) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (String sql : List.of(
                    "DELETE FROM assignment_proposal WHERE body::text LIKE '%\"' || ? || '%'",
                    "DELETE FROM assignment_history WHERE person_id LIKE ? || '%'",
                    "DELETE FROM enumerator_assignment WHERE person_id LIKE ? || '%'",
                    "DELETE FROM supervisor_assignment WHERE person_id LIKE ? || '%'",
                    "DELETE FROM person WHERE person_id LIKE ? || '%'")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, prefix);
                    s.executeUpdate();
                }
            }
        }
    }
}
