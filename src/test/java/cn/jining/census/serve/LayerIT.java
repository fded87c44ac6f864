package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class LayerIT {

    @Inject
    DataSource dataSource;

    /** The fixture district's outline, 520000–524000 E, 3900000–3902000 N in EPSG:4548, in degrees. */
    private String fixtureBbox;

    @BeforeEach
    void insertFixture() throws Exception {
        ServeFixture.insert(dataSource);
        fixtureBbox = bbox(ServeFixture.lonLatBoxOfRectangle(dataSource, 520000, 3900000, 524000, 3902000));
    }

    @AfterEach
    void removeFixture() throws Exception {
        ServeFixture.remove(dataSource);
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(ADMIN_TOKEN);
    }

    private static String bbox(double[] box) {
        return String.format(Locale.ROOT, "%.7f,%.7f,%.7f,%.7f", box[0], box[1], box[2], box[3]);
    }

    private JsonNode layer(String layer, String bbox) throws Exception {
        String text = admin().queryParam("bbox", bbox).get("/api/v1/layers/" + layer)
                .then().statusCode(200).contentType(startsWith(LayerResource.GEO_JSON)).extract().asString();
        return Rfc7946.assertFeatureCollection(text);
    }

    private static List<String> ids(JsonNode collection) {
        List<String> ids = new ArrayList<>();
        collection.get("features").forEach(f -> ids.add(f.get("id").asText()));
        return ids;
    }

    @ParameterizedTest
    @CsvSource({
            "street,   2, MultiPolygon,    code",
            "area,     3, MultiPolygon,    kind",
            "subarea,  2, MultiPolygon,    households",
            "road,     2, MultiLineString, class",
            "water,    1, MultiPolygon,    kind",
            "landuse,  2, MultiPolygon,    dlbm",
            "building, 7, MultiPolygon,    households" })
    void everyLayerIsValidGeoJsonWithItsProperties(String layer, int features, String geometryType, String property)
            throws Exception {
        JsonNode collection = layer(layer, fixtureBbox);
        assertEquals(features, collection.get("features").size());
        assertEquals(features, collection.get("numberReturned").asInt());
        assertFalse(collection.get("truncated").asBoolean());
        for (JsonNode feature : collection.get("features")) {
            assertEquals(geometryType, feature.at("/geometry/type").asText());
            assertTrue(feature.get("properties").has(property), () -> feature.get("properties").toString());
        }
    }

    @Test
    void streetOutlineIsItsCornersConvertedByPostgis() throws Exception {
        JsonNode street = layer("street", fixtureBbox).get("features").get(0);
        assertEquals("370999001", street.get("id").asText());
        assertEquals("东湖街道", street.at("/properties/name").asText());
        JsonNode ring = street.at("/geometry/coordinates/0/0");
        assertEquals(5, ring.size());
        double[][] corners = { ServeFixture.toLonLat(dataSource, 520000, 3900000),
                ServeFixture.toLonLat(dataSource, 522000, 3900000), ServeFixture.toLonLat(dataSource, 522000, 3902000),
                ServeFixture.toLonLat(dataSource, 520000, 3902000) };
        for (double[] corner : corners) {
            boolean found = false;
            for (JsonNode p : ring) {
                found |= Math.abs(p.get(0).asDouble() - corner[0]) < 0.6e-7 && Math.abs(p.get(1).asDouble() - corner[1]) < 0.6e-7;
            }
            assertTrue(found, () -> "corner " + corner[0] + "," + corner[1] + " in " + ring);
        }
        // the centre of the largest inscribed circle of a square is its centre (to the 2 m tolerance)
        double[] centre = ServeFixture.toLonLat(dataSource, 521000, 3901000);
        JsonNode label = street.at("/properties/label_point");
        assertEquals(centre[0], label.get(0).asDouble(), 3e-5);
        assertEquals(centre[1], label.get(1).asDouble(), 3e-5);
    }

    @Test
    void buildingPropertiesAreTheDeliveryAttributes() throws Exception {
        JsonNode t2 = layer("building", fixtureBbox).get("features").get(1);
        assertEquals("T-0002", t2.get("id").asText());
        JsonNode p = t2.get("properties");
        assertEquals("T-0002", p.get("bid").asText());
        assertEquals(11, p.get("floors").asInt());
        assertEquals("住宅", p.get("use").asText());
        assertEquals(44, p.get("households").asInt());
        assertEquals("东湖路2号", p.get("address").asText());
        assertEquals("370999001", p.get("street_code").asText());
        assertEquals("370999001001", p.get("area_code").asText());
    }

    @Test
    void subareasAreDrawnWithoutVirtualOnesAndVerticalParts() throws Exception {
        JsonNode subareas = layer("subarea", fixtureBbox);
        assertEquals(List.of("370999001001001", "370999001001002"), ids(subareas));
        JsonNode first = subareas.get("features").get(0).get("properties");
        assertEquals("370999001001", first.get("area_code").asText());
        assertEquals(24, first.get("households").asInt());
        assertEquals(1, first.get("version").asInt());
    }

    @Test
    void bboxSelectsOnlyWhatItTouches() throws Exception {
        // inside the western street 370999002, around buildings T-0006 (523000, 3901000) but not T-0007
        String inside = bbox(ServeFixture.lonLatBoxOfRectangle(dataSource, 522500, 3900500, 523500, 3901500));
        assertEquals(List.of("370999002"), ids(layer("street", inside)));
        assertEquals(List.of("370999002001"), ids(layer("area", inside)));
        assertEquals(List.of("T-0006"), ids(layer("building", inside)));
        assertEquals(List.of("370999-9999000001"), ids(layer("road", inside)));
        assertEquals(List.of(), ids(layer("water", inside)), "the pond lies south of the box");
    }

    @Test
    void bboxFarFromTheDataGivesAnEmptyCollection() throws Exception {
        JsonNode world = layer("street", "-180,-90,180,90");
        assertTrue(ids(world).containsAll(List.of("370999001", "370999002")), "the whole world holds the fixture");
        JsonNode europe = layer("building", "2.2,48.8,2.5,48.9");
        assertEquals(0, europe.get("features").size());
        assertFalse(europe.get("truncated").asBoolean());
    }

    @Test
    void limitTruncatesInKeyOrderAndSaysSo() throws Exception {
        String text = admin().queryParam("bbox", fixtureBbox).queryParam("limit", 3).get("/api/v1/layers/building")
                .then().statusCode(200).extract().asString();
        JsonNode collection = Rfc7946.assertFeatureCollection(text);
        assertEquals(List.of("T-0001", "T-0002", "T-0003"), ids(collection));
        assertTrue(collection.get("truncated").asBoolean());
        assertEquals(3, collection.get("numberReturned").asInt());

        String all = admin().queryParam("bbox", fixtureBbox).queryParam("limit", 7).get("/api/v1/layers/building")
                .then().statusCode(200).extract().asString();
        assertFalse(Rfc7946.assertFeatureCollection(all).get("truncated").asBoolean(), "exactly the limit is not truncated");
    }

    @Test
    void unknownLayerGets400ListingTheLayers() {
        admin().queryParam("bbox", "116,35,117,36").get("/api/v1/layers/roads").then().statusCode(400)
                .contentType(startsWith("application/json"))
                .body("message", equalTo("unknown layer 'roads': one of street, area, subarea, road, water, landuse, building"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"                       | 'bbox' is required",
            "116,35,117               | expected four numbers minLon,minLat,maxLon,maxLat, got 3 values",
            "116,35,117,36,1          | got 5 values",
            "116,north,117,36         | 'north' is not a number",
            "116,35,NaN,36            | 'NaN' is not a finite number",
            "117,35,116,36            | minLon must be less than maxLon",
            "116,36,117,35            | minLat must be less than maxLat",
            "116,35,190,36            | longitudes must lie in [-180, 180]" })
    void malformedBboxGets400SayingWhatIsWrong(String bbox, String detail) {
        admin().queryParam("bbox", bbox).get("/api/v1/layers/building").then().statusCode(400)
                .body("message", containsString("'bbox'"))
                .body("message", containsString(detail));
    }

    @ParameterizedTest
    @CsvSource({ "0", "20001", "-5", "many" })
    void limitOutOfRangeGets400(String limit) {
        admin().queryParam("bbox", "116,35,117,36").queryParam("limit", limit).get("/api/v1/layers/building")
                .then().statusCode(400)
                .body("message", equalTo("query parameter 'limit' must be an integer from 1 to 20000, got '" + limit + "'"));
    }

    @Test
    void withoutTokenGets401() {
        given().queryParam("bbox", fixtureBbox).get("/api/v1/layers/street").then().statusCode(401);
    }
}
