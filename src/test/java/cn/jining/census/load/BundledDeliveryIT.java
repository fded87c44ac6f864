package cn.jining.census.load;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * What a new user gets from the start-up load of {@code map-data/}: the district's streets and
 * census areas under exactly the codes and names of the published division list.
 */
@QuarkusTest
class BundledDeliveryIT {

    private static final String DISTRICT = "370871";
    private static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    @Inject
    DataSource dataSource;

    @Test
    void streetsAndAreasCarryTheReferenceCodesAndNamesExactly() throws Exception {
        Map<String, String> streets = reference("street");
        Map<String, String> areas = reference("area");
        assertEquals(5, streets.size());
        assertEquals(123, areas.size());
        assertEquals(streets, stored("SELECT code, name FROM street WHERE district_code = '" + DISTRICT + "'"));
        assertEquals(areas, stored("SELECT code, name FROM area WHERE left(code, 6) = '" + DISTRICT + "'"));
        Map<String, String> allReference = new TreeMap<>(streets);
        allReference.putAll(areas);
        allReference.putAll(reference("district"));
        assertEquals(allReference, stored("SELECT code, name FROM division_reference WHERE left(code, 6) = '" + DISTRICT + "'"));
    }

    @Test
    void withoutTokenStreetsAnswer401AndWithTheAdminToken200() {
        given().when().get("/api/v1/streets").then().statusCode(401);
        given().auth().oauth2(ADMIN_TOKEN).when().get("/api/v1/streets")
                .then().statusCode(200).body("findAll { it.code.startsWith('" + DISTRICT + "') }", hasSize(5));
    }

    @Test
    void householdRecordsBesideTheDeliveryOverrideTheEstimates() throws Exception {
        // bid → households summed over the CSV rows that name a building by bid
        Map<String, Integer> byBid = new TreeMap<>();
        List<String> lines = Files.readAllLines(Path.of("map-data/household-records.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            String bid = cells[header.indexOf("bid")];
            if (!bid.isBlank()) {
                byBid.merge(bid, Integer.parseInt(cells[header.indexOf("households")]), Integer::sum);
            }
        }
        Map<String, String> stored = stored("""
                SELECT bid, households_record::text FROM building
                 WHERE households_record IS NOT NULL AND households = households_record""");
        int checked = 0;
        for (Map.Entry<String, Integer> e : byBid.entrySet()) {
            if (stored.containsKey(e.getKey())) {
                assertEquals(e.getValue().toString(), stored.get(e.getKey()), "households of " + e.getKey());
                checked++;
            }
        }
        assertTrue(checked > byBid.size() / 2, "records applied to " + checked + " of " + byBid.size() + " buildings");
    }

    /** code → name of one level of map-data/divisions.csv, the district's own rows only. */
    private static Map<String, String> reference(String level) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        List<String> lines = Files.readAllLines(Path.of("map-data/divisions.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells[0].equals(level) && cells[1].startsWith(DISTRICT)) {
                rows.put(cells[1], cells[2]);
            }
        }
        return rows;
    }

    private Map<String, String> stored(String sql) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1).trim(), rs.getString(2));
            }
        }
        return rows;
    }
}
