package cn.jining.census.collect;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class BuildingMarkingIT {

    @Inject
    DataSource dataSource;

    CollectFixture fixture;

    @BeforeEach
    void load() throws Exception {
        fixture = new CollectFixture(dataSource).load();
    }

    /** A GeoJSON Polygon of the EPSG:4548 rectangle, in lon/lat as a phone draws it. */
    private Map<String, Object> rectangle(double x0, double y0, double x1, double y1) throws Exception {
        List<List<Double>> ring = new ArrayList<>();
        for (double[] corner : new double[][] { { x0, y0 }, { x1, y0 }, { x1, y1 }, { x0, y1 }, { x0, y0 } }) {
            double[] p = fixture.lonLat(corner[0], corner[1]);
            ring.add(List.of(p[0], p[1]));
        }
        return Map.of("type", "Polygon", "coordinates", List.of(ring));
    }

    private Map<String, Object> newBuilding(String subarea, Map<String, Object> geometry, int households) {
        Map<String, Object> body = new HashMap<>();
        body.put("subarea", subarea);
        body.put("geometry", geometry);
        body.put("floors", 2);
        body.put("use", "住宅");
        body.put("households", households);
        body.put("reason", "摸底发现新建住宅");
        return body;
    }

    @Test
    void buildingAddedInsideOwnSubareaIsRegisteredCountedAndLogged() throws Exception {
        int householdsBefore = Integer.parseInt(fixture.value("SELECT households FROM subarea WHERE code = ?", CollectFixture.SUBAREA_A));
        String bid = given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON)
                .body(newBuilding(CollectFixture.SUBAREA_A, rectangle(600060, 3900450, 600080, 3900465), 6))
                .when().post("/api/v1/app/buildings")
                .then().statusCode(201).body("bid", startsWith("370970001001-M")).body("households", equalTo(6))
                .extract().path("bid");
        assertEquals(CollectFixture.SUBAREA_A, fixture.value("SELECT subarea_code FROM subarea_building WHERE bid = ?", bid));
        assertEquals(householdsBefore + 6,
                Integer.parseInt(fixture.value("SELECT households FROM subarea WHERE code = ?", CollectFixture.SUBAREA_A)));
        assertEquals("collect-enum-a mark-building 摸底发现新建住宅",
                fixture.value("SELECT actor || ' ' || action || ' ' || reason FROM edit_log WHERE entity = 'building' AND entity_key = ?", bid));
        given().auth().oauth2(CollectFixture.enumeratorA()).when().get("/api/v1/app/me")
                .then().body("subareas[0].buildings.bid", hasItem(bid));
    }

    @Test
    void outlineLeavingTheSubareaGets422NamingTheCoordinateAndChangesNothing() throws Exception {
        String before = fixture.value("SELECT count(*) FROM building WHERE area_code = ?", CollectFixture.AREA_AB);
        // the first drawn vertex outside: the ring runs (600190, 3900450) → (600210, 3900450) → …
        double[] outside = fixture.lonLat(600210, 3900450);
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON)
                .body(newBuilding(CollectFixture.SUBAREA_A, rectangle(600190, 3900450, 600210, 3900465), 3))
                .when().post("/api/v1/app/buildings")
                .then().statusCode(422).body("message", containsString("lies outside subarea " + CollectFixture.SUBAREA_A))
                .body("message", containsString(String.format(Locale.ROOT, "coordinate [%.7f, %.7f]", outside[0], outside[1])));
        assertEquals(before, fixture.value("SELECT count(*) FROM building WHERE area_code = ?", CollectFixture.AREA_AB));
    }

    @Test
    void anotherEnumeratorsSubareaIs403() throws Exception {
        given().auth().oauth2(CollectFixture.enumeratorB()).contentType(ContentType.JSON)
                .body(newBuilding(CollectFixture.SUBAREA_A, rectangle(600060, 3900500, 600080, 3900515), 3))
                .when().post("/api/v1/app/buildings").then().statusCode(403);
        given().auth().oauth2(CollectFixture.enumeratorB()).contentType(ContentType.JSON)
                .body(Map.of("subarea", CollectFixture.SUBAREA_A, "version", 1, "households", 99))
                .when().post("/api/v1/app/buildings/" + CollectFixture.BUILDING_A1).then().statusCode(403);
        given().auth().oauth2(CollectFixture.enumeratorB()).when().get("/api/v1/app/buildings/" + CollectFixture.BUILDING_A1)
                .then().statusCode(403);
    }

    @Test
    void movingWithAStaleVersionGets409AndTheCurrentOneSucceeds() throws Exception {
        String bid = "370970001001-A-03";
        long version = Long.parseLong(fixture.value("SELECT version FROM building WHERE bid = ?", bid));
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON)
                .body(Map.of("subarea", CollectFixture.SUBAREA_A, "version", version,
                        "geometry", rectangle(600030, 3900320, 600050, 3900335), "reason", "位置校正"))
                .when().post("/api/v1/app/buildings/" + bid)
                .then().statusCode(200);
        long moved = Long.parseLong(fixture.value("SELECT version FROM building WHERE bid = ?", bid));
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON)
                .body(Map.of("subarea", CollectFixture.SUBAREA_A, "version", version, "households", 12))
                .when().post("/api/v1/app/buildings/" + bid)
                .then().statusCode(409).body("message", containsString("version"));
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON)
                .body(Map.of("subarea", CollectFixture.SUBAREA_A, "version", moved, "households", 12))
                .when().post("/api/v1/app/buildings/" + bid)
                .then().statusCode(200).body("households", equalTo(12));
        assertEquals("12", fixture.value("SELECT households FROM building WHERE bid = ?", bid));
        assertEquals("2", fixture.value("SELECT count(*) FROM edit_log WHERE entity = 'building' AND entity_key = ?", bid));
    }

    @Test
    void unknownOrForbiddenFieldGets400NamingIt() throws Exception {
        Map<String, Object> body = newBuilding(CollectFixture.SUBAREA_A, rectangle(600060, 3900530, 600080, 3900545), 3);
        body.put("households_record", 50);
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/app/buildings")
                .then().statusCode(400).body("message", containsString("body.households_record"));
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON)
                .body(Map.of("subarea", CollectFixture.SUBAREA_A, "version", 1, "use", "商业"))
                .when().post("/api/v1/app/buildings/" + CollectFixture.BUILDING_A1)
                .then().statusCode(400).body("message", containsString("body.use"));
    }

    @Test
    void outlineWithTooManyVerticesGets400() throws Exception {
        List<List<Double>> ring = new ArrayList<>();
        double[] centre = fixture.lonLat(600100, 3900500);
        for (int i = 0; i < 600; i++) {
            double a = 2 * Math.PI * i / 600;
            ring.add(List.of(centre[0] + 0.00005 * Math.cos(a), centre[1] + 0.00005 * Math.sin(a)));
        }
        ring.add(ring.get(0));
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON)
                .body(newBuilding(CollectFixture.SUBAREA_A, Map.of("type", "Polygon", "coordinates", List.of(ring)), 1))
                .when().post("/api/v1/app/buildings")
                .then().statusCode(400).body("message", containsString("601 vertices"));
    }

    @Test
    void outlineOverlappingAnotherBuildingGets422() throws Exception {
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON)
                .body(newBuilding(CollectFixture.SUBAREA_A, rectangle(600110, 3900105, 600125, 3900125), 3))
                .when().post("/api/v1/app/buildings")
                .then().statusCode(422).body("message", containsString("overlaps building 370970001001-A-02"));
    }
}
