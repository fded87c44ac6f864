package cn.jining.census.collect;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.jining.census.security.TokenHash;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;

@QuarkusTest
class AppApiIT {

    @Inject
    DataSource dataSource;

    CollectFixture fixture;

    @BeforeEach
    void load() throws Exception {
        fixture = new CollectFixture(dataSource).load();
    }

    @Test
    void meListsOnlyTheEnumeratorsSubareaWithBoundarySizhiAndNumberedBuildings() {
        given().auth().oauth2(CollectFixture.enumeratorA()).when().get("/api/v1/app/me")
                .then().statusCode(200)
                .body("role", equalTo("enumerator"))
                .body("subareas.code", contains(CollectFixture.SUBAREA_A))
                .body("subareas[0].boundary.type", equalTo("MultiPolygon"))
                .body("subareas[0].areaName", equalTo("东采社区"))
                .body("subareas[0].sizhi.north", equalTo("试验河"))
                .body("subareas[0].buildings.bid", contains("370970001001-A-01", "370970001001-A-02", "370970001001-A-03",
                        "370970001001-A-04"))
                .body("subareas[0].buildings.number", contains(1, 2, 3, 4))
                .body("subareas[0].buildings[0].at", hasSize(2))
                .body("subareas[0].buildings[0].use", equalTo("住宅"));
    }

    @Test
    void supervisorSeesEverySubareaOfTheArea() {
        given().auth().oauth2(CollectFixture.supervisor()).when().get("/api/v1/app/me")
                .then().statusCode(200).body("subareas.code", contains(CollectFixture.SUBAREA_A, CollectFixture.SUBAREA_B));
    }

    @Test
    void plannerAndAdministratorHaveNoAssignment() {
        given().auth().oauth2(CollectFixture.planner()).when().get("/api/v1/app/me").then().statusCode(403);
        given().auth().oauth2(CollectFixture.ADMIN).when().get("/api/v1/app/package.gpkg").then().statusCode(403);
    }

    /** The roster's contract: an enumerator's assigned subareas are their scopes. */
    @Test
    void subareaAssignedThroughTheRosterIsInMe() throws Exception {
        String token = TokenHash.newToken();
        fixture.value("""
                WITH u AS (INSERT INTO app_user (login, display_name, role)
                           VALUES ('collect-roster-' || substr(md5(random()::text), 1, 8), '名册普查员', 'enumerator') RETURNING id),
                     t AS (INSERT INTO api_token (user_id, token_sha256, label) SELECT id, ?, 'test' FROM u RETURNING user_id),
                     p AS (INSERT INTO person (person_id, name, role, street_code, user_id)
                           SELECT 'R' || id, '名册普查员', 'enumerator', '370970002', id FROM u RETURNING person_id)
                INSERT INTO enumerator_assignment (subarea_code, person_id, street_code, assigned_by)
                SELECT '370970002001002', person_id, '370970002', 'test' FROM p RETURNING subarea_code
                """, TokenHash.sha256(token));
        given().auth().oauth2(token).when().get("/api/v1/app/me")
                .then().statusCode(200).body("subareas.code", contains("370970002001002"));
    }

    @Test
    void offlinePackageHoldsTheAssignmentAndItsSurroundingsAndIsCheapToAskAgain() throws Exception {
        Response first = given().auth().oauth2(CollectFixture.enumeratorA()).when().get("/api/v1/app/package.gpkg");
        first.then().statusCode(200).contentType("application/geopackage+sqlite3").header("ETag", notNullValue());
        String etag = first.getHeader("ETag");
        Path file = Files.createTempFile("assignment", ".gpkg");
        try {
            Files.write(file, first.asByteArray());
            try (GeoPackage gpkg = GeoPackageManager.open(file.toFile())) {
                assertEquals(List.of("buildings", "roads", "subareas", "water"), gpkg.getFeatureTables().stream().sorted().toList());
                assertEquals(1, gpkg.getFeatureDao("subareas").count());
                assertEquals(4, gpkg.getFeatureDao("buildings").count(), "only the buildings of subarea A");
                assertEquals(1, gpkg.getFeatureDao("water").count());
                assertEquals(1, gpkg.getFeatureDao("roads").count(), "中心路 lies 200 m from subarea A, inside the margin");
                var rows = gpkg.getFeatureDao("water").queryForAll();
                try {
                    rows.moveToNext();
                    assertEquals("试验河", rows.getRow().getValue("name"));
                } finally {
                    rows.close();
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        given().auth().oauth2(CollectFixture.enumeratorA()).header("If-None-Match", etag)
                .when().get("/api/v1/app/package.gpkg").then().statusCode(304);

        // a building marked on the ground changes the package, so its tag changes
        String version = given().auth().oauth2(CollectFixture.enumeratorA())
                .when().get("/api/v1/app/buildings/370970001001-A-04").then().statusCode(200).extract().path("version").toString();
        given().auth().oauth2(CollectFixture.enumeratorA()).contentType(ContentType.JSON)
                .body(Map.of("subarea", CollectFixture.SUBAREA_A, "version", Long.parseLong(version), "floors", 4))
                .when().post("/api/v1/app/buildings/370970001001-A-04").then().statusCode(200);
        Response second = given().auth().oauth2(CollectFixture.enumeratorA()).header("If-None-Match", etag)
                .when().get("/api/v1/app/package.gpkg");
        second.then().statusCode(200);
        assertNotEquals(etag, second.getHeader("ETag"));
        assertTrue(second.asByteArray().length > 0);
    }
}
