package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Census subareas as accepted and edited: the {@code subarea} contract of V2, the buildings each
 * registers ({@code subarea_building}) and the per-area state of V3 ({@code area_delineation}).
 *
 * <p>Every write runs in one transaction that first locks the area's row ({@code SELECT … FOR
 * UPDATE} on {@code area}), so that writes to one area are serialised: two edits that each pass
 * their checks alone can never commit together. Every write appends to the edit log.
 */
@ApplicationScoped
public class SubareaStore {

    /** A building (or part of one) registered in a subarea. */
    public record Member(String bid, int households, String part) {
    }

    /**
     * A subarea to write.
     *
     * @param geometry  EPSG:4548 MultiPolygon; null for a virtual subarea
     * @param sizhiJson the 四至 object (east, south, west, north, text)
     * @param exception why the households lie outside the band, null inside it
     */
    public record NewSubarea(String code, int households, boolean virtual, String verticalOf, String sizhiJson,
            Geometry geometry, String exception, List<Member> members) {
    }

    /**
     * A stored subarea.
     *
     * @param sources households by where their number comes from ({@code estimate}, 公安户籍 …)
     */
    public record StoredSubarea(String code, String areaCode, int households, boolean virtual, String verticalOf,
            String sizhiJson, Geometry geometry, long version, String exception, String updatedBy,
            Map<String, Integer> sources) {
    }

    /** A registered building with the household number used and where it comes from. */
    public record StoredMember(String bid, int households, String part, String source, String use, String address) {
    }

    /** What accepting a delineation did to an area. */
    public enum Acceptance { ACCEPTED, KEPT, NO_SUCH_AREA }

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4548);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public SubareaStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Replaces an area's subareas with an automatic delineation, unless subareas were accepted
     * there before and {@code replace} is false (then nothing changes: {@link Acceptance#KEPT}).
     *
     * @param cutBuildingsJson JSON array of the buildings lines run through
     */
    public Acceptance acceptDelineation(String areaCode, List<NewSubarea> subareas, String cutBuildingsJson, String actor,
            boolean replace) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<String> street = lockArea(c, areaCode);
                if (street.isEmpty()) {
                    c.rollback();
                    return Acceptance.NO_SUCH_AREA;
                }
                boolean accepted = exists(c, "SELECT 1 FROM area_delineation WHERE area_code = :area", areaCode);
                if (accepted && !replace) {
                    c.rollback();
                    return Acceptance.KEPT;
                }
                String before = summary(c, areaCode);
                deleteSubareas(c, areaCode);
                insertSubareas(c, street.get(), subareas, actor);
                try (NamedStatement q = NamedStatement.prepare(c, """
                        INSERT INTO area_delineation (area_code, street_code, accepted_by, cut_buildings)
                        VALUES (:area, :street, :actor, CAST(:cut AS jsonb))
                        ON CONFLICT (area_code) DO UPDATE
                           SET version = nextval('subarea_version_seq'), accepted_at = now(),
                               accepted_by = excluded.accepted_by, edited = false, cut_buildings = excluded.cut_buildings
                        """)) {
                    q.set("area", areaCode).set("street", street.get()).set("actor", actor).set("cut", cutBuildingsJson);
                    q.statement().executeUpdate();
                }
                log(c, actor, "delineate", areaCode, street.get(),
                        accepted ? "automatic delineation replaced the accepted subareas" : "automatic delineation accepted",
                        before, summary(c, areaCode));
                c.commit();
                return Acceptance.ACCEPTED;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The subareas of an area in code order; empty when none were accepted. */
    public List<StoredSubarea> subareas(String areaCode) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT s.code, s.area_code, s.households, s.virtual, s.vertical_of, s.sizhi::text,
                       ST_AsBinary(s.geom), s.version, s.exception, s.updated_by,
                       (SELECT coalesce(jsonb_object_agg(src, n), '{}'::jsonb)::text
                          FROM (SELECT CASE WHEN b.households_record IS NULL THEN 'estimate'
                                            ELSE coalesce(b.record_source, 'record') END AS src,
                                       sum(sb.households) AS n
                                  FROM subarea_building sb JOIN building b ON b.bid = sb.bid
                                 WHERE sb.subarea_code = s.code
                                 GROUP BY 1) per_source) AS sources
                  FROM subarea s
                 WHERE s.area_code = :area
                 ORDER BY s.code
                """)) {
            q.set("area", areaCode);
            List<StoredSubarea> rows = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredSubarea(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4),
                            rs.getString(5), rs.getString(6), geometry(rs.getBytes(7)), rs.getLong(8), rs.getString(9),
                            rs.getString(10), sources(rs.getString(11))));
                }
            }
            return rows;
        }
    }

    /** The buildings a subarea registers, by building id. */
    public List<StoredMember> members(String subareaCode) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT sb.bid, sb.households, sb.part,
                       CASE WHEN b.households_record IS NULL THEN 'estimate' ELSE coalesce(b.record_source, 'record') END,
                       b.use, b.address
                  FROM subarea_building sb JOIN building b ON b.bid = sb.bid
                 WHERE sb.subarea_code = :code
                 ORDER BY sb.bid
                """)) {
            q.set("code", subareaCode);
            List<StoredMember> rows = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoredMember(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return rows;
        }
    }

    /** The area's version (bumped by every committed change), empty when nothing was accepted there. */
    public Optional<Long> areaVersion(String areaCode) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c,
                "SELECT version FROM area_delineation WHERE area_code = :area")) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** True when the area exists. */
    public boolean areaExists(String areaCode) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return exists(c, "SELECT 1 FROM area WHERE code = :area", areaCode);
        }
    }

    // ---- shared by the writes of this package ----

    /** Locks the area's row for the transaction; its street code, empty when there is no such area. */
    static Optional<String> lockArea(Connection c, String areaCode) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, "SELECT street_code FROM area WHERE code = :area FOR UPDATE")) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static void deleteSubareas(Connection c, String areaCode) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, "DELETE FROM subarea WHERE area_code = :area")) {
            q.set("area", areaCode);
            q.statement().executeUpdate();
        }
    }

    static void insertSubareas(Connection c, String streetCode, List<NewSubarea> subareas, String actor) throws SQLException {
        WKBWriter wkb = new WKBWriter();
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO subarea (code, area_code, street_code, households, virtual, vertical_of, sizhi, geom,
                                     exception, updated_by, version)
                VALUES (:code, substr(:code, 1, 12), :street, :households, :virtual, CAST(:vertical AS char(15)),
                        CAST(:sizhi AS jsonb), ST_GeomFromWKB(CAST(:wkb AS bytea), 4548), CAST(:exception AS text), :actor,
                        nextval('subarea_version_seq'))
                """)) {
            for (NewSubarea s : subareas) {
                q.set("code", s.code()).set("street", streetCode).set("households", s.households())
                        .set("virtual", s.virtual()).set("vertical", s.verticalOf()).set("sizhi", s.sizhiJson())
                        .set("wkb", s.geometry() == null ? null : wkb.write(s.geometry()))
                        .set("exception", s.exception()).set("actor", actor);
                q.statement().addBatch();
            }
            q.statement().executeBatch();
        }
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO subarea_building (subarea_code, bid, street_code, households, part)
                VALUES (:code, :bid, :street, :households, CAST(:part AS text))
                """)) {
            for (NewSubarea s : subareas) {
                for (Member m : s.members()) {
                    q.set("code", s.code()).set("bid", m.bid()).set("street", streetCode)
                            .set("households", m.households()).set("part", m.part());
                    q.statement().addBatch();
                }
            }
            q.statement().executeBatch();
        }
    }

    /** The area's subareas as the edit log keeps them: code, households, version, per subarea. */
    static String summary(Connection c, String areaCode) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT coalesce(jsonb_agg(jsonb_build_object('code', code, 'households', households, 'version', version)
                                          ORDER BY code), '[]'::jsonb)::text
                  FROM subarea WHERE area_code = :area
                """)) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    static void log(Connection c, String actor, String action, String areaCode, String streetCode, String reason,
            String before, String after) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
                VALUES (:actor, :action, 'area', :area, :street, :reason, CAST(:before AS jsonb), CAST(:after AS jsonb))
                """)) {
            q.set("actor", actor).set("action", action).set("area", areaCode).set("street", streetCode)
                    .set("reason", reason).set("before", before).set("after", after);
            q.statement().executeUpdate();
        }
    }

    private static boolean exists(Connection c, String sql, String areaCode) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Map<String, Integer> sources(String json) throws SQLException {
        try {
            Map<String, Integer> sources = new LinkedHashMap<>();
            JSON.readTree(json).fields().forEachRemaining(e -> sources.put(e.getKey(), e.getValue().asInt()));
            return sources;
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable sources from PostGIS", e);
        }
    }

    /** A geometry PostGIS sent as WKB ({@code ST_AsBinary}), EPSG:4548; null for null. */
    static Geometry geometry(byte[] wkb) throws SQLException {
        if (wkb == null) {
            return null;
        }
        try {
            return new WKBReader(FACTORY).read(wkb);
        } catch (ParseException e) {
            throw new SQLException("unreadable geometry from PostGIS", e);
        }
    }
}
