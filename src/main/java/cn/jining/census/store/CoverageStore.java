package cn.jining.census.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * What the coverage checks read and write: the units, buildings and land marked for demolition
 * of a scope, the issues found, the exceptions accepted, and the geometry edits of applied fixes.
 *
 * <p>A scope is a district (6 digits), street (9) or area (12) code. Geometries come and go as
 * JTS geometries in EPSG:4548; the web's EPSG:4326 GeoJSON is made here by PostGIS when issues
 * are read back.
 */
@ApplicationScoped
public class CoverageStore {

    /** A street, area or subarea (or the district) with what the checks need of it. */
    public record UnitRow(String code, String name, Geometry geometry, int households, boolean virtual,
            String verticalOf, String exception) {
    }

    /** A building: households are the administrative record where one exists, else the estimate. */
    public record BuildingRow(String bid, String streetCode, String use, int households, Geometry geometry) {
    }

    /** One entry of the published division list. */
    public record ReferenceRow(String code, String name) {
    }

    /**
     * Everything stored about a scope that a check reads.
     *
     * @param units         the district, all its streets and areas, and the subareas of the scope and
     *                      near it (virtual ones and vertical parts included)
     * @param registrations building id → subarea codes registering it
     */
    public record ScopeRows(List<UnitRow> units, List<BuildingRow> buildings, Map<String, List<String>> registrations,
            List<Geometry> demolitionZones, List<ReferenceRow> reference) {
    }

    /**
     * An issue as stored.
     *
     * @param fixJson the fix as JSON text, or null
     */
    public record IssueRow(String id, String parentCode, String streetCode, String areaCode, String kind,
            String severity, List<String> codes, double areaM2, Geometry geometry, String message, String fixJson) {
    }

    /**
     * An issue read back, with its geometry as EPSG:4326 GeoJSON text, its status ({@code open}
     * or {@code accepted}) and its exception, if accepted.
     */
    public record StoredIssue(IssueRow issue, String geoJson4326, String status, Optional<ExceptionRow> exception) {
    }

    /** A supervisor's acceptance of an issue. */
    public record ExceptionRow(String reason, String acceptedBy, Instant acceptedAt) {
    }

    /** Changes geometries of units: receives the current ones, answers the changed ones. */
    @FunctionalInterface
    public interface GeometryEdit {
        Map<String, Geometry> apply(Map<String, Geometry> current);
    }

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4548);

    /*
     * Reading a scope: one query per kind of scope (6, 9 or 12 digits), so that each uses its
     * index: a district reads by code prefix, a street or an area by its code and, for what
     * reaches across its boundary, by its outline through the GiST index.
     */

    private static final String SCOPE_GEOM = """
            scope_geom AS MATERIALIZED (
                SELECT geom FROM street WHERE code = CAST(:scope AS bpchar)
                UNION ALL SELECT geom FROM area WHERE code = CAST(:scope AS bpchar))
            """;

    /** The scope's subareas and those of neighbouring areas that reach within a metre of it. */
    private static final Map<Integer, String> SUBAREAS_OF_SCOPE = Map.of(6, """
            SELECT s.code, '' AS name, ST_AsBinary(s.geom) AS wkb, s.households, s.virtual, s.vertical_of, s.exception
              FROM subarea s WHERE left(s.street_code, 6) = :district
             ORDER BY s.code
            """, 9, "WITH " + SCOPE_GEOM + """
            , codes AS (
                SELECT code FROM subarea WHERE street_code = CAST(:scope AS bpchar)
                UNION SELECT s.code FROM subarea s JOIN scope_geom g ON s.geom && ST_Expand(g.geom, 1))
            SELECT s.code, '' AS name, ST_AsBinary(s.geom) AS wkb, s.households, s.virtual, s.vertical_of, s.exception
              FROM subarea s JOIN codes USING (code)
             ORDER BY s.code
            """, 12, "WITH " + SCOPE_GEOM + """
            , codes AS (
                SELECT code FROM subarea WHERE area_code = CAST(:scope AS bpchar)
                UNION SELECT s.code FROM subarea s JOIN scope_geom g ON s.geom && ST_Expand(g.geom, 1))
            SELECT s.code, '' AS name, ST_AsBinary(s.geom) AS wkb, s.households, s.virtual, s.vertical_of, s.exception
              FROM subarea s JOIN codes USING (code)
             ORDER BY s.code
            """);

    /** The ids ({@code ids}) of the scope's buildings: filed under it, or touching it. */
    private static final Map<Integer, String> BUILDINGS_OF_SCOPE = Map.of(6, """
            WITH ids AS (SELECT bid FROM building WHERE left(street_code, 6) = :district)
            """, 9, "WITH " + SCOPE_GEOM + """
            , ids AS (
                SELECT bid FROM building WHERE street_code = CAST(:scope AS bpchar)
                UNION SELECT b.bid FROM building b JOIN scope_geom g ON b.geom && g.geom AND ST_Intersects(b.geom, g.geom))
            """, 12, "WITH " + SCOPE_GEOM + """
            , ids AS (
                SELECT bid FROM building WHERE area_code = CAST(:scope AS bpchar)
                UNION SELECT b.bid FROM building b JOIN scope_geom g ON b.geom && g.geom AND ST_Intersects(b.geom, g.geom))
            """);

    /** Land marked for demolition (named {@code :landuse}) in the scope. */
    private static final Map<Integer, String> ZONES_OF_SCOPE = Map.of(6, """
            SELECT ST_AsBinary(geom) FROM landuse
             WHERE dlmc = :landuse AND left(street_code, 6) = :district
             ORDER BY district_code, fid
            """, 9, "WITH " + SCOPE_GEOM + """
            SELECT ST_AsBinary(l.geom) FROM landuse l JOIN scope_geom g ON l.geom && g.geom AND ST_Intersects(l.geom, g.geom)
             WHERE l.dlmc = :landuse
             ORDER BY l.district_code, l.fid
            """, 12, "WITH " + SCOPE_GEOM + """
            SELECT ST_AsBinary(l.geom) FROM landuse l JOIN scope_geom g ON l.geom && g.geom AND ST_Intersects(l.geom, g.geom)
             WHERE l.dlmc = :landuse
             ORDER BY l.district_code, l.fid
            """);

    /**
     * Locks and reads the tiling units near an envelope, top level first, each level in code
     * order. The district's outline is one of them: it is the union of its streets, and a fix
     * that moves a street's outer edge must move it too, or the district's check would find a
     * gap between them.
     */
    private static final List<String> LOCK_NEAR = List.of("""
            SELECT code, ST_AsBinary(geom) FROM district
             WHERE geom && ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4548) ORDER BY code FOR UPDATE
            """, """
            SELECT code, ST_AsBinary(geom) FROM street
             WHERE geom && ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4548) ORDER BY code FOR UPDATE
            """, """
            SELECT code, ST_AsBinary(geom) FROM area
             WHERE geom && ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4548) ORDER BY code FOR UPDATE
            """, """
            SELECT code, ST_AsBinary(geom) FROM subarea
             WHERE geom && ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4548) AND NOT virtual AND vertical_of IS NULL
             ORDER BY code FOR UPDATE
            """);

    /**
     * Writes one unit's new geometry and logs it, by length of its code (district, street, area,
     * subarea). A subarea takes the next version of the sequence every subarea edit draws from,
     * so a planner's edit based on the version before is refused as stale.
     */
    private static final Map<Integer, String> UPDATE_BY_CODE_LENGTH = Map.of(6, """
            WITH old AS (SELECT code, geom FROM district WHERE code = :code),
                 upd AS (UPDATE district t SET geom = ST_Multi(ST_GeomFromWKB(:wkb, 4548))
                          WHERE t.code = :code RETURNING t.code, t.geom)
            INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
            SELECT :actor, :action, 'district', old.code, NULL, :reason,
                   jsonb_build_object('geom', ST_AsGeoJSON(old.geom)::jsonb),
                   jsonb_build_object('geom', ST_AsGeoJSON(upd.geom)::jsonb)
              FROM old JOIN upd ON upd.code = old.code
            """, 9, """
            WITH old AS (SELECT code, street_code, geom FROM street WHERE code = :code),
                 upd AS (UPDATE street t SET geom = ST_Multi(ST_GeomFromWKB(:wkb, 4548))
                          WHERE t.code = :code RETURNING t.code, t.geom)
            INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
            SELECT :actor, :action, 'street', old.code, old.street_code, :reason,
                   jsonb_build_object('geom', ST_AsGeoJSON(old.geom)::jsonb),
                   jsonb_build_object('geom', ST_AsGeoJSON(upd.geom)::jsonb)
              FROM old JOIN upd ON upd.code = old.code
            """, 12, """
            WITH old AS (SELECT code, street_code, geom FROM area WHERE code = :code),
                 upd AS (UPDATE area t SET geom = ST_Multi(ST_GeomFromWKB(:wkb, 4548))
                          WHERE t.code = :code RETURNING t.code, t.geom)
            INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
            SELECT :actor, :action, 'area', old.code, old.street_code, :reason,
                   jsonb_build_object('geom', ST_AsGeoJSON(old.geom)::jsonb),
                   jsonb_build_object('geom', ST_AsGeoJSON(upd.geom)::jsonb)
              FROM old JOIN upd ON upd.code = old.code
            """, 15, """
            WITH old AS (SELECT code, street_code, geom, version FROM subarea WHERE code = :code),
                 upd AS (UPDATE subarea t SET geom = ST_Multi(ST_GeomFromWKB(:wkb, 4548)),
                                version = nextval('subarea_version_seq'),
                                updated_at = now(), updated_by = :actor
                          WHERE t.code = :code RETURNING t.code, t.geom, t.version)
            INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
            SELECT :actor, :action, 'subarea', old.code, old.street_code, :reason,
                   jsonb_build_object('version', old.version, 'geom', ST_AsGeoJSON(old.geom)::jsonb),
                   jsonb_build_object('version', upd.version, 'geom', ST_AsGeoJSON(upd.geom)::jsonb)
              FROM old JOIN upd ON upd.code = old.code
            """);

    /**
     * Moves the version of the areas whose outline or subareas a fix changed (an area's version
     * guards renumbering and whole-area edits), and marks those whose subareas changed as edited.
     */
    private static final String BUMP_AREAS = """
            UPDATE area_delineation
               SET version = nextval('subarea_version_seq'),
                   edited = edited OR area_code = ANY (CAST(:subareaAreas AS bpchar[]))
             WHERE area_code = ANY (CAST(:areas AS bpchar[]))
            """;

    private final DataSource dataSource;

    public CoverageStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Reads a scope.
     *
     * @param scope             6, 9 or 12 digits
     * @param demolitionLanduse the land-use name ({@code dlmc}) marking demolition zones
     */
    public ScopeRows load(String scope, String demolitionLanduse) throws SQLException {
        String district = scope.substring(0, 6);
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            // one snapshot of all reads: a concurrent edit is seen entirely or not at all
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                List<UnitRow> units = new ArrayList<>();
                units.addAll(units(c, """
                        SELECT code, name, ST_AsBinary(geom) AS wkb, 0 AS households, false AS virtual, NULL AS vertical_of, NULL AS exception
                          FROM district WHERE code = :district
                        """, district, scope));
                units.addAll(units(c, """
                        SELECT code, name, ST_AsBinary(geom) AS wkb, 0 AS households, false AS virtual, NULL AS vertical_of, NULL AS exception
                          FROM street WHERE district_code = :district ORDER BY code
                        """, district, scope));
                units.addAll(units(c, """
                        SELECT code, name, ST_AsBinary(geom) AS wkb, 0 AS households, false AS virtual, NULL AS vertical_of, NULL AS exception
                          FROM area WHERE left(code, 6) = :district ORDER BY code
                        """, district, scope));
                // the scope's subareas and those of neighbouring areas that reach near it
                units.addAll(units(c, SUBAREAS_OF_SCOPE.get(scope.length()), district, scope));
                List<BuildingRow> buildings = buildings(c, district, scope);
                Map<String, List<String>> registrations = registrations(c, district, scope);
                List<Geometry> zones = demolitionZones(c, scope, district, demolitionLanduse);
                List<ReferenceRow> reference = reference(c, district);
                c.commit();
                return new ScopeRows(units, buildings, registrations, zones, reference);
            } finally {
                c.rollback();
            }
        }
    }

    private List<UnitRow> units(Connection c, String sql, String district, String scope) throws SQLException {
        List<UnitRow> rows = new ArrayList<>();
        try (NamedStatement q = NamedStatement.prepare(c, sql)) {
            bindIfPresent(q, sql, "district", district);
            bindIfPresent(q, sql, "scope", scope);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new UnitRow(rs.getString("code").strip(), rs.getString("name"), geometry(rs.getBytes("wkb")),
                            rs.getInt("households"), rs.getBoolean("virtual"), strip(rs.getString("vertical_of")),
                            rs.getString("exception")));
                }
            }
        }
        return rows;
    }

    private List<BuildingRow> buildings(Connection c, String district, String scope) throws SQLException {
        List<BuildingRow> rows = new ArrayList<>();
        String sql = BUILDINGS_OF_SCOPE.get(scope.length()) + """
                SELECT b.bid, b.street_code, b.use, b.households, ST_AsBinary(b.geom) AS wkb
                  FROM building b JOIN ids USING (bid)
                 ORDER BY b.bid
                """;
        try (NamedStatement q = NamedStatement.prepare(c, sql)) {
            bindIfPresent(q, sql, "district", district);
            bindIfPresent(q, sql, "scope", scope);
            q.statement().setFetchSize(5000);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new BuildingRow(rs.getString("bid"), rs.getString("street_code"), rs.getString("use"),
                            rs.getInt("households"), geometry(rs.getBytes("wkb"))));
                }
            }
        }
        return rows;
    }

    /** Subarea registrations of the same buildings as {@link #buildings}. */
    private Map<String, List<String>> registrations(Connection c, String district, String scope) throws SQLException {
        Map<String, List<String>> byBid = new LinkedHashMap<>();
        String sql = BUILDINGS_OF_SCOPE.get(scope.length()) + """
                SELECT r.bid, r.subarea_code
                  FROM subarea_building r JOIN ids USING (bid)
                 ORDER BY r.bid, r.subarea_code
                """;
        try (NamedStatement q = NamedStatement.prepare(c, sql)) {
            bindIfPresent(q, sql, "district", district);
            bindIfPresent(q, sql, "scope", scope);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    byBid.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2).strip());
                }
            }
        }
        return byBid;
    }

    private List<Geometry> demolitionZones(Connection c, String scope, String district, String landuse) throws SQLException {
        List<Geometry> zones = new ArrayList<>();
        String sql = ZONES_OF_SCOPE.get(scope.length());
        try (NamedStatement q = NamedStatement.prepare(c, sql)) {
            bindIfPresent(q, sql, "district", district);
            bindIfPresent(q, sql, "scope", scope);
            q.set("landuse", landuse);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    zones.add(geometry(rs.getBytes(1)));
                }
            }
        }
        return zones;
    }

    private List<ReferenceRow> reference(Connection c, String district) throws SQLException {
        List<ReferenceRow> rows = new ArrayList<>();
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT code, name FROM division_reference WHERE left(code, 6) = :district ORDER BY code
                """)) {
            q.set("district", district);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new ReferenceRow(rs.getString(1).strip(), rs.getString(2)));
                }
            }
        }
        return rows;
    }

    /**
     * Makes the stored issues inside {@code scope} exactly {@code issues}: new ones are added,
     * ones found again keep their first-found time, the others are deleted. An issue is inside a
     * scope when its parent or one of its codes starts with the scope's code.
     */
    public void replaceIssues(String scope, List<IssueRow> issues) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // checks of overlapping scopes (a street and its district) write one after the other
                try (NamedStatement q = NamedStatement.prepare(c, "SELECT pg_advisory_xact_lock(hashtext('coverage_issue'))")) {
                    q.statement().execute();
                }
                String[] ids = issues.stream().map(IssueRow::id).toArray(String[]::new);
                try (NamedStatement q = NamedStatement.prepare(c, """
                        DELETE FROM coverage_issue
                         WHERE (left(parent_code, length(:scope)) = :scope
                                OR EXISTS (SELECT 1 FROM unnest(codes) k WHERE left(k, length(:scope)) = :scope))
                           AND NOT (id = ANY (:ids))
                        """)) {
                    q.set("scope", scope).set("ids", c.createArrayOf("text", ids));
                    q.statement().executeUpdate();
                }
                try (NamedStatement q = NamedStatement.prepare(c, """
                        INSERT INTO coverage_issue (id, parent_code, street_code, area_code, kind, severity, codes, area_m2,
                                                    geom, message, fix, status)
                        VALUES (:id, :parent, :street, :area, :kind, :severity, :codes, :areaM2,
                                ST_GeomFromWKB(:wkb, 4548), :message, CAST(:fix AS jsonb),
                                CASE WHEN EXISTS (SELECT 1 FROM coverage_exception e WHERE e.issue_id = :id)
                                     THEN 'accepted' ELSE 'open' END)
                        ON CONFLICT (id) DO UPDATE
                           SET parent_code = EXCLUDED.parent_code, street_code = EXCLUDED.street_code,
                               area_code = EXCLUDED.area_code, severity = EXCLUDED.severity, codes = EXCLUDED.codes,
                               area_m2 = EXCLUDED.area_m2, geom = EXCLUDED.geom, message = EXCLUDED.message,
                               fix = EXCLUDED.fix, status = EXCLUDED.status, last_found = now()
                        """)) {
                    WKBWriter wkb = new WKBWriter(2);
                    for (IssueRow i : issues) {
                        q.set("id", i.id()).set("parent", i.parentCode()).set("street", i.streetCode())
                                .set("area", i.areaCode()).set("kind", i.kind()).set("severity", i.severity())
                                .set("codes", c.createArrayOf("text", i.codes().toArray()))
                                .set("areaM2", i.areaM2())
                                .set("wkb", i.geometry() == null ? null : wkb.write(i.geometry()))
                                .set("message", i.message()).set("fix", i.fixJson());
                        q.statement().addBatch();
                    }
                    q.statement().executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The stored issues inside {@code scope}, each with its EPSG:4326 GeoJSON and exception. */
    public List<StoredIssue> issues(String scope) throws SQLException {
        return readIssues(false, scope);
    }

    /** One stored issue. */
    public Optional<StoredIssue> issue(String id) throws SQLException {
        List<StoredIssue> found = readIssues(true, id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Issues by id ({@code byId}) or inside a scope, errors first within each street and area. */
    private List<StoredIssue> readIssues(boolean byId, String key) throws SQLException {
        String sql = """
                SELECT i.id, i.parent_code, i.street_code, i.area_code, i.kind, i.severity, i.codes, i.area_m2,
                       ST_AsBinary(i.geom) AS wkb, i.message, i.fix::text AS fix,
                       ST_AsGeoJSON(ST_Transform(i.geom, 4326), 7) AS geojson, i.status,
                       e.reason, e.accepted_by, e.accepted_at
                  FROM coverage_issue i
                  LEFT JOIN coverage_exception e ON e.issue_id = i.id
                 WHERE CASE WHEN :byId THEN i.id = :key
                            ELSE left(i.parent_code, length(:key)) = :key
                                 OR EXISTS (SELECT 1 FROM unnest(i.codes) k WHERE left(k, length(:key)) = :key) END
                 ORDER BY i.street_code NULLS FIRST, i.area_code NULLS FIRST,
                          array_position(ARRAY['error', 'warning', 'info'], i.severity), i.kind, i.codes, i.id
                """;
        List<StoredIssue> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("byId", byId).set("key", key);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    Array codes = rs.getArray("codes");
                    IssueRow issue = new IssueRow(rs.getString("id"), rs.getString("parent_code"), strip(rs.getString("street_code")),
                            strip(rs.getString("area_code")), rs.getString("kind"), rs.getString("severity"),
                            List.of((String[]) codes.getArray()), rs.getDouble("area_m2"), geometry(rs.getBytes("wkb")),
                            rs.getString("message"), rs.getString("fix"));
                    Timestamp at = rs.getTimestamp("accepted_at");
                    Optional<ExceptionRow> exception = at == null ? Optional.empty()
                            : Optional.of(new ExceptionRow(rs.getString("reason"), rs.getString("accepted_by"), at.toInstant()));
                    rows.add(new StoredIssue(issue, rs.getString("geojson"), rs.getString("status"), exception));
                }
            }
        }
        return rows;
    }

    /**
     * Records that {@code actor} accepts issue {@code id} as an exception for {@code reason},
     * replacing an earlier acceptance, and logs it in the edit log.
     *
     * @return false when no such issue is stored
     */
    public boolean acceptException(String id, String reason, String actor) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int accepted;
                try (NamedStatement q = NamedStatement.prepare(c, """
                        INSERT INTO coverage_exception (issue_id, kind, codes, reason, accepted_by)
                        SELECT id, kind, codes, :reason, :actor FROM coverage_issue WHERE id = :id
                        ON CONFLICT (issue_id) DO UPDATE
                           SET reason = EXCLUDED.reason, accepted_by = EXCLUDED.accepted_by, accepted_at = now()
                        """)) {
                    accepted = q.set("reason", reason).set("actor", actor).set("id", id).statement().executeUpdate();
                }
                if (accepted == 0) {
                    c.rollback();
                    return false;
                }
                try (NamedStatement q = NamedStatement.prepare(c, """
                        WITH accepted AS (UPDATE coverage_issue SET status = 'accepted' WHERE id = :id
                                           RETURNING id, street_code, kind, codes, message)
                        INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
                        SELECT :actor, 'accept-exception', 'coverage_issue', a.id, a.street_code, :reason,
                               jsonb_build_object('status', 'open'),
                               jsonb_build_object('status', 'accepted', 'kind', a.kind, 'codes', to_jsonb(a.codes),
                                                  'message', a.message)
                          FROM accepted a
                        """)) {
                    q.set("actor", actor).set("reason", reason).set("id", id).statement().executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Applies {@code edit} to the district, street, area and subarea geometries near {@code region}
     * in one transaction, and logs every changed unit in the edit log (who, when, why, geometry
     * before and after). A changed subarea takes a new version, and so does the area of every
     * changed area or subarea: a planner's edit made on what was there before gets 409. The units
     * are locked for the duration, the district first, then streets, areas, subareas, each in code
     * order, so that concurrent edits of one
     * place serialise instead of deadlocking. Virtual subareas and vertical parts of split
     * high-rises are not offered to the edit: they take no part in tiling. When subareas changed,
     * the buildings near the edit follow them ({@link #registerWhereTheyLie}), and the state of
     * each area before is kept on the planners' undo stack ({@link SubareaEditStore#keepBeforeChange}):
     * the area's undo takes the fix back. Changes of area, street or district outlines are not
     * undone that way.
     *
     * @param region envelope (EPSG:4548) holding every piece the edit moves
     * @param noiseAreaM2 a building's share of a subarea smaller than this does not count
     * @return the changed units with their new geometries
     */
    public Map<String, Geometry> editGeometries(Envelope region, double noiseAreaM2, String actor, String action, String reason,
            GeometryEdit edit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Geometry> current = new LinkedHashMap<>();
                for (String lock : LOCK_NEAR) {
                    lockNear(c, region, lock, current);
                }
                Map<String, Long> kept = SubareaEditStore.keepBeforeChange(c, areasOfSubareas(current.keySet()), actor);
                Map<String, Geometry> changed = edit.apply(Map.copyOf(current));
                WKBWriter wkb = new WKBWriter(2);
                for (Map.Entry<String, Geometry> e : changed.entrySet()) {
                    String update = UPDATE_BY_CODE_LENGTH.get(e.getKey().length());
                    if (update == null) {
                        continue;
                    }
                    try (NamedStatement q = NamedStatement.prepare(c, update)) {
                        q.set("code", e.getKey()).set("wkb", wkb.write(e.getValue())).set("actor", actor)
                                .set("action", action).set("reason", reason);
                        q.statement().executeUpdate();
                    }
                }
                Set<String> bumped = new TreeSet<>(changed.keySet());
                if (changed.keySet().stream().anyMatch(code -> code.length() == 15)) {
                    bumped.addAll(registerWhereTheyLie(c, region, noiseAreaM2, actor, action, reason));
                }
                SubareaEditStore.forgetUnchanged(c, kept, areasOfSubareas(bumped));
                bumpAreaVersions(c, bumped);
                c.commit();
                return changed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Buildings near {@code region} lying wholly in one subarea (every other share below
     * {@code noiseAreaM2}) but registered in another drawn subarea, or in none, and their
     * subarea: what an edit of subarea outlines leaves to re-register. A building registered in
     * several subareas (a split high-rise) or in a virtual one is left as it is.
     */
    private static final String MISREGISTERED = """
            WITH shares AS (
                SELECT b.bid, b.households, s.code,
                       -- most buildings lie inside one subarea: no intersection to compute for them
                       CASE WHEN ST_CoveredBy(b.geom, s.geom) THEN ST_Area(b.geom)
                            ELSE ST_Area(ST_Intersection(s.geom, b.geom)) END AS share
                  FROM building b
                  JOIN subarea s ON s.geom && b.geom AND ST_Intersects(s.geom, b.geom)
                 WHERE b.geom && ST_MakeEnvelope(:x1, :y1, :x2, :y2, 4548) AND NOT s.virtual AND s.vertical_of IS NULL
            ), homes AS (
                SELECT bid, min(households) AS households, min(code) AS home
                  FROM shares WHERE share >= :noise GROUP BY bid HAVING count(*) = 1
            ), registered AS (
                SELECT h.bid, h.home, h.households,
                       array_agg(sb.subarea_code::text ORDER BY sb.subarea_code) FILTER (WHERE sb.bid IS NOT NULL) AS codes
                  FROM homes h LEFT JOIN subarea_building sb ON sb.bid = h.bid
                 GROUP BY h.bid, h.home, h.households
            )
            SELECT r.bid, r.codes[1], r.home, r.households FROM registered r
             WHERE r.codes IS NULL
                OR (cardinality(r.codes) = 1 AND r.codes[1] <> r.home
                    AND EXISTS (SELECT 1 FROM subarea s WHERE s.code = r.codes[1] AND NOT s.virtual AND s.vertical_of IS NULL))
             ORDER BY r.bid
            """;

    /**
     * Registers the buildings near an edit of subarea outlines in the subarea they now lie in
     * ({@link #MISREGISTERED}), each move logged in the edit log under the building, moves their
     * progress with them, and sets the households and a new version of every subarea that lost or
     * gained one: the building list an enumerator carries must match the map after a fix as after
     * a planner's edit.
     *
     * @return the codes of the subareas whose buildings changed
     */
    private static Set<String> registerWhereTheyLie(Connection c, Envelope region, double noiseAreaM2, String actor,
            String action, String reason) throws SQLException {
        record Move(String bid, String from, String to, int households) {
        }
        List<Move> moves = new ArrayList<>();
        try (NamedStatement q = NamedStatement.prepare(c, MISREGISTERED)) {
            q.set("x1", region.getMinX()).set("y1", region.getMinY()).set("x2", region.getMaxX()).set("y2", region.getMaxY())
                    .set("noise", noiseAreaM2);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    moves.add(new Move(rs.getString(1), strip(rs.getString(2)), rs.getString(3).strip(), rs.getInt(4)));
                }
            }
        }
        Set<String> touched = new TreeSet<>();
        for (Move m : moves) {
            if (m.from() == null) {
                try (NamedStatement q = NamedStatement.prepare(c, """
                        INSERT INTO subarea_building (subarea_code, bid, street_code, households)
                        VALUES (:to, :bid, left(:to, 9), :households)
                        """)) {
                    q.set("to", m.to()).set("bid", m.bid()).set("households", m.households()).statement().executeUpdate();
                }
            } else {
                try (NamedStatement q = NamedStatement.prepare(c, """
                        UPDATE subarea_building SET subarea_code = :to, street_code = left(:to, 9)
                         WHERE bid = :bid AND subarea_code = :from
                        """)) {
                    q.set("to", m.to()).set("bid", m.bid()).set("from", m.from()).statement().executeUpdate();
                }
            }
            try (NamedStatement q = NamedStatement.prepare(c, """
                    INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
                    VALUES (:actor, :action, 'building', :bid, left(:to, 9), :reason,
                            jsonb_build_object('subarea', CAST(:from AS text)), jsonb_build_object('subarea', CAST(:to AS text)))
                    """)) {
                q.set("actor", actor).set("action", action).set("bid", m.bid()).set("to", m.to()).set("reason", reason)
                        .set("from", m.from());
                q.statement().executeUpdate();
            }
            touched.add(m.to());
            if (m.from() != null) {
                touched.add(m.from());
            }
        }
        if (!touched.isEmpty()) {
            ProgressReportStore.followRegistrations(c, touched.stream().map(code -> code.substring(0, 12)).distinct().toList());
            try (NamedStatement q = NamedStatement.prepare(c, """
                    UPDATE subarea s
                       SET households = (SELECT coalesce(sum(sb.households), 0) FROM subarea_building sb WHERE sb.subarea_code = s.code),
                           version = nextval('subarea_version_seq'), updated_at = now(), updated_by = :actor
                     WHERE s.code = ANY (:codes)
                    """)) {
                q.set("actor", actor).set("codes", c.createArrayOf("bpchar", touched.toArray()));
                q.statement().executeUpdate();
            }
        }
        return touched;
    }

    /** The areas of the subarea codes among {@code codes}. */
    private static Set<String> areasOfSubareas(Collection<String> codes) {
        Set<String> areas = new TreeSet<>();
        for (String code : codes) {
            if (code.length() == 15) {
                areas.add(code.substring(0, 12));
            }
        }
        return areas;
    }

    private static void bumpAreaVersions(Connection c, Set<String> changed) throws SQLException {
        Set<String> subareaAreas = areasOfSubareas(changed);
        Set<String> areas = new TreeSet<>();
        for (String code : changed) {
            if (code.length() >= 12) {
                areas.add(code.substring(0, 12));
            }
        }
        if (areas.isEmpty()) {
            return;
        }
        try (NamedStatement q = NamedStatement.prepare(c, BUMP_AREAS)) {
            q.set("areas", c.createArrayOf("bpchar", areas.toArray())).set("subareaAreas",
                    c.createArrayOf("bpchar", subareaAreas.toArray()));
            q.statement().executeUpdate();
        }
    }

    private void lockNear(Connection c, Envelope region, String sql, Map<String, Geometry> into) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("x1", region.getMinX()).set("y1", region.getMinY()).set("x2", region.getMaxX()).set("y2", region.getMaxY());
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    into.put(rs.getString(1).strip(), geometry(rs.getBytes(2)));
                }
            }
        }
    }

    /** Binds a parameter the statement may not use: the unit queries differ in what they need. */
    private static void bindIfPresent(NamedStatement q, String sql, String name, Object value) throws SQLException {
        if (sql.contains(":" + name)) {
            q.set(name, value);
        }
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    private static Geometry geometry(byte[] wkb) throws SQLException {
        if (wkb == null) {
            return null;
        }
        try {
            Geometry g = new WKBReader(FACTORY).read(wkb);
            g.setSRID(4548);
            return g;
        } catch (ParseException e) {
            throw new SQLException("unreadable geometry from PostGIS", e);
        }
    }
}
