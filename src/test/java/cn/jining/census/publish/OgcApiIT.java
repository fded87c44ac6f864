package cn.jining.census.publish;

import static cn.jining.census.publish.PublishFixture.ADMIN;
import static cn.jining.census.publish.PublishFixture.AREA;
import static cn.jining.census.publish.PublishFixture.number;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * OGC API – Features on the bundled delivery with one area delineated and one of its subareas
 * assigned: GDAL's OAPIF driver reads every collection of the running service with the counts
 * PostGIS has, paging follows next links, and a scoped caller sees its own area alone.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OgcApiIT {

    @Inject
    DataSource dataSource;

    private boolean delineated;

    /** The subarea of the area with an enumerator. */
    private String assigned;

    @TestHTTPResource("/ogc")
    URL ogc;

    /**
     * Delineates the area and assigns one subarea once, before the first test (RestAssured knows
     * the port only from then on).
     */
    @BeforeEach
    void delineateOneArea() throws Exception {
        if (delineated) {
            return;
        }
        delineated = true;
        PublishFixture.delineateArea();
        assigned = PublishFixture.assignOneEnumerator(dataSource);
    }

    @AfterAll
    void forgetIt() throws Exception {
        PublishFixture.forgetEnumerator(dataSource);
        PublishFixture.forgetSubareas(dataSource);
    }

    /** Features GDAL reads from a collection, paging through it, counted from its listing. */
    private int featuresGdalReads(String token, String layer) throws Exception {
        String listing = PublishFixture.run(Map.of("GDAL_HTTP_HEADERS", "Authorization: Bearer " + token),
                "ogrinfo", "-ro", "-al", "-geom=NO", "-oo", "PAGE_SIZE=5000", "OAPIF:" + ogc, layer);
        Matcher m = Pattern.compile("(?m)^OGRFeature\\(").matcher(listing);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    @ParameterizedTest
    @CsvSource({
            "streets,   SELECT count(*) FROM street",
            "areas,     SELECT count(*) FROM area",
            "subareas,  SELECT count(*) FROM subarea WHERE NOT virtual AND vertical_of IS NULL",
            "buildings, SELECT count(*) FROM building",
            "roads,     SELECT count(*) FROM road",
            "water,     SELECT count(*) FROM water",
            "landuse,   SELECT count(*) FROM landuse",
            "issues,    SELECT count(*) FROM coverage_issue",
            "assignments, SELECT count(*) FROM subarea WHERE NOT virtual AND vertical_of IS NULL",
            "progress,  SELECT count(*) FROM subarea WHERE NOT virtual AND vertical_of IS NULL" })
    void gdalReadsEveryCollectionWithTheCountOfTheDatabase(String layer, String expected) throws Exception {
        assumeTrue(PublishFixture.installed("ogrinfo"), "GDAL (gdal-bin) is not installed");
        assertEquals(number(dataSource, expected), featuresGdalReads(ADMIN, layer), layer);
    }

    @Test
    void gdalListsTheTenCollections() throws Exception {
        assumeTrue(PublishFixture.installed("ogrinfo"), "GDAL (gdal-bin) is not installed");
        String listing = PublishFixture.run(Map.of("GDAL_HTTP_HEADERS", "Authorization: Bearer " + ADMIN),
                "ogrinfo", "-ro", "-q", "OAPIF:" + ogc);
        for (String layer : List.of("streets", "areas", "subareas", "buildings", "roads", "water", "landuse", "issues",
                "assignments", "progress")) {
            assertTrue(listing.contains(": " + layer + " ") || listing.contains(": " + layer + "\n")
                    || listing.contains(": " + layer + " ("), layer + " missing from:\n" + listing);
        }
    }

    @Test
    void aPlannerOfOneAreaReadsThatAreaAloneThroughGdal() throws Exception {
        assumeTrue(PublishFixture.installed("ogrinfo"), "GDAL (gdal-bin) is not installed");
        String planner = PublishFixture.person("planner", AREA);
        assertEquals(1, featuresGdalReads(planner, "areas"));
        long subareas = number(dataSource, "SELECT count(*) FROM subarea WHERE area_code = '" + AREA + "' AND NOT virtual "
                + "AND vertical_of IS NULL");
        assertEquals(subareas, featuresGdalReads(planner, "subareas"));
        assertEquals(subareas, featuresGdalReads(planner, "assignments"));
        assertEquals(subareas, featuresGdalReads(planner, "progress"));
        assertEquals(number(dataSource, "SELECT count(*) FROM building WHERE area_code = '" + AREA + "'"),
                featuresGdalReads(planner, "buildings"));
        assertEquals(0, featuresGdalReads(planner, "streets"), "a street is above an area scope");
        assertEquals(0, featuresGdalReads(planner, "roads"), "roads belong to their street");
    }

    @Test
    void aFeatureOutsideTheCallersScopeIsNotFound() throws Exception {
        String planner = PublishFixture.person("planner", AREA);
        String inside = PublishFixture.column(dataSource,
                "SELECT bid FROM building WHERE area_code = '" + AREA + "' ORDER BY bid LIMIT 1").get(0);
        String outside = PublishFixture.column(dataSource,
                "SELECT bid FROM building WHERE area_code = '" + PublishFixture.OTHER_AREA + "' ORDER BY bid LIMIT 1").get(0);
        given().auth().oauth2(planner).get("/ogc/collections/buildings/items/" + inside).then().statusCode(200)
                .contentType(startsWith(OgcResource.GEO_JSON)).body("id", equalTo(inside))
                .body("properties.area", equalTo(AREA)).body("links.rel", hasItems("self", "collection"));
        given().auth().oauth2(planner).get("/ogc/collections/buildings/items/" + outside).then().statusCode(404);
        given().auth().oauth2(ADMIN).get("/ogc/collections/buildings/items/" + outside).then().statusCode(200);
        given().auth().oauth2(planner).get("/ogc/collections/areas/items?limit=1").then().statusCode(200)
                .body("numberMatched", equalTo(1)).body("features[0].id", equalTo(AREA));
    }

    @Test
    void assignmentsAndProgressCarryTheFiguresOfTheDatabase() throws Exception {
        given().auth().oauth2(ADMIN).get("/ogc/collections/assignments/items/" + assigned).then().statusCode(200)
                .body("properties.assigned", equalTo(true))
                .body("properties.enumerator", equalTo(PublishFixture.ENUMERATOR_NAME))
                .body("properties.person_ids", equalTo(PublishFixture.ENUMERATOR_ID));
        String unassigned = PublishFixture.column(dataSource, "SELECT code FROM subarea s WHERE area_code = '" + AREA
                + "' AND NOT virtual AND vertical_of IS NULL AND NOT EXISTS "
                + "(SELECT 1 FROM enumerator_assignment e WHERE e.subarea_code = s.code) ORDER BY code LIMIT 1").get(0);
        given().auth().oauth2(ADMIN).get("/ogc/collections/assignments/items/" + unassigned).then().statusCode(200)
                .body("properties.assigned", equalTo(false)).body("properties.enumerator", equalTo(""));

        long buildings = number(dataSource, "SELECT count(*) FROM subarea_building WHERE subarea_code = '" + assigned + "'");
        long visited = number(dataSource, "SELECT count(*) FROM building_progress WHERE status <> 'pending' "
                + "AND subarea_code = '" + assigned + "'");
        assertTrue(buildings > 0, "the subarea registers buildings");
        JsonPath progress = given().auth().oauth2(ADMIN).get("/ogc/collections/progress/items/" + assigned).then()
                .statusCode(200).extract().jsonPath();
        assertEquals(buildings, progress.getLong("properties.buildings"));
        assertEquals(visited, progress.getLong("properties.visited"));
        assertEquals((double) visited / buildings, progress.getDouble("properties.completion"), 1e-4);
    }

    @Test
    void pagesFollowEachOtherByNextLinksWithoutGapsOrRepeats() throws Exception {
        Set<String> expected = new HashSet<>(PublishFixture.column(dataSource,
                "SELECT code FROM subarea WHERE area_code = '" + AREA + "' AND NOT virtual AND vertical_of IS NULL"));
        assertTrue(expected.size() >= 3, "the delineated area has several subareas");
        String planner = PublishFixture.person("supervisor", AREA);
        List<String> seen = new ArrayList<>();
        String next = ogc + "/collections/subareas/items?limit=2";
        int pages = 0;
        while (next != null) {
            JsonPath page = given().auth().oauth2(planner).get(next).then().statusCode(200)
                    .contentType(startsWith(OgcResource.GEO_JSON)).extract().jsonPath();
            assertEquals(expected.size(), page.getInt("numberMatched"));
            assertEquals(page.getList("features").size(), page.getInt("numberReturned"));
            seen.addAll(page.getList("features.id"));
            next = page.getString("links.find { it.rel == 'next' }.href");
            pages++;
        }
        assertEquals(expected.size(), seen.size(), "no feature twice");
        assertEquals(expected, new HashSet<>(seen));
        assertEquals((expected.size() + 1) / 2, pages);
    }

    @Test
    void aLimitAboveTheMaximumIsLoweredToIt() {
        JsonPath page = given().auth().oauth2(ADMIN).get("/ogc/collections/buildings/items?limit=50000").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(OgcResource.MAX_LIMIT, page.getInt("numberReturned"));
        assertTrue(page.getString("links.find { it.rel == 'next' }.href").contains("limit=" + OgcResource.MAX_LIMIT));
    }

    @Test
    void bboxSelectsWhatTheLayerEndpointSelects() throws Exception {
        // the lon/lat extent of the delineated area, as PostGIS converts it
        String bbox = PublishFixture.column(dataSource, "SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) "
                + "FROM (SELECT ST_Extent(ST_Transform(geom, 4326)) AS e FROM area WHERE code = '" + AREA + "') x").get(0);
        int layerCount = given().auth().oauth2(ADMIN).queryParam("bbox", bbox).queryParam("limit", 20000)
                .get("/api/v1/layers/building").then().statusCode(200).extract().path("numberReturned");
        JsonPath page = given().auth().oauth2(ADMIN).queryParam("bbox", bbox).queryParam("limit", 10000)
                .get("/ogc/collections/buildings/items").then().statusCode(200).extract().jsonPath();
        assertTrue(layerCount > 0, "the box holds buildings");
        assertEquals(layerCount, page.getInt("numberMatched"));
        List<List<List<List<Float>>>> polygons = page.getList("features.collect { it.geometry.coordinates[0] }");
        assertFalse(polygons.isEmpty());
        for (List<List<List<Float>>> polygon : polygons) {
            float lon = polygon.get(0).get(0).get(0);
            float lat = polygon.get(0).get(0).get(1);
            assertTrue(lon > 116 && lon < 117 && lat > 35 && lat < 36, "CRS84 longitude, latitude, got " + lon + ", " + lat);
        }
    }

    @Test
    void landingPageConformanceAndCollectionsLinkAsTheStandardAsks() {
        given().auth().oauth2(ADMIN).get("/ogc").then().statusCode(200)
                .body("links.rel", hasItems("self", "service-desc", "conformance", "data"));
        given().auth().oauth2(ADMIN).get("/ogc/conformance").then().statusCode(200)
                .body("conformsTo", hasItems("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
                        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"));
        JsonPath collections = given().auth().oauth2(ADMIN).get("/ogc/collections").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("streets", "areas", "subareas", "buildings", "roads", "water", "landuse", "issues",
                "assignments", "progress"), collections.getList("collections.id"));
        assertEquals(OgcResource.CRS84, collections.getString("collections[3].extent.spatial.crs"));
        given().auth().oauth2(ADMIN).get("/ogc/collections/water").then().statusCode(200)
                .body("id", equalTo("water")).body("itemType", equalTo("feature"))
                .body("links.findAll { it.rel == 'items' }.type", hasItem(OgcResource.GEO_JSON));
    }

    @Test
    void badRequestsAreAnsweredWithTheirReason() {
        given().get("/ogc/collections").then().statusCode(401);
        given().auth().oauth2(ADMIN).get("/ogc/collections/people").then().statusCode(404)
                .body("message", startsWith("no collection 'people'"));
        given().auth().oauth2(ADMIN).get("/ogc/collections/areas/items?bbox=116,35,117").then().statusCode(400)
                .body("message", startsWith("query parameter 'bbox' is malformed"));
        given().auth().oauth2(ADMIN).get("/ogc/collections/areas/items?limit=0").then().statusCode(400)
                .body("message", startsWith("query parameter 'limit'"));
        given().auth().oauth2(ADMIN).get("/ogc/collections/areas/items?offset=-1").then().statusCode(400)
                .body("message", startsWith("query parameter 'offset'"));
        assertNull(given().auth().oauth2(ADMIN).get("/ogc/collections/areas/items?offset=100000").then().statusCode(200)
                .extract().jsonPath().getString("links.find { it.rel == 'next' }.href"));
    }
}
