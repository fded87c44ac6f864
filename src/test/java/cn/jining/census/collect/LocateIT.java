package cn.jining.census.collect;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

@QuarkusTest
class LocateIT {

    @Inject
    DataSource dataSource;

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/api/v1/locate")
    URL locateUrl;

    CollectFixture fixture;

    @BeforeEach
    void load() throws Exception {
        fixture = new CollectFixture(dataSource).load();
    }

    @Test
    void pointInOwnSubareaIsMineAndNamesStreetAndArea() throws Exception {
        double[] p = fixture.lonLat(600100, 3900200);
        given().auth().oauth2(CollectFixture.enumeratorA()).queryParam("lon", p[0]).queryParam("lat", p[1])
                .when().get("/api/v1/locate")
                .then().statusCode(200)
                .body("street.code", equalTo(CollectFixture.STREET_AB)).body("street.name", equalTo("采集东街道"))
                .body("area.code", equalTo(CollectFixture.AREA_AB)).body("area.name", equalTo("东采社区"))
                .body("subarea.code", equalTo(CollectFixture.SUBAREA_A)).body("mine", equalTo(true));
        given().auth().oauth2(CollectFixture.enumeratorB()).queryParam("lon", p[0]).queryParam("lat", p[1])
                .when().get("/api/v1/locate")
                .then().statusCode(200).body("subarea.code", equalTo(CollectFixture.SUBAREA_A)).body("mine", equalTo(false));
    }

    @Test
    void pointOnTheLineBetweenTwoSubareasGoesToTheSmallerCode() throws Exception {
        // x 600200 is the shared edge of subareas A (…001) and B (…002), projected by PostGIS itself
        List<String> onEdge = fixture.rows("""
                SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(600200, 3900300), 4548), 4326) p
                """).get(0);
        JsonPath answer = given().auth().oauth2(CollectFixture.enumeratorB())
                .queryParam("lon", onEdge.get(0)).queryParam("lat", onEdge.get(1))
                .when().get("/api/v1/locate").then().statusCode(200).extract().jsonPath();
        double[] p = { Double.parseDouble(onEdge.get(0)), Double.parseDouble(onEdge.get(1)) };
        assertEquals(expectedAt(List.of(p)).get(0).get(2), answer.getString("subarea.code"));
    }

    @Test
    void pointOutsideEveryUnitAnswersNulls() {
        given().auth().oauth2(CollectFixture.enumeratorA()).queryParam("lon", "80.0").queryParam("lat", "40.0")
                .when().get("/api/v1/locate")
                .then().statusCode(200).body("street", nullValue()).body("subarea", nullValue()).body("mine", equalTo(false));
    }

    @ParameterizedTest
    @CsvSource({ "'',35.2,lon", "abc,35.2,lon", "NaN,35.2,lon", "200,35.2,lon", "116.6,,lat", "116.6,95,lat", "35.2,116.6,lon" })
    void malformedCoordinateGets400NamingIt(String lon, String lat, String field) {
        var request = given().auth().oauth2(CollectFixture.enumeratorA());
        if (!lon.isEmpty()) {
            request.queryParam("lon", lon);
        }
        if (lat != null) {
            request.queryParam("lat", lat);
        }
        request.when().get("/api/v1/locate")
                .then().statusCode(400).body("status", equalTo(400)).body("message", containsString(field + ":"));
    }

    @Test
    void withoutTokenIs401() {
        given().queryParam("lon", "116.6").queryParam("lat", "35.4").when().get("/api/v1/locate").then().statusCode(401);
    }

    /**
     * 2 000 points agree with PostGIS ST_Intersects at every level: random points over the bundled
     * district and the test district, and a quarter of them on vertices of area and subarea
     * outlines (within the rounding of a lon/lat round trip), where the boundary rule decides.
     */
    @Test
    void answersAgreeWithStIntersectsOnRandomAndBoundaryPoints() throws Exception {
        Random random = new Random(20201101);
        List<double[]> points = new ArrayList<>();
        for (String district : List.of("370871", "370970")) {
            List<String> box = fixture.rows("""
                    SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)
                      FROM (SELECT ST_Extent(ST_Transform(geom, 4326))::geometry AS b FROM area WHERE code LIKE ?) e
                    """, district + "%").get(0);
            double x0 = Double.parseDouble(box.get(0)), y0 = Double.parseDouble(box.get(1));
            double x1 = Double.parseDouble(box.get(2)), y1 = Double.parseDouble(box.get(3));
            for (int i = 0; i < 750; i++) {
                points.add(new double[] { x0 + random.nextDouble() * (x1 - x0), y0 + random.nextDouble() * (y1 - y0) });
            }
        }
        for (List<String> vertex : fixture.rows("""
                SELECT ST_X(p), ST_Y(p) FROM (
                  SELECT ST_Transform((ST_DumpPoints(geom)).geom, 4326) AS p FROM area WHERE code LIKE '370871%'
                  UNION ALL
                  SELECT ST_Transform((ST_DumpPoints(geom)).geom, 4326) FROM subarea WHERE code LIKE '370970%') v
                 ORDER BY md5(ST_AsText(p)) LIMIT 500
                """)) {
            points.add(new double[] { Double.parseDouble(vertex.get(0)), Double.parseDouble(vertex.get(1)) });
        }
        assertEquals(2000, points.size());
        List<List<String>> expected = expectedAt(points);
        // a plain HTTP client: 2 000 requests through RestAssured take minutes on a loaded machine
        HttpClient http = HttpClient.newHttpClient();
        int boundaryHits = 0;
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(locateUrl + "?lon=" + p[0] + "&lat=" + p[1]))
                    .header("Authorization", "Bearer " + CollectFixture.ADMIN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode answer = json.readTree(response.body());
            String at = p[0] + "," + p[1];
            assertEquals(expected.get(i).get(0), answer.path("street").path("code").textValue(), "street at " + at);
            assertEquals(expected.get(i).get(1), answer.path("area").path("code").textValue(), "area at " + at);
            assertEquals(expected.get(i).get(2), answer.path("subarea").path("code").textValue(), "subarea at " + at);
            if (Integer.parseInt(expected.get(i).get(3)) > 1) {
                boundaryHits++;
            }
        }
        assertTrue(boundaryHits > 100, "points within 1 mm of a shared boundary: " + boundaryHits);
    }

    /**
     * What the I/O thread answers without waiting: nothing before the index is built or once its
     * check is due, and then exactly what the blocking path answers.
     */
    @Test
    void answerWithoutWaitingEqualsTheCheckedAnswer() throws Exception {
        LocateIndex index = new LocateIndex(dataSource, refreshEvery(60_000));
        double[] inside = fixture.lonLat(600100, 3900200);
        LocateQuery query = new LocateQuery(dataSource, index);
        assertTrue(query.fromMemory(inside[0], inside[1]).isEmpty(), "answered before the index was built");
        LocateQuery.Place checked = query.at(inside[0], inside[1]);
        assertEquals(CollectFixture.STREET_AB, checked.streetCode());
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            double lon = inside[0] + (random.nextDouble() - 0.5) * 0.02, lat = inside[1] + (random.nextDouble() - 0.5) * 0.02;
            assertEquals(Optional.of(query.at(lon, lat)), query.fromMemory(lon, lat), "at " + lon + "," + lat);
        }
        LocateIndex alwaysChecking = new LocateIndex(dataSource, refreshEvery(0));
        new LocateQuery(dataSource, alwaysChecking).at(inside[0], inside[1]);
        assertTrue(new LocateQuery(dataSource, alwaysChecking).fromMemory(inside[0], inside[1]).isEmpty(),
                "answered without the check that is due");
    }

    private static AppSettings refreshEvery(long millis) {
        return new AppSettings() {
            @Override
            public int maxVertices() {
                return 500;
            }

            @Override
            public double maxBuildingArea() {
                return 20_000;
            }

            @Override
            public int maxBatch() {
                return 1000;
            }

            @Override
            public long locateRefreshMillis() {
                return millis;
            }

            @Override
            public double packageMargin() {
                return 200;
            }
        };
    }

    /**
     * The documented rule asked of PostGIS directly for every point in one statement: at each level
     * the smallest code whose closed polygon holds the point; then how many areas lie within 1 mm.
     */
    private List<List<String>> expectedAt(List<double[]> points) throws Exception {
        Double[] lons = points.stream().map(p -> p[0]).toArray(Double[]::new);
        Double[] lats = points.stream().map(p -> p[1]).toArray(Double[]::new);
        return fixture.rows("""
                SELECT (SELECT min(code) FROM street WHERE ST_Intersects(geom, pt)),
                       (SELECT min(code) FROM area WHERE ST_Intersects(geom, pt)),
                       (SELECT min(code) FROM subarea WHERE ST_Intersects(geom, pt) AND vertical_of IS NULL),
                       (SELECT count(*) FROM area WHERE ST_DWithin(geom, pt, 0.001))
                  FROM (SELECT n, ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 4548) AS pt
                          FROM unnest(?::float8[], ?::float8[]) WITH ORDINALITY AS p(lon, lat, n)) points
                 ORDER BY n
                """, lons, lats);
    }
}
