package cn.jining.census.check;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Acceptance on the bundled delivery as the service loaded it into PostGIS: the check of the
 * district reports exactly the defects of {@code map-data/planted-defects.csv}, each within a
 * metre of its listed place, and applying every fix offered through the API leaves only the
 * issues a person must settle. The geometries are put back afterwards, for the tests that follow.
 */
@QuarkusTest
class CoverageMapDataIT {

    private static final String DISTRICT = "370871";

    @Inject
    DataSource dataSource;

    @Test
    void plantedDefectsAreFoundExactlyAndEveryFixLeavesACleanCheck() throws IOException, SQLException {
        assumeTrue(streetsLoaded() > 0, "no delivery loaded into the test database");
        List<PlantedDefect> planted = PlantedDefect.read(Path.of("map-data/planted-defects.csv"));
        Map<String, byte[]> original = CoverageFixture.outlines(dataSource, DISTRICT);
        try {
            List<Map<String, Object>> issues = given().auth().oauth2(CoverageFixture.ADMIN)
                    .when().get("/api/v1/coverage?scope=" + DISTRICT)
                    .then().statusCode(200).extract().path("issues");
            for (PlantedDefect d : planted) {
                assertTrue(issues.stream().anyMatch(i -> reports(i, d)), () -> d + " not found in " + kinds(issues));
            }
            for (Map<String, Object> i : issues) {
                assertTrue(planted.stream().anyMatch(d -> reports(i, d)), () -> "not planted: " + i.get("message"));
            }
            assertEquals(planted.size(), issues.size());

            for (Map<String, Object> i : issues) {
                if (i.get("fix") != null) {
                    given().auth().oauth2(CoverageFixture.ADMIN).when()
                            .post("/api/v1/coverage/issues/" + i.get("id") + "/fix?scope=" + DISTRICT)
                            .then().statusCode(200);
                }
            }
            List<Map<String, Object>> left = given().auth().oauth2(CoverageFixture.ADMIN)
                    .when().get("/api/v1/coverage?scope=" + DISTRICT)
                    .then().statusCode(200).extract().path("issues");
            assertEquals(List.of("demolition_zone", "enclave", "high_rise_over_999"), kinds(left).stream().sorted().toList(),
                    () -> left.toString());
        } finally {
            CoverageFixture.restoreOutlines(dataSource, original);
        }
    }

    /** True when the API's issue is the planted defect: same kind, a shared code, within 1 m of its place. */
    private boolean reports(Map<String, Object> issue, PlantedDefect d) {
        @SuppressWarnings("unchecked")
        List<String> codes = (List<String>) issue.get("codes");
        if (!d.kind().equals(issue.get("kind")) || codes.stream().noneMatch(d.codes()::contains)) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("""
                        SELECT ST_DWithin(geom, ST_SetSRID(ST_MakePoint(?, ?), 4548), 1.0) FROM coverage_issue WHERE id = ?
                        """)) {
            s.setDouble(1, d.at().x);
            s.setDouble(2, d.at().y);
            s.setString(3, (String) issue.get("id"));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> kinds(List<Map<String, Object>> issues) {
        return issues.stream().map(i -> (String) i.get("kind")).toList();
    }

    private int streetsLoaded() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM street WHERE district_code = ?")) {
            s.setString(1, DISTRICT);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
