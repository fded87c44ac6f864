package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Geometry;

/**
 * Planner edits, undo and named versions of an area's subareas, each in one transaction that
 * locks the area's row first: edits of one area are serialised, and an edit is computed and checked
 * on the state it will replace, so two edits that pass alone can never commit an overlap together.
 *
 * <p>Before every change the area's whole state is kept in {@code area_state} (kind
 * {@code before-edit}): undo restores the latest one not yet undone. Named versions are states kept
 * the same way under a name.
 */
@ApplicationScoped
public class SubareaEditStore {

    /** A subarea as an edit sees it. */
    public record Current(String code, long version, int households, boolean virtual, String verticalOf, String sizhiJson,
            Geometry geometry, String exception, List<SubareaStore.Member> members) {
    }

    /** The area when an edit starts: version and subareas in code order. */
    public record State(String areaCode, String streetCode, long version, List<Current> subareas) {
    }

    /**
     * What an edit changes: subareas written anew (new versions), subareas removed, and the action
     * and reason for the edit log.
     */
    public record Change(List<SubareaStore.NewSubarea> written, Set<String> deleted, String action, String reason) {
    }

    /** Computes the change from the state, or refuses it by throwing. */
    @FunctionalInterface
    public interface Editor {
        Change apply(State state) throws Exception;
    }

    /** A named or before-edit state. */
    public record Saved(long id, String kind, String name, String createdAt, String createdBy, int subareas, int households) {
    }

    /** One row of the difference between two states. */
    public record Difference(String code, Integer householdsBefore, Integer householdsAfter, boolean geometryChanged) {
    }

    /** A building registered in another subarea in the second state. */
    public record Moved(String bid, String from, String to, int households) {
    }

    /**
     * The change would give codes that enumerators are assigned to to other places: the
     * assignment, keyed by code, would silently send a person elsewhere.
     */
    public static final class CodesInUse extends Exception {
        public CodesInUse(String message) {
            super(message);
        }
    }

    /** The area has no accepted subareas to edit. */
    public static final class NothingToEdit extends Exception {
        public NothingToEdit(String message) {
            super(message);
        }
    }

    /** The area's subareas as one JSON value, as {@code area_state} keeps them. */
    private static final String SNAPSHOT = """
            SELECT coalesce(jsonb_agg(jsonb_build_object(
                       'code', s.code, 'households', s.households, 'virtual', s.virtual, 'vertical_of', s.vertical_of,
                       'sizhi', s.sizhi, 'geom', encode(ST_AsBinary(s.geom), 'hex'), 'exception', s.exception,
                       'members', (SELECT coalesce(jsonb_agg(jsonb_build_object('bid', sb.bid, 'households', sb.households,
                                                                                'part', sb.part) ORDER BY sb.bid), '[]'::jsonb)
                                     FROM subarea_building sb WHERE sb.subarea_code = s.code))
                     ORDER BY s.code), '[]'::jsonb)
              FROM subarea s WHERE s.area_code = :area AND (CAST(:codes AS text[]) IS NULL OR s.code = ANY (CAST(:codes AS text[])))
            """;

    private final DataSource dataSource;

    public SubareaEditStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs an edit: locks the area, reads its state, lets {@code editor} compute the change (which
     * may refuse by throwing), keeps the state before, writes the change, logs it.
     *
     * @return the area's new version
     * @throws NothingToEdit when the area has no accepted subareas
     * @throws Exception     whatever {@code editor} throws; nothing is written then
     */
    public long edit(String areaCode, String actor, Editor editor) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                State state = state(c, areaCode);
                Change change = editor.apply(state);
                Map<String, String> assigned = assignedPlaces(c, areaCode);
                String before = SubareaStore.summary(c, areaCode);
                List<String> touched = new ArrayList<>(change.deleted());
                change.written().forEach(w -> touched.add(w.code()));
                long stateId = keepState(c, areaCode, state.streetCode(), "before-edit", null, actor, touched);
                delete(c, areaCode, touched);
                SubareaStore.insertSubareas(c, state.streetCode(), change.written(), actor);
                refuseIfAssignedPlacesMoved(c, assigned, change.action());
                ProgressReportStore.followRegistrations(c, List.of(areaCode));
                long version = finish(c, areaCode, state.streetCode(), actor, change.action(), change.reason(), before, stateId);
                c.commit();
                return version;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Restores the state before the latest edit not undone yet.
     *
     * @return the area's new version, empty when there is nothing to undo
     */
    public Optional<Long> undo(String areaCode, String actor, String reason) throws SQLException, NothingToEdit, CodesInUse {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                State state = state(c, areaCode);
                Optional<Long> latest = latestUndoable(c, areaCode);
                if (latest.isEmpty()) {
                    c.rollback();
                    return Optional.empty();
                }
                Map<String, String> assigned = assignedPlaces(c, areaCode);
                String before = SubareaStore.summary(c, areaCode);
                restore(c, areaCode, state.streetCode(), latest.get(), actor);
                refuseIfAssignedPlacesMoved(c, assigned, "undo");
                ProgressReportStore.followRegistrations(c, List.of(areaCode));
                try (NamedStatement q = NamedStatement.prepare(c, "UPDATE area_state SET undone = true WHERE id = :id")) {
                    q.set("id", latest.get()).statement().executeUpdate();
                }
                long version = finish(c, areaCode, state.streetCode(), actor, "undo", reason, before, null);
                c.commit();
                return Optional.of(version);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Names the area's current state.
     *
     * @return the version's id, empty when the name is taken in this area
     */
    public Optional<Long> saveVersion(String areaCode, String name, String actor) throws SQLException, NothingToEdit {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                State state = state(c, areaCode);
                if (savedId(c, areaCode, name).isPresent()) {
                    c.rollback();
                    return Optional.empty();
                }
                long id = keepState(c, areaCode, state.streetCode(), "named", name, actor, null);
                SubareaStore.log(c, actor, "name-version", areaCode, state.streetCode(), name, null,
                        "{\"version\": " + id + "}");
                c.commit();
                return Optional.of(id);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The area's named versions, oldest first. */
    public List<Saved> versions(String areaCode) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT id, kind, name, to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SSOF'), created_by,
                       jsonb_array_length(subareas),
                       (SELECT coalesce(sum((s->>'households')::int), 0) FROM jsonb_array_elements(subareas) s)
                  FROM area_state WHERE area_code = :area AND kind = 'named' ORDER BY id
                """)) {
            q.set("area", areaCode);
            List<Saved> rows = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new Saved(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getInt(6), rs.getInt(7)));
                }
            }
            return rows;
        }
    }

    /**
     * Restores named version {@code id}; the state it replaces is kept, so undo brings it back.
     *
     * @return the area's new version, empty when the area has no such version
     */
    public Optional<Long> restoreVersion(String areaCode, long id, String actor, String reason)
            throws SQLException, NothingToEdit, CodesInUse {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                State state = state(c, areaCode);
                if (!namedExists(c, areaCode, id)) {
                    c.rollback();
                    return Optional.empty();
                }
                String before = SubareaStore.summary(c, areaCode);
                List<String> all = state.subareas().stream().map(Current::code).collect(java.util.stream.Collectors.toList());
                all.addAll(namedCodes(c, id));
                long kept = keepState(c, areaCode, state.streetCode(), "before-edit", null, actor, all);
                Map<String, String> assigned = assignedPlaces(c, areaCode);
                restore(c, areaCode, state.streetCode(), id, actor);
                refuseIfAssignedPlacesMoved(c, assigned, "restore-version");
                ProgressReportStore.followRegistrations(c, List.of(areaCode));
                long version = finish(c, areaCode, state.streetCode(), actor, "restore-version", reason, before, kept);
                c.commit();
                return Optional.of(version);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * What differs between two states of an area: named version {@code from} and named version
     * {@code to}, or the current state when {@code to} is null.
     *
     * @return empty when either version does not belong to the area
     */
    public Optional<Map.Entry<List<Difference>, List<Moved>>> diff(String areaCode, long from, Long to) throws SQLException {
        String states = """
                WITH a AS (SELECT subareas FROM area_state WHERE id = :from AND area_code = :area AND kind = 'named'),
                     b AS (SELECT subareas FROM area_state WHERE id = :to AND area_code = :area AND kind = 'named'
                           UNION ALL
                           SELECT (%s) WHERE CAST(:to AS bigint) IS NULL)
                """.formatted(SNAPSHOT.strip());
        try (Connection c = dataSource.getConnection()) {
            try (NamedStatement q = NamedStatement.prepare(c, states + "SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b)")) {
                q.set("from", from).set("to", to).set("area", areaCode).set("codes", null);
                try (ResultSet rs = q.statement().executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) != 1 || rs.getInt(2) != 1) {
                        return Optional.empty();
                    }
                }
            }
            List<Difference> differences = new ArrayList<>();
            try (NamedStatement q = NamedStatement.prepare(c, states + """
                    , sa AS (SELECT s->>'code' AS code, (s->>'households')::int AS h, s->>'geom' AS g
                               FROM a, jsonb_array_elements(a.subareas) s),
                      sb AS (SELECT s->>'code' AS code, (s->>'households')::int AS h, s->>'geom' AS g
                               FROM b, jsonb_array_elements(b.subareas) s)
                    SELECT coalesce(sa.code, sb.code), sa.h, sb.h, sa.g IS DISTINCT FROM sb.g
                      FROM sa FULL JOIN sb ON sa.code = sb.code
                     WHERE sa.h IS DISTINCT FROM sb.h OR sa.g IS DISTINCT FROM sb.g
                     ORDER BY 1
                    """)) {
                q.set("from", from).set("to", to).set("area", areaCode).set("codes", null);
                try (ResultSet rs = q.statement().executeQuery()) {
                    while (rs.next()) {
                        differences.add(new Difference(rs.getString(1), (Integer) rs.getObject(2), (Integer) rs.getObject(3),
                                rs.getBoolean(4)));
                    }
                }
            }
            List<Moved> moved = new ArrayList<>();
            try (NamedStatement q = NamedStatement.prepare(c, states + """
                    , ma AS (SELECT m->>'bid' AS bid, s->>'code' AS code, (m->>'households')::int AS h
                               FROM a, jsonb_array_elements(a.subareas) s, jsonb_array_elements(s->'members') m
                              WHERE s->>'vertical_of' IS NULL),
                      mb AS (SELECT m->>'bid' AS bid, s->>'code' AS code, (m->>'households')::int AS h
                               FROM b, jsonb_array_elements(b.subareas) s, jsonb_array_elements(s->'members') m
                              WHERE s->>'vertical_of' IS NULL)
                    SELECT coalesce(ma.bid, mb.bid), ma.code, mb.code, coalesce(mb.h, ma.h)
                      FROM ma FULL JOIN mb ON ma.bid = mb.bid
                     WHERE ma.code IS DISTINCT FROM mb.code
                     ORDER BY 1
                    """)) {
                q.set("from", from).set("to", to).set("area", areaCode).set("codes", null);
                try (ResultSet rs = q.statement().executeQuery()) {
                    while (rs.next()) {
                        moved.add(new Moved(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                    }
                }
            }
            return Optional.of(Map.entry(differences, moved));
        }
    }

    /** Who changed the area's subareas, when, how, why: the edit log, newest first. */
    public List<Map<String, Object>> history(String areaCode, int limit) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT id, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MSOF'), actor, action, reason, before::text, after::text
                  FROM edit_log WHERE entity = 'area' AND entity_key = :area
                 ORDER BY id DESC LIMIT :limit
                """)) {
            q.set("area", areaCode).set("limit", limit);
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("id", rs.getLong(1));
                    row.put("at", rs.getString(2));
                    row.put("actor", rs.getString(3));
                    row.put("action", rs.getString(4));
                    row.put("reason", rs.getString(5));
                    row.put("before", rs.getString(6));
                    row.put("after", rs.getString(7));
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    // ---- inside a transaction ----

    private static State state(Connection c, String areaCode) throws SQLException, NothingToEdit {
        Optional<String> street = SubareaStore.lockArea(c, areaCode);
        if (street.isEmpty()) {
            throw new NothingToEdit("no census area " + areaCode);
        }
        long version;
        try (NamedStatement q = NamedStatement.prepare(c, "SELECT version FROM area_delineation WHERE area_code = :area")) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                if (!rs.next()) {
                    throw new NothingToEdit("census area " + areaCode + " has no accepted subareas yet");
                }
                version = rs.getLong(1);
            }
        }
        Map<String, List<SubareaStore.Member>> members = new LinkedHashMap<>();
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT sb.subarea_code, sb.bid, sb.households, sb.part
                  FROM subarea_building sb JOIN subarea s ON s.code = sb.subarea_code
                 WHERE s.area_code = :area ORDER BY sb.bid
                """)) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new SubareaStore.Member(rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
        }
        List<Current> subareas = new ArrayList<>();
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT code, version, households, virtual, vertical_of, sizhi::text, ST_AsBinary(geom), exception
                  FROM subarea WHERE area_code = :area ORDER BY code
                """)) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    String code = rs.getString(1);
                    subareas.add(new Current(code, rs.getLong(2), rs.getInt(3), rs.getBoolean(4), rs.getString(5),
                            rs.getString(6), SubareaStore.geometry(rs.getBytes(7)), rs.getString(8), members.getOrDefault(code, List.of())));
                }
            }
        }
        return new State(areaCode, street.get(), version, subareas);
    }

    /**
     * Keeps the whole state of each area, before a change of subareas made outside the planners'
     * edits (a coverage fix, {@link CoverageStore#editGeometries}), on the same undo stack: the
     * area's undo then brings all its subareas and their buildings back as they were. Call
     * {@link #forgetUnchanged} once the change is made.
     *
     * @return the kept state of each area
     */
    static Map<String, Long> keepBeforeChange(Connection c, Collection<String> areaCodes, String actor) throws SQLException {
        Map<String, Long> kept = new TreeMap<>();
        for (String area : new TreeSet<>(areaCodes)) {
            List<String> codes = new ArrayList<>();
            try (NamedStatement q = NamedStatement.prepare(c, "SELECT code FROM subarea WHERE area_code = :area")) {
                try (ResultSet rs = q.set("area", area).statement().executeQuery()) {
                    while (rs.next()) {
                        codes.add(rs.getString(1));
                    }
                }
            }
            // a fix changes outlines and registrations, never codes: undo puts every subarea back under its own
            kept.put(area, keepState(c, area, area.substring(0, 9), "before-edit", null, actor, codes));
        }
        return kept;
    }

    /** Forgets the states {@link #keepBeforeChange} kept of areas whose subareas the change left alone: nothing to undo there. */
    static void forgetUnchanged(Connection c, Map<String, Long> kept, Set<String> changedAreas) throws SQLException {
        Long[] unchanged = kept.entrySet().stream().filter(e -> !changedAreas.contains(e.getKey())).map(Map.Entry::getValue)
                .toArray(Long[]::new);
        if (unchanged.length > 0) {
            try (NamedStatement q = NamedStatement.prepare(c, "DELETE FROM area_state WHERE id = ANY (:ids)")) {
                q.set("ids", c.createArrayOf("bigint", unchanged)).statement().executeUpdate();
            }
        }
    }

    /**
     * Keeps the area's subareas as they are now: those with {@code codes} (the codes an edit is
     * about to write or delete), or all of them when {@code codes} is null.
     */
    private static long keepState(Connection c, String areaCode, String streetCode, String kind, String name, String actor,
            List<String> codes) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO area_state (area_code, street_code, kind, name, created_by, subareas, touched)
                VALUES (:area, :street, :kind, CAST(:name AS text), :actor, (%s), CAST(:codes AS text[]))
                RETURNING id
                """.formatted(SNAPSHOT.strip()))) {
            q.set("area", areaCode).set("street", streetCode).set("kind", kind).set("name", name).set("actor", actor)
                    .set("codes", codes == null ? null : c.createArrayOf("text", codes.toArray()));
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Puts a kept state back: a named version replaces the whole area; a before-edit state removes
     * what its edit wrote and puts back the subareas the edit replaced or deleted.
     */
    private static void restore(Connection c, String areaCode, String streetCode, long stateId, String actor) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                DELETE FROM subarea s USING area_state st
                 WHERE st.id = :id AND s.area_code = :area AND (st.touched IS NULL OR s.code = ANY (st.touched))
                """)) {
            q.set("id", stateId).set("area", areaCode).statement().executeUpdate();
        }
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO subarea (code, area_code, street_code, households, virtual, vertical_of, sizhi, geom,
                                     exception, updated_by, version)
                SELECT x.code, :area, :street, x.households, x.virtual, x.vertical_of, x.sizhi,
                       ST_GeomFromWKB(decode(x.geom, 'hex'), 4548), x.exception, :actor, nextval('subarea_version_seq')
                  FROM area_state st,
                       jsonb_to_recordset(st.subareas) AS x(code text, households int, virtual boolean, vertical_of text,
                                                            sizhi jsonb, geom text, exception text)
                 WHERE st.id = :id
                """)) {
            q.set("area", areaCode).set("street", streetCode).set("actor", actor).set("id", stateId);
            q.statement().executeUpdate();
        }
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO subarea_building (subarea_code, bid, street_code, households, part)
                SELECT s->>'code', m->>'bid', :street, (m->>'households')::int, m->>'part'
                  FROM area_state st, jsonb_array_elements(st.subareas) s, jsonb_array_elements(s->'members') m
                 WHERE st.id = :id
                """)) {
            q.set("street", streetCode).set("id", stateId);
            q.statement().executeUpdate();
        }
    }

    private static void delete(Connection c, String areaCode, List<String> codes) throws SQLException {
        if (codes.isEmpty()) {
            return;
        }
        try (NamedStatement q = NamedStatement.prepare(c,
                "DELETE FROM subarea WHERE area_code = :area AND code = ANY (:codes)")) {
            q.set("area", areaCode).set("codes", c.createArrayOf("bpchar", codes.toArray()));
            q.statement().executeUpdate();
        }
    }

    /** Bumps the area's version, marks it edited, logs the change; the new version. */
    private static long finish(Connection c, String areaCode, String streetCode, String actor, String action, String reason,
            String before, Long stateId) throws SQLException {
        long version;
        try (NamedStatement q = NamedStatement.prepare(c, """
                UPDATE area_delineation SET version = nextval('subarea_version_seq'), edited = true
                 WHERE area_code = :area RETURNING version
                """)) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                version = rs.getLong(1);
            }
        }
        SubareaStore.log(c, actor, action, areaCode, streetCode, reason, before, SubareaStore.summary(c, areaCode));
        if (stateId != null) {
            try (NamedStatement q = NamedStatement.prepare(c, """
                    UPDATE area_state SET edit_log_id = currval('edit_log_id_seq') WHERE id = :id
                    """)) {
                q.set("id", stateId).statement().executeUpdate();
            }
        }
        return version;
    }

    /**
     * The outlines (hex WKB) of the area's subareas that enumerators are assigned to, read before
     * a change; assignment writes are held off until the change commits, so that none slips in,
     * while edits of other areas go on.
     */
    private static Map<String, String> assignedPlaces(Connection c, String areaCode) throws SQLException {
        AssignmentStore.holdOffAssignments(c);
        Map<String, String> places = new LinkedHashMap<>();
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT s.code, encode(ST_AsBinary(s.geom), 'hex') FROM subarea s
                 WHERE s.area_code = :area AND s.geom IS NOT NULL
                   AND EXISTS (SELECT 1 FROM enumerator_assignment e WHERE e.subarea_code = s.code)
                 ORDER BY s.code
                """)) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    places.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return places;
    }

    /**
     * Refuses a change, once written, that gave an assigned code to another place: the code still
     * exists but shares less than half of the smaller of its old and new outlines with the old one
     * (renumbering, or undoing it). A split, a merge or a moved boundary keeps a code on most of
     * its place; a code that is gone shows in the coverage check as an assignment of nothing.
     */
    private static void refuseIfAssignedPlacesMoved(Connection c, Map<String, String> assigned, String action)
            throws SQLException, CodesInUse {
        if (assigned.isEmpty()) {
            return;
        }
        List<String> moved = new ArrayList<>();
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT b.code || ' (' || (SELECT count(*) FROM enumerator_assignment e WHERE e.subarea_code = b.code) || ' 名普查员)'
                  FROM unnest(CAST(:codes AS text[]), CAST(:outlines AS text[])) AS b(code, outline)
                  JOIN subarea s ON s.code = b.code
                 CROSS JOIN LATERAL (SELECT ST_GeomFromWKB(decode(b.outline, 'hex'), 4548) AS geom) was
                 WHERE s.geom IS NOT NULL
                   AND ST_Area(ST_Intersection(s.geom, was.geom)) < 0.5 * least(ST_Area(s.geom), ST_Area(was.geom))
                 ORDER BY b.code
                """)) {
            q.set("codes", assigned.keySet().toArray(String[]::new)).set("outlines", assigned.values().toArray(String[]::new));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    moved.add(rs.getString(1));
                }
            }
        }
        if (!moved.isEmpty()) {
            throw new CodesInUse(action + " would give subareas " + String.join(", ", moved)
                    + " to other places, and their enumerators with them: end those assignments first, or keep the numbers");
        }
    }

    private static Optional<Long> latestUndoable(Connection c, String areaCode) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT id FROM area_state WHERE area_code = :area AND kind = 'before-edit' AND NOT undone
                 ORDER BY id DESC LIMIT 1
                """)) {
            q.set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static Optional<Long> savedId(Connection c, String areaCode, String name) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c,
                "SELECT id FROM area_state WHERE area_code = :area AND kind = 'named' AND name = :name")) {
            q.set("area", areaCode).set("name", name);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The codes a named version holds. */
    private static List<String> namedCodes(Connection c, long id) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c,
                "SELECT s->>'code' FROM area_state, jsonb_array_elements(subareas) s WHERE id = :id")) {
            q.set("id", id);
            List<String> codes = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    codes.add(rs.getString(1));
                }
            }
            return codes;
        }
    }

    private static boolean namedExists(Connection c, String areaCode, long id) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c,
                "SELECT 1 FROM area_state WHERE id = :id AND area_code = :area AND kind = 'named'")) {
            q.set("id", id).set("area", areaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next();
            }
        }
    }
}
