package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static cn.jining.census.serve.ServeFixture.EAST_LAKE_STREET;
import static cn.jining.census.serve.ServeFixture.WEST_RIDGE_STREET;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class GeographyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Extents are rounded to 7 decimals by the service. */
    private static final double ROUNDING = 0.6e-7;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void insertFixture() throws Exception {
        ServeFixture.insert(dataSource);
    }

    @AfterEach
    void removeFixture() throws Exception {
        ServeFixture.remove(dataSource);
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN_TOKEN);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static JsonNode element(JsonNode array, String code) {
        for (JsonNode e : array) {
            if (e.get("code").asText().equals(code)) {
                return e;
            }
        }
        throw new AssertionError(code + " not in " + array);
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    @Test
    void streetsCountTheirAreasBuildingsAndHouseholds() throws Exception {
        JsonNode streets = json(admin().get("/api/v1/streets").then().statusCode(200)
                .contentType(startsWith("application/json")).extract().asString());
        JsonNode eastLake = element(streets, EAST_LAKE_STREET);
        assertEquals("东湖街道", eastLake.get("name").asText());
        assertEquals(2, eastLake.get("areaCount").asLong());
        assertEquals(5, eastLake.get("buildingCount").asLong());
        assertEquals(73, eastLake.get("households").asLong(), "T-0002's record of 44 overrides its estimate of 40");
        JsonNode westRidge = element(streets, WEST_RIDGE_STREET);
        assertEquals(1, westRidge.get("areaCount").asLong());
        assertEquals(2, westRidge.get("buildingCount").asLong());
        assertEquals(120, westRidge.get("households").asLong());
    }

    @Test
    void streetBboxIsTheExtentOfItsOutlineInLonLat() throws Exception {
        JsonNode streets = json(admin().get("/api/v1/streets").then().statusCode(200).extract().asString());
        double[] expected = ServeFixture.lonLatBoxOfRectangle(dataSource, 520000, 3900000, 522000, 3902000);
        double[] bbox = doubles(element(streets, EAST_LAKE_STREET).get("bbox"));
        assertArrayEquals(expected, bbox, ROUNDING);
        // about 117.2°E 35.2°N, 60 km east of Jining
        assertTrue(bbox[0] > 117.2 && bbox[2] < 117.26 && bbox[1] > 35.22 && bbox[3] < 35.26, () -> List.of(bbox).toString());
    }

    @Test
    void streetsAreOrderedByCode() throws Exception {
        JsonNode streets = json(admin().get("/api/v1/streets").then().statusCode(200).extract().asString());
        List<String> codes = new ArrayList<>();
        streets.forEach(s -> codes.add(s.get("code").asText()));
        assertEquals(codes.stream().sorted().toList(), codes);
        assertTrue(codes.indexOf(EAST_LAKE_STREET) + 1 == codes.indexOf(WEST_RIDGE_STREET), codes::toString);
    }

    @Test
    void areasOfAStreetCountTheirBuildingsAndHouseholds() throws Exception {
        JsonNode areas = json(admin().queryParam("street", EAST_LAKE_STREET).get("/api/v1/areas")
                .then().statusCode(200).extract().asString());
        assertEquals(2, areas.size());
        JsonNode community = areas.get(0);
        assertEquals("370999001001", community.get("code").asText());
        assertEquals("东湖社区居民委员会", community.get("name").asText());
        assertEquals("社区", community.get("kind").asText());
        assertEquals(EAST_LAKE_STREET, community.get("streetCode").asText());
        assertEquals(3, community.get("buildingCount").asLong());
        assertEquals(68, community.get("households").asLong());
        assertArrayEquals(ServeFixture.lonLatBoxOfRectangle(dataSource, 520000, 3900000, 521000, 3902000),
                doubles(community.get("bbox")), ROUNDING);
        JsonNode village = areas.get(1);
        assertEquals("370999001201", village.get("code").asText());
        assertEquals("村", village.get("kind").asText());
        assertEquals(2, village.get("buildingCount").asLong());
        assertEquals(5, village.get("households").asLong());
    }

    @Test
    void areasWithoutStreetGet400NamingTheParameter() {
        admin().get("/api/v1/areas").then().statusCode(400)
                .contentType(startsWith("application/json"))
                .body("status", equalTo(400))
                .body("message", containsString("'street' is required"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "37099900", "370999001001", "370999 001" })
    void areasOfMalformedStreetGet400(String street) {
        admin().queryParam("street", street).get("/api/v1/areas").then().statusCode(400)
                .body("message", containsString("'street' must be a 9-digit street code"))
                .body("message", containsString(street));
    }

    @Test
    void areasOfUnknownStreetGet404() {
        admin().queryParam("street", "370999009").get("/api/v1/areas").then().statusCode(404)
                .contentType(startsWith("application/json"))
                .body("message", equalTo("street 370999009 is not loaded"));
    }

    @Test
    void districtSummarisesItsStreetsAndAreas() throws Exception {
        JsonNode district = json(admin().queryParam("code", "370999").get("/api/v1/district")
                .then().statusCode(200).extract().asString());
        assertEquals("370999", district.get("code").asText());
        assertEquals("试验高新区", district.get("name").asText(), "name from division_reference");
        assertEquals(2, district.get("streets").asLong());
        assertEquals(3, district.get("areas").asLong());
        assertArrayEquals(ServeFixture.lonLatBoxOfRectangle(dataSource, 520000, 3900000, 524000, 3902000),
                doubles(district.get("bbox")), ROUNDING);
    }

    @Test
    void districtNameFallsBackToDistrictTableThenToCode() throws Exception {
        ServeFixture.execute(dataSource, "DELETE FROM division_reference WHERE code = '370999'");
        admin().queryParam("code", "370999").get("/api/v1/district").then().statusCode(200)
                .body("name", equalTo("区县 370999"));
        ServeFixture.execute(dataSource, "INSERT INTO district (code, name) VALUES ('370999', '试验区（交付）')");
        admin().queryParam("code", "370999").get("/api/v1/district").then().statusCode(200)
                .body("name", equalTo("试验区（交付）"));
    }

    @Test
    void districtWithoutCodeIsTheOneWithMostStreets() throws Exception {
        long mostStreets = ServeFixture.number(dataSource,
                "SELECT max(n) FROM (SELECT count(*) AS n FROM street GROUP BY district_code) d");
        JsonNode district = json(admin().get("/api/v1/district").then().statusCode(200).extract().asString());
        assertEquals(mostStreets, district.get("streets").asLong());
        assertTrue(district.get("code").asText().matches("\\d{6}"));
    }

    @Test
    void districtNotLoadedGets404AndMalformedCodeGets400() {
        admin().queryParam("code", "370998").get("/api/v1/district").then().statusCode(404)
                .body("message", equalTo("district 370998 is not loaded"));
        admin().queryParam("code", "3709").get("/api/v1/district").then().statusCode(400)
                .body("message", containsString("'code' must be a 6-digit district code"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/v1/streets", "/api/v1/areas?street=370999001", "/api/v1/district" })
    void withoutTokenGets401(String path) {
        given().get(path).then().statusCode(401);
    }
}
