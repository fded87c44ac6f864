package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * A planner's edit through the API changes exactly the subarea tiles it touched: two neighbouring
 * subareas of the bundled 西闸社区 are merged, the tile across their former boundary is new (ETag and
 * bytes), a tile 300 m away keeps its ETag and stays cached.
 */
@QuarkusTest
class TileEditIT {

    private static final String AREA = "370871001002";
    private static final long PATIENCE_MILLIS = 15_000;

    @Inject
    DataSource dataSource;

    @Inject
    TileCache cache;

    @Inject
    TileSets sets;

    @BeforeEach
    void acceptTheArea() {
        given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("scope", AREA, "accept", true, "replace", true))
                .post("/api/v1/delineations").then().statusCode(200);
    }

    /** Leaves the district as loaded for the tests that follow (the edit log stays: append-only). */
    @AfterEach
    void forgetTheSubareas() throws Exception {
        ServeFixture.execute(dataSource, """
                DELETE FROM subarea WHERE area_code = '%1$s';
                DELETE FROM area_state WHERE area_code = '%1$s';
                DELETE FROM area_delineation WHERE area_code = '%1$s';
                """.formatted(AREA));
    }

    /** Columns of the first row of a query, as text. */
    private String[] row(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            String[] row = new String[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getString(i + 1);
            }
            return row;
        }
    }

    private static String path(int[] zxy) {
        return "/tiles/subareas/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + ".mvt";
    }

    @Test
    void mergingTwoSubareasChangesTheTilesTheyTouchAndNoOther() throws Exception {
        // two subareas sharing more than a metre of boundary, a point on that boundary, and a
        // point inside a subarea 300 m clear of both
        String[] pair = row("""
                SELECT a.code, b.code, a.version, b.version,
                       ST_X(p), ST_Y(p), ST_X(q), ST_Y(q)
                  FROM subarea a
                  JOIN subarea b ON b.area_code = a.area_code AND b.code > a.code
                 CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(
                           ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))), 4326) AS p) shared
                 CROSS JOIN LATERAL (SELECT ST_Transform(ST_PointOnSurface(o.geom), 4326) AS q
                                       FROM subarea o
                                      WHERE o.area_code = a.area_code AND o.vertical_of IS NULL AND NOT o.virtual
                                        AND NOT ST_DWithin(o.geom, ST_Envelope(ST_Collect(a.geom, b.geom)), 300)
                                      ORDER BY o.code LIMIT 1) away
                 WHERE a.area_code = '%s' AND NOT a.virtual AND NOT b.virtual
                   AND a.vertical_of IS NULL AND b.vertical_of IS NULL
                   AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 1
                 ORDER BY a.code, b.code LIMIT 1
                """.formatted(AREA));
        String[] touched = { path(ServeFixture.tileAt(16, new double[] { Double.parseDouble(pair[4]), Double.parseDouble(pair[5]) })),
                path(ServeFixture.tileAt(14, new double[] { Double.parseDouble(pair[4]), Double.parseDouble(pair[5]) })) };
        int[] away = ServeFixture.tileAt(17, new double[] { Double.parseDouble(pair[6]), Double.parseDouble(pair[7]) });
        String untouched = path(away);

        String[] etags = new String[touched.length];
        byte[][] before = new byte[touched.length][];
        for (int i = 0; i < touched.length; i++) {
            Response r = given().auth().oauth2(ADMIN_TOKEN).get(touched[i]);
            r.then().statusCode(200);
            etags[i] = r.header("ETag");
            before[i] = r.asByteArray();
        }
        Response untouchedBefore = given().auth().oauth2(ADMIN_TOKEN).get(untouched);
        untouchedBefore.then().statusCode(200);
        TileAddress awayTile = new TileAddress(away[0], away[1], away[2]);
        assertTrue(cache.holds(sets.vector(TileLayer.SUBAREAS), TileScope.EVERYTHING, awayTile));

        given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("with", pair[1], "versions", Map.of(pair[0], Long.parseLong(pair[2]), pair[1], Long.parseLong(pair[3])),
                        "reason", "合并后便于入户"))
                .post("/api/v1/subareas/" + pair[0] + "/merge").then().statusCode(200).body("deleted", hasItem(pair[1]));

        for (int i = 0; i < touched.length; i++) {
            Response after = newAnswer(touched[i], etags[i]);
            assertNotEquals(etags[i], after.header("ETag"), touched[i]);
            assertFalse(Arrays.equals(before[i], after.asByteArray()), touched[i] + " has new content");
            assertFalse(VectorTile.toText(after.asByteArray()).contains(pair[1]), "the merged-away subarea is gone");
        }
        assertTrue(cache.holds(sets.vector(TileLayer.SUBAREAS), TileScope.EVERYTHING, awayTile), "the tile the merge did not touch stayed cached");
        Response untouchedAfter = given().auth().oauth2(ADMIN_TOKEN).get(untouched);
        assertEquals(untouchedBefore.header("ETag"), untouchedAfter.header("ETag"));
        assertArrayEquals(untouchedBefore.asByteArray(), untouchedAfter.asByteArray());
    }

    /** Asks with the old ETag until the tile answers anew; fails after {@link #PATIENCE_MILLIS}. */
    private static Response newAnswer(String path, String oldEtag) throws InterruptedException {
        long until = System.currentTimeMillis() + PATIENCE_MILLIS;
        while (System.currentTimeMillis() < until) {
            Response r = given().auth().oauth2(ADMIN_TOKEN).header("If-None-Match", oldEtag).get(path);
            if (r.statusCode() == 200) {
                return r;
            }
            Thread.sleep(50);
        }
        return fail(path + " still answers 304 to " + oldEtag + " after the merge committed");
    }
}
