package cn.jining.census.publish;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.restassured.http.ContentType;

/**
 * The bundled delivery as the publishing and printing tests use it: one census area
 * ({@link #AREA}) delineated and accepted through the API, an enumerator assigned to one of its
 * subareas, a planner scoped to it, GDAL run as a command. {@link #forgetEnumerator} and
 * {@link #forgetSubareas} put the district back as loaded.
 */
public final class PublishFixture {

    public static final String ADMIN = "test-admin-token-0123456789abcdef";
    public static final String STREET = "370871001";
    public static final String AREA = "370871001001";
    public static final String OTHER_AREA = "370871002001";
    public static final String ENUMERATOR_ID = "PUB-E1";
    public static final String ENUMERATOR_NAME = "发布测试员";

    private PublishFixture() {
    }

    /** Delineates {@link #AREA} (replacing what another test left) and accepts it. */
    public static void delineateArea() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("scope", AREA, "accept", true, "replace", true))
                .when().post("/api/v1/delineations").then().statusCode(200);
    }

    public static void forgetSubareas(DataSource dataSource) throws SQLException {
        execute(dataSource, """
                DELETE FROM subarea WHERE area_code = '370871001001';
                DELETE FROM area_state WHERE area_code = '370871001001';
                DELETE FROM area_delineation WHERE area_code = '370871001001';
                """);
    }

    /**
     * Puts enumerator {@link #ENUMERATOR_ID} on the roster and assigns them to the first subarea of
     * {@link #AREA}, through the API; answers that subarea's code.
     */
    public static String assignOneEnumerator(DataSource dataSource) throws SQLException {
        given().auth().oauth2(ADMIN).contentType("text/csv; charset=UTF-8").body("""
                id,name,role,street,home_area
                %s,%s,普查员,%s,%s
                """.formatted(ENUMERATOR_ID, ENUMERATOR_NAME, STREET, AREA))
                .when().post("/api/v1/people/import").then().statusCode(200);
        String subarea = column(dataSource, "SELECT code FROM subarea WHERE area_code = '" + AREA
                + "' AND NOT virtual AND vertical_of IS NULL ORDER BY code LIMIT 1").get(0);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("seen", List.of()))
                .when().put("/api/v1/assignments/subareas/" + subarea + "/enumerators/" + ENUMERATOR_ID)
                .then().statusCode(200);
        return subarea;
    }

    /** Removes the enumerator of {@link #assignOneEnumerator} with their assignment and its history. */
    public static void forgetEnumerator(DataSource dataSource) throws SQLException {
        execute(dataSource, """
                DELETE FROM assignment_history WHERE person_id = '%1$s';
                DELETE FROM enumerator_assignment WHERE person_id = '%1$s';
                DELETE FROM person WHERE person_id = '%1$s';
                """.formatted(ENUMERATOR_ID));
    }

    /** A new person with {@code role} and one scope; answers their token. */
    public static String person(String role, String scope) {
        String login = role + "-" + scope + "-" + System.nanoTime();
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("login", login, "displayName", "测试" + role, "role", role, "scopes", List.of(scope)))
                .when().post("/api/v1/users").then().statusCode(201).extract().path("token");
    }

    public static long number(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static List<String> column(DataSource dataSource, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** True when the command is on PATH: GDAL and poppler tests run where {@code bin/test} installed them. */
    public static boolean installed(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a command to its end (at most five minutes) and answers what it printed, standard
     * error included.
     *
     * @param environment added to the test's environment
     * @throws AssertionError when it fails, with its output
     */
    public static String run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("census-command", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process p = builder.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in five minutes");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with " + p.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
