package cn.jining.census.delineate;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import cn.jining.census.QueryRows;

import io.restassured.http.ContentType;

/** What the edit tests share: an accepted area, questions put to PostGIS, and its tiling checked there. */
final class EditFixture {

    static final String ADMIN = "test-admin-token-0123456789abcdef";

    private final DataSource dataSource;

    EditFixture(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Delineates the area automatically and accepts it, replacing whatever was there. */
    static void accept(String area) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("scope", area, "accept", true, "replace", true))
                .when().post("/api/v1/delineations").then().statusCode(200);
    }

    /**
     * Removes every subarea of the bundled district and its delineation state, so that the tests
     * of other stages that run later see the district as loaded (the edit log stays: append-only).
     */
    void forgetSubareas() throws SQLException {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
            s.execute("""
                    DELETE FROM subarea WHERE area_code LIKE '370871%';
                    DELETE FROM area_state WHERE area_code LIKE '370871%';
                    DELETE FROM area_delineation WHERE area_code LIKE '370871%';
                    """);
        }
    }

    List<List<String>> rows(String sql, Object... parameters) throws SQLException {
        return QueryRows.rows(dataSource, sql, parameters);
    }

    void execute(String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); var s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

    String value(String sql, Object... parameters) throws SQLException {
        List<List<String>> rows = rows(sql, parameters);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    /** Subarea code → version, as a client reading the area now would hold them. */
    Map<String, Long> versions(String area) throws SQLException {
        Map<String, Long> versions = new HashMap<>();
        for (List<String> r : rows("SELECT code, version FROM subarea WHERE area_code = ?", area)) {
            versions.put(r.get(0), Long.parseLong(r.get(1)));
        }
        return versions;
    }

    /** Pairs of the area's tiles sharing a boundary line. */
    List<List<String>> adjacentPairs(String area) throws SQLException {
        return rows("""
                SELECT a.code, b.code FROM subarea a JOIN subarea b
                    ON a.area_code = b.area_code AND a.code < b.code AND a.geom && b.geom
                 WHERE a.area_code = ? AND NOT a.virtual AND NOT b.virtual
                   AND a.vertical_of IS NULL AND b.vertical_of IS NULL
                   AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 1
                 ORDER BY a.code, b.code
                """, area);
    }

    /**
     * Subareas whose 四至 names a subarea of the area (第NNN普查小区) that no longer exists or does not
     * border it, as "code → named"; empty when every name is right.
     */
    List<String> namedSubareasNotBordering(String area) throws SQLException {
        List<String> wrong = new ArrayList<>();
        for (List<String> r : rows("""
                SELECT s.code || ' → ' || m[1]
                  FROM subarea s, regexp_matches(s.sizhi->>'text', '第([0-9]{3})普查小区', 'g') AS m
                 WHERE s.area_code = ? AND NOT s.virtual AND s.vertical_of IS NULL
                   AND NOT EXISTS (SELECT 1 FROM subarea t
                                    WHERE t.code = s.area_code || m[1] AND t.vertical_of IS NULL
                                      AND ST_Intersects(t.geom, s.geom))
                """, area)) {
            wrong.add(r.get(0));
        }
        return wrong;
    }

    /**
     * What is wrong with the area's tiling, checked in PostGIS: gaps against the area, overlaps,
     * subareas in several pieces, buildings registered twice or not at all. Empty when nothing.
     */
    List<String> tilingProblems(String area) throws SQLException {
        List<String> problems = new ArrayList<>();
        for (List<String> r : rows("""
                SELECT 'gap or excess ' || ST_Area(ST_SymDifference(u, a.geom)) || ' m²'
                  FROM area a, (SELECT ST_Union(geom) AS u FROM subarea
                                 WHERE area_code = ? AND NOT virtual AND vertical_of IS NULL) t
                 WHERE a.code = ? AND ST_Area(ST_SymDifference(u, a.geom)) > 1e-6
                UNION ALL
                SELECT 'overlap ' || s.code || ' × ' || t.code
                  FROM subarea s JOIN subarea t ON s.area_code = t.area_code AND s.code < t.code AND s.geom && t.geom
                 WHERE s.area_code = ? AND s.vertical_of IS NULL AND t.vertical_of IS NULL
                   AND ST_Relate(s.geom, t.geom, '2********')
                UNION ALL
                SELECT 'in pieces ' || code FROM subarea
                 WHERE area_code = ? AND NOT virtual AND vertical_of IS NULL AND ST_NumGeometries(geom) <> 1
                UNION ALL
                SELECT 'registered ' || count(*) || ' times ' || sb.bid
                  FROM subarea_building sb JOIN subarea s ON s.code = sb.subarea_code
                 WHERE s.area_code = ? AND s.vertical_of IS NULL GROUP BY sb.bid HAVING count(*) <> 1
                """, area, area, area, area, area)) {
            problems.add(r.get(0));
        }
        return problems;
    }

    /**
     * A straight east–west line (GeoJSON, lon/lat) across tile {@code code} that passes no
     * building closer than {@code clearance} metres and has buildings of the tile on both sides;
     * null when there is none.
     */
    String splitLine(String code, double clearance) throws SQLException {
        return value("""
                WITH s AS (SELECT geom, area_code FROM subarea WHERE code = ?),
                     cand AS (SELECT y, ST_SetSRID(ST_MakeLine(ST_MakePoint(ST_XMin(s.geom) - 5, y),
                                                               ST_MakePoint(ST_XMax(s.geom) + 5, y)), 4548) AS line
                                FROM s, generate_series(ST_YMin(s.geom)::numeric + 0.5, ST_YMax(s.geom)::numeric - 0.5, 1) AS y)
                SELECT ST_AsGeoJSON(ST_Transform(c.line, 4326), 9)
                  FROM cand c, s
                 WHERE NOT EXISTS (SELECT 1 FROM building b WHERE b.area_code = s.area_code AND ST_DWithin(b.geom, c.line, ?))
                   AND EXISTS (SELECT 1 FROM subarea_building sb JOIN building b ON b.bid = sb.bid
                                WHERE sb.subarea_code = ? AND ST_Y(ST_Centroid(b.geom)) > c.y)
                   AND EXISTS (SELECT 1 FROM subarea_building sb JOIN building b ON b.bid = sb.bid
                                WHERE sb.subarea_code = ? AND ST_Y(ST_Centroid(b.geom)) < c.y)
                 ORDER BY abs(c.y - (ST_YMin(s.geom) + ST_YMax(s.geom)) / 2)
                 LIMIT 1
                """, code, clearance, code, code);
    }
}
