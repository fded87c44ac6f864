package cn.jining.census.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.geojson.GeoJsonReader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks a FeatureCollection against what RFC 7946 requires or recommends: longitude/latitude
 * positions in range, no {@code crs} member, closed rings of at least four positions, exterior
 * rings counter-clockwise and holes clockwise (section 3.1.6), and geometries JTS finds valid.
 * Also that positions carry at most 7 decimals, the service's own promise.
 */
final class Rfc7946 {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GEOMETRY_TYPES = Set.of("Point", "MultiPoint", "LineString",
            "MultiLineString", "Polygon", "MultiPolygon");

    private Rfc7946() {
    }

    /** Asserts the text is a valid FeatureCollection and returns it parsed. */
    static JsonNode assertFeatureCollection(String text) throws Exception {
        JsonNode collection = JSON.readTree(text);
        assertEquals("FeatureCollection", collection.path("type").asText());
        assertFalse(collection.has("crs"), "RFC 7946 has no crs member");
        assertTrue(collection.path("features").isArray(), "features is an array");
        for (JsonNode feature : collection.get("features")) {
            assertEquals("Feature", feature.path("type").asText());
            assertTrue(feature.path("properties").isObject(), "properties is an object");
            JsonNode id = feature.get("id");
            assertTrue(id == null || id.isTextual() || id.isNumber(), "id is a string or number");
            JsonNode geometry = feature.get("geometry");
            String type = geometry.path("type").asText();
            assertTrue(GEOMETRY_TYPES.contains(type), type);
            checkCoordinates(type, geometry.get("coordinates"));
            Geometry jts = new GeoJsonReader().read(geometry.toString());
            assertTrue(jts.isValid(), () -> "JTS finds " + feature.get("id") + " invalid");
        }
        return collection;
    }

    private static void checkCoordinates(String type, JsonNode c) {
        switch (type) {
            case "Point" -> position(c);
            case "MultiPoint", "LineString" -> c.forEach(Rfc7946::position);
            case "MultiLineString" -> c.forEach(line -> line.forEach(Rfc7946::position));
            case "Polygon" -> polygon(c);
            case "MultiPolygon" -> c.forEach(Rfc7946::polygon);
            default -> throw new AssertionError(type);
        }
    }

    private static void polygon(JsonNode rings) {
        for (int i = 0; i < rings.size(); i++) {
            JsonNode ring = rings.get(i);
            assertTrue(ring.size() >= 4, "a linear ring has at least four positions");
            ring.forEach(Rfc7946::position);
            assertEquals(ring.get(0), ring.get(ring.size() - 1), "a linear ring is closed");
            double area = signedArea(ring);
            assertTrue(i == 0 ? area > 0 : area < 0, i == 0 ? "exterior ring counter-clockwise" : "hole clockwise");
        }
    }

    private static void position(JsonNode p) {
        assertTrue(p.isArray() && p.size() == 2, "a position is [lon, lat]: " + p);
        double lon = p.get(0).asDouble();
        double lat = p.get(1).asDouble();
        assertTrue(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90, "lon/lat in range: " + p);
        for (JsonNode ordinate : p) {
            assertTrue(ordinate.decimalValue().stripTrailingZeros().scale() <= 7, "at most 7 decimals: " + p);
        }
    }

    /** Shoelace formula: positive for a counter-clockwise ring in lon/lat. */
    private static double signedArea(JsonNode ring) {
        double sum = 0;
        for (int i = 0; i + 1 < ring.size(); i++) {
            sum += ring.get(i).get(0).asDouble() * ring.get(i + 1).get(1).asDouble()
                    - ring.get(i + 1).get(0).asDouble() * ring.get(i).get(1).asDouble();
        }
        return sum / 2;
    }
}
