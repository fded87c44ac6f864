package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

/**
 * Building marking (建筑物标绘): buildings added or moved on the ground and their households, as
 * enumerators find them.
 *
 * <p>Every write runs in one transaction that locks the census area's row first, as the planners'
 * edits of subareas do ({@link SubareaStore}), so a building is never checked against a subarea
 * outline that a concurrent edit is changing. A building's {@code version} and its subarea's
 * {@code version} are drawn anew from their sequences by every change; a change made on another
 * version of the building is refused as stale. Every change appends to {@code edit_log} (entity
 * {@code building}) with the state before and after, geometry as hex WKB in EPSG:4548.
 */
@ApplicationScoped
public class BuildingMarkingStore {

    /** Where an enumerator's household count is filed among the building's sources. */
    public static final String SOURCE = "建筑物标绘";

    /** A building as marked. */
    public record Marked(String bid, String subareaCode, long version, int households, Integer floors, String use) {
    }

    /** How a marking ended. */
    public enum Kind { DONE, NOT_FOUND, STALE, REFUSED }

    /**
     * The end of a marking: the building when {@link Kind#DONE}, else a message naming what was
     * not found, the version now stored, or why the marking was refused.
     */
    public record Result(Kind kind, Marked building, String message) {
        static Result of(Kind kind, String message) {
            return new Result(kind, null, message);
        }
    }

    /** A new building. */
    public record NewBuilding(String subareaCode, Geometry footprint, Integer floors, String use, int households,
            String address) {
    }

    /**
     * A change of a building; null fields stay as they are.
     *
     * @param footprint EPSG:4548 Polygon or MultiPolygon
     */
    public record Change(String bid, String subareaCode, long version, Geometry footprint, Integer households,
            Integer floors) {
    }

    private final DataSource dataSource;

    public BuildingMarkingStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Adds a building to a subarea and registers it there with its households.
     *
     * @param placement given the subarea's outline and the footprint (both EPSG:4548), why the
     *                  footprint may not go there, or empty when it may
     */
    public Result add(NewBuilding building, String actor, String reason,
            BiFunction<Geometry, Geometry, Optional<String>> placement) throws SQLException {
        return inArea(building.subareaCode(), c -> {
            Optional<Geometry> outline = subareaOutline(c, building.subareaCode());
            if (outline.isEmpty()) {
                return Result.of(Kind.NOT_FOUND, "subarea: no census subarea " + building.subareaCode() + " with a map");
            }
            Optional<String> refusal = placement.apply(outline.get(), building.footprint())
                    .or(() -> overlapped(c, building.footprint(), null));
            if (refusal.isPresent()) {
                return Result.of(Kind.REFUSED, refusal.get());
            }
            String area = building.subareaCode().substring(0, 12);
            String street = area.substring(0, 9);
            String bid;
            try (NamedStatement q = NamedStatement.prepare(c, """
                    INSERT INTO building (bid, street_code, area_code, floors, use, households_estimate, households_record,
                                          record_source, address, geom, version, marked_by)
                    VALUES (:area || '-M' || lpad(nextval('building_marked_seq')::text, 6, '0'), :street, :area, :floors,
                            :use, 0, :households, :source, :address, ST_Multi(ST_GeomFromWKB(:wkb, 4548)),
                            nextval('building_version_seq'), :actor)
                    RETURNING bid
                    """)) {
                q.set("area", area).set("street", street).set("floors", building.floors()).set("use", building.use())
                        .set("households", building.households()).set("source", SOURCE)
                        .set("address", building.address() == null ? "" : building.address())
                        .set("wkb", wkb(building.footprint())).set("actor", actor);
                try (ResultSet rs = q.statement().executeQuery()) {
                    rs.next();
                    bid = rs.getString(1);
                }
            }
            try (NamedStatement q = NamedStatement.prepare(c, """
                    INSERT INTO subarea_building (subarea_code, bid, street_code, households)
                    VALUES (:subarea, :bid, :street, :households)
                    """)) {
                q.set("subarea", building.subareaCode()).set("bid", bid).set("street", street)
                        .set("households", building.households());
                q.statement().executeUpdate();
            }
            addHouseholds(c, building.subareaCode(), building.households(), actor);
            log(c, actor, "mark-building", bid, street, reason, null);
            return new Result(Kind.DONE, marked(c, bid, building.subareaCode()), null);
        });
    }

    /**
     * Moves a building (a new footprint inside the same subarea), sets its households or floors.
     * A building registered in several subareas (a vertically split high-rise) is refused: its
     * parts are the planners' to change.
     */
    public Result change(Change change, String actor, String reason,
            BiFunction<Geometry, Geometry, Optional<String>> placement) throws SQLException {
        return inArea(change.subareaCode(), c -> {
            List<String> subareas = new ArrayList<>();
            long version = -1;
            try (NamedStatement q = NamedStatement.prepare(c, """
                    SELECT b.version, sb.subarea_code
                      FROM building b JOIN subarea_building sb ON sb.bid = b.bid
                     WHERE b.bid = :bid
                       FOR UPDATE OF b
                    """)) {
                q.set("bid", change.bid());
                try (ResultSet rs = q.statement().executeQuery()) {
                    while (rs.next()) {
                        version = rs.getLong(1);
                        subareas.add(rs.getString(2).strip());
                    }
                }
            }
            if (!subareas.contains(change.subareaCode())) {
                return Result.of(Kind.NOT_FOUND, "bid: no building " + change.bid() + " in subarea " + change.subareaCode());
            }
            if (subareas.size() > 1) {
                return Result.of(Kind.REFUSED, "bid: building " + change.bid() + " is split vertically over subareas "
                        + String.join(", ", subareas) + "; its parts are changed by the planner");
            }
            if (version != change.version()) {
                return Result.of(Kind.STALE, "version: building " + change.bid() + " is at version " + version
                        + ", the change was made on version " + change.version());
            }
            String before = state(c, change.bid());
            if (change.footprint() != null) {
                Geometry outline = subareaOutline(c, change.subareaCode()).orElseThrow();
                Optional<String> refusal = placement.apply(outline, change.footprint())
                        .or(() -> overlapped(c, change.footprint(), change.bid()));
                if (refusal.isPresent()) {
                    return Result.of(Kind.REFUSED, refusal.get());
                }
            }
            int delta = 0;
            if (change.households() != null) {
                try (NamedStatement q = NamedStatement.prepare(c, """
                        UPDATE subarea_building new SET households = CAST(:households AS integer)
                          FROM subarea_building old
                         WHERE new.subarea_code = old.subarea_code AND new.bid = old.bid
                           AND new.subarea_code = :subarea AND new.bid = :bid
                        RETURNING CAST(:households AS integer) - old.households
                        """)) {
                    q.set("households", change.households()).set("subarea", change.subareaCode()).set("bid", change.bid());
                    try (ResultSet rs = q.statement().executeQuery()) {
                        rs.next();
                        delta = rs.getInt(1);
                    }
                }
            }
            try (NamedStatement q = NamedStatement.prepare(c, """
                    UPDATE building
                       SET geom = coalesce(ST_Multi(ST_GeomFromWKB(CAST(:wkb AS bytea), 4548)), geom),
                           households_record = coalesce(CAST(:households AS integer), households_record),
                           record_source = CASE WHEN CAST(:households AS integer) IS NULL THEN record_source ELSE :source END,
                           floors = coalesce(CAST(:floors AS integer), floors),
                           version = nextval('building_version_seq'),
                           marked_by = :actor
                     WHERE bid = :bid
                    """)) {
                q.set("wkb", change.footprint() == null ? null : wkb(change.footprint()))
                        .set("households", change.households()).set("source", SOURCE).set("floors", change.floors())
                        .set("actor", actor).set("bid", change.bid());
                q.statement().executeUpdate();
            }
            addHouseholds(c, change.subareaCode(), delta, actor);
            log(c, actor, change.footprint() != null ? "move-building" : "set-building", change.bid(),
                    change.subareaCode().substring(0, 9), reason, before);
            return new Result(Kind.DONE, marked(c, change.bid(), change.subareaCode()), null);
        });
    }

    private interface InArea {
        Result run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction holding the lock of the subarea's census area. */
    private Result inArea(String subareaCode, InArea work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (SubareaStore.lockArea(c, subareaCode.substring(0, 12)).isEmpty()) {
                    c.rollback();
                    return Result.of(Kind.NOT_FOUND, "subarea: no census area " + subareaCode.substring(0, 12));
                }
                Result result = work.run(c);
                if (result.kind() == Kind.DONE) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Optional<Geometry> subareaOutline(Connection c, String subareaCode) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c,
                "SELECT ST_AsBinary(geom) FROM subarea WHERE code = :code AND geom IS NOT NULL FOR UPDATE")) {
            q.set("code", subareaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(SubareaStore.geometry(rs.getBytes(1))) : Optional.empty();
            }
        }
    }

    /** A building other than {@code except} whose footprint shares area with {@code footprint}. */
    private static Optional<String> overlapped(Connection c, Geometry footprint, String except) {
        // more than 0.01 m² in common: footprints that only touch, or meet within rounding, may stand wall to wall
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT bid FROM building
                 WHERE ST_Intersects(geom, ST_GeomFromWKB(:wkb, 4548))
                   AND bid IS DISTINCT FROM CAST(:except AS text)
                   AND ST_Area(ST_Intersection(geom, ST_GeomFromWKB(:wkb, 4548))) > 0.01
                 ORDER BY bid LIMIT 1
                """)) {
            q.set("wkb", wkb(footprint)).set("except", except);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of("geometry: overlaps building " + rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("overlap check failed: " + e.getMessage(), e);
        }
    }

    /** Adds {@code delta} households to the subarea and gives it and its area a new version. */
    private static void addHouseholds(Connection c, String subareaCode, int delta, String actor) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                UPDATE subarea SET households = households + :delta, version = nextval('subarea_version_seq'),
                                   updated_at = now(), updated_by = :actor
                 WHERE code = :code
                """)) {
            q.set("delta", delta).set("actor", actor).set("code", subareaCode);
            q.statement().executeUpdate();
        }
        try (NamedStatement q = NamedStatement.prepare(c,
                "UPDATE area_delineation SET version = nextval('subarea_version_seq') WHERE area_code = :area")) {
            q.set("area", subareaCode.substring(0, 12));
            q.statement().executeUpdate();
        }
    }

    private static String state(Connection c, String bid) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT jsonb_build_object('bid', bid, 'version', version, 'households', households, 'floors', floors,
                                          'use', use, 'geom', encode(ST_AsBinary(geom), 'hex'))::text
                  FROM building WHERE bid = :bid
                """)) {
            q.set("bid", bid);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static void log(Connection c, String actor, String action, String bid, String street, String reason,
            String before) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
                VALUES (:actor, :action, 'building', :bid, :street, :reason, CAST(:before AS jsonb), CAST(:after AS jsonb))
                """)) {
            q.set("actor", actor).set("action", action).set("bid", bid).set("street", street).set("reason", reason)
                    .set("before", before).set("after", state(c, bid));
            q.statement().executeUpdate();
        }
    }

    private static Marked marked(Connection c, String bid, String subareaCode) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT b.version, sb.households, b.floors, b.use
                  FROM building b JOIN subarea_building sb ON sb.bid = b.bid AND sb.subarea_code = :subarea
                 WHERE b.bid = :bid
                """)) {
            q.set("bid", bid).set("subarea", subareaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return new Marked(bid, subareaCode, rs.getLong(1), rs.getInt(2), (Integer) rs.getObject(3), rs.getString(4));
            }
        }
    }

    private static byte[] wkb(Geometry g) {
        return new WKBWriter(2).write(g);
    }
}
