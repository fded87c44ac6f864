package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Current assignments of enumerators to subareas and supervisors to census areas, their history,
 * and the proposals previewed before they are accepted.
 *
 * <p>All writes take one transaction-scoped advisory lock ({@link #lockAssignments}) before they
 * check the state they expect: assignment changes are few and short, and one lock makes every
 * stale check exact without reasoning about which units two changes share. Every ended
 * assignment moves to {@code assignment_history}; every change is written to the edit log
 * (entity {@code enumerator_assignment} or {@code supervisor_assignment}, key the unit code).
 */
@ApplicationScoped
public class AssignmentStore {

    /** Who is assigned to which kind of unit, with the table that holds the assignments. */
    public enum Kind {
        ENUMERATOR("enumerator", "enumerator_assignment", "subarea_code", "subarea"),
        SUPERVISOR("supervisor", "supervisor_assignment", "area_code", "area");

        /** The role name, as in {@code person.role}. */
        public final String role;
        final String table;
        final String unitColumn;
        final String unitTable;

        Kind(String role, String table, String unitColumn, String unitTable) {
            this.role = role;
            this.table = table;
            this.unitColumn = unitColumn;
            this.unitTable = unitTable;
        }

        /** The kind of a role name; empty for other names. */
        public static Optional<Kind> ofRole(String role) {
            for (Kind k : values()) {
                if (k.role.equals(role)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** A subarea to staff: its point on surface (a virtual one: its area's) in EPSG:4548 metres. */
    public record SubareaRow(String code, String areaCode, String streetCode, int households, double x, double y) {
    }

    /** A census area to staff, with the households of its subareas and its point on surface (EPSG:4548). */
    public record AreaRow(String code, String name, String streetCode, int households, double x, double y) {
    }

    /**
     * An active person who may be assigned: their home is the point on surface of their home area,
     * or of their street when none is given (EPSG:4548 metres).
     */
    public record StaffRow(String personId, String name, String role, String streetCode, String homeAreaCode,
            double homeX, double homeY) {
    }

    /** A current assignment. */
    public record AssignmentRow(Kind kind, String unitCode, String personId, String personName, String streetCode) {
    }

    /**
     * One change of a proposal: {@code remove} leaves the unit, {@code add} joins it (either may
     * be null). A move of a unit from one person to another is one change with both.
     */
    public record Change(Kind kind, String code, String remove, String add) {
    }

    /** A stored proposal. */
    public record StoredProposal(long id, String scope, String kind, String replaces, String fingerprint,
            String bodyJson, boolean accepted) {
    }

    /** Outcome of a change by hand. */
    public enum Outcome {
        DONE, STALE, NO_UNIT, NO_PERSON, INACTIVE, WRONG_ROLE, OTHER_STREET
    }

    /** Key of the advisory lock serialising assignment writes ("ASGN"). */
    private static final long LOCK_KEY = 0x4153474eL;

    private final DataSource dataSource;

    public AssignmentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Serialises assignment writes until the end of the caller's transaction. */
    static void lockAssignments(Connection c) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, "SELECT pg_advisory_xact_lock(:key)")) {
            q.set("key", LOCK_KEY).statement().execute();
        }
    }

    /**
     * Holds assignment writes off until the end of the caller's transaction, which reads the
     * assignments and relies on them staying as read; other holders (planners' edits of other
     * areas) go on at the same time.
     */
    static void holdOffAssignments(Connection c) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, "SELECT pg_advisory_xact_lock_shared(:key)")) {
            q.set("key", LOCK_KEY).statement().execute();
        }
    }

    /** The subareas inside {@code scope} (6, 9, 12 or 15 digits), ordered by code. */
    public List<SubareaRow> subareas(String scope) throws SQLException {
        String sql = """
                SELECT s.code, s.area_code, s.street_code, s.households,
                       ST_X(p.pt) AS x, ST_Y(p.pt) AS y
                  FROM subarea s JOIN area a ON a.code = s.area_code,
                       LATERAL (SELECT ST_PointOnSurface(coalesce(s.geom, a.geom)) AS pt) p
                 WHERE s.code LIKE :scope || '%'
                 ORDER BY s.code
                """;
        List<SubareaRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("scope", scope);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new SubareaRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getDouble(5), rs.getDouble(6)));
                }
            }
        }
        return rows;
    }

    /** The census areas inside {@code scope}, ordered by code. */
    public List<AreaRow> areas(String scope) throws SQLException {
        String sql = """
                SELECT a.code, a.name, a.street_code,
                       coalesce((SELECT sum(s.households) FROM subarea s WHERE s.area_code = a.code), 0) AS households,
                       ST_X(p.pt) AS x, ST_Y(p.pt) AS y
                  FROM area a, LATERAL (SELECT ST_PointOnSurface(a.geom) AS pt) p
                 WHERE a.code LIKE substr(:scope, 1, 12) || '%'
                 ORDER BY a.code
                """;
        List<AreaRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("scope", scope);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new AreaRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getDouble(5), rs.getDouble(6)));
                }
            }
        }
        return rows;
    }

    /** Active people with the point on surface of their home area, or of their street. */
    private static final String SELECT_STAFF = """
            SELECT p.person_id, p.name, p.role, p.street_code, p.home_area_code,
                   ST_X(h.pt) AS x, ST_Y(h.pt) AS y
              FROM person p
              LEFT JOIN area a ON a.code = p.home_area_code
              LEFT JOIN street st ON st.code = p.street_code,
                   LATERAL (SELECT ST_PointOnSurface(coalesce(a.geom, st.geom)) AS pt) h
             WHERE p.active
            """;

    /** Active people of the streets the scope lies in, ordered by id. */
    public List<StaffRow> staff(String scope) throws SQLException {
        return staff(SELECT_STAFF + " AND p.street_code LIKE substr(:code, 1, 9) || '%' ORDER BY p.person_id", scope);
    }

    /** One active person; empty when unknown or deactivated. */
    public Optional<StaffRow> staffMember(String personId) throws SQLException {
        return staff(SELECT_STAFF + " AND p.person_id = :code", personId).stream().findFirst();
    }

    private List<StaffRow> staff(String sql, String code) throws SQLException {
        List<StaffRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("code", code);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new StaffRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getDouble(6), rs.getDouble(7)));
                }
            }
        }
        return rows;
    }

    /**
     * Current assignments of the units inside {@code scope}, and (with {@code peopleOfScope}) every
     * other current assignment of the people of its streets, whose load counts too.
     */
    public List<AssignmentRow> assignments(String scope, boolean peopleOfScope) throws SQLException {
        String sql = """
                SELECT 'ENUMERATOR' AS kind, e.subarea_code::text AS code, e.person_id, p.name, e.street_code
                  FROM enumerator_assignment e JOIN person p USING (person_id)
                 WHERE e.subarea_code LIKE :scope || '%'
                    OR (:people AND p.street_code LIKE substr(:scope, 1, 9) || '%')
                UNION ALL
                SELECT 'SUPERVISOR', s.area_code::text, s.person_id, p.name, s.street_code
                  FROM supervisor_assignment s JOIN person p USING (person_id)
                 WHERE s.area_code LIKE substr(:scope, 1, 12) || '%'
                    OR (:people AND p.street_code LIKE substr(:scope, 1, 9) || '%')
                 ORDER BY 2, 3
                """;
        List<AssignmentRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("scope", scope).set("people", peopleOfScope);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new AssignmentRow(Kind.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
            }
        }
        return rows;
    }

    /** Units of a scope that have someone: subareas with an enumerator, areas with a supervisor. */
    public record StaffedUnits(Set<String> subareas, Set<String> areas) {
    }

    /**
     * The staffed units inside {@code scope}; empty when no assignment was ever recorded there
     * (current or ended), i.e. before assignment started in that scope.
     */
    public Optional<StaffedUnits> staffedUnits(String scope) throws SQLException {
        String sql = """
                SELECT 'e' AS kind, subarea_code::text AS code FROM enumerator_assignment WHERE subarea_code LIKE :scope || '%'
                UNION
                SELECT 's', area_code::text FROM supervisor_assignment WHERE area_code LIKE substr(:scope, 1, 12) || '%'
                UNION ALL
                SELECT 'h', NULL WHERE EXISTS (SELECT 1 FROM assignment_history WHERE unit_code LIKE substr(:scope, 1, 12) || '%')
                """;
        Set<String> subareas = new HashSet<>();
        Set<String> areas = new HashSet<>();
        boolean recorded = false;
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("scope", scope);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    recorded = true;
                    switch (rs.getString(1)) {
                        case "e" -> subareas.add(rs.getString(2));
                        case "s" -> areas.add(rs.getString(2));
                        default -> { }
                    }
                }
            }
        }
        return recorded ? Optional.of(new StaffedUnits(subareas, areas)) : Optional.empty();
    }

    /** An enumerator's households (each subarea's shared equally among its enumerators) and their subareas. */
    public record EnumeratorLoad(String personId, String name, double households, List<String> subareasInScope) {
    }

    /**
     * Enumerators with a subarea inside {@code scope} whose households, over all their subareas,
     * exceed {@code limit}; counted and rounded to 0.1 as in the roster and the workload report;
     * most loaded first.
     */
    public List<EnumeratorLoad> overloadedEnumerators(String scope, int limit) throws SQLException {
        String sql = """
                SELECT * FROM (
                    SELECT e.person_id, p.name,
                           round(sum(s.households::numeric / (SELECT count(*) FROM enumerator_assignment o
                                                               WHERE o.subarea_code = e.subarea_code)), 1) AS households,
                           array_agg(e.subarea_code::text ORDER BY e.subarea_code)
                               FILTER (WHERE e.subarea_code LIKE :scope || '%') AS codes
                      FROM enumerator_assignment e JOIN subarea s ON s.code = e.subarea_code JOIN person p USING (person_id)
                     WHERE e.person_id IN (SELECT person_id FROM enumerator_assignment WHERE subarea_code LIKE :scope || '%')
                     GROUP BY e.person_id, p.name
                ) t
                 WHERE households > :limit
                 ORDER BY households DESC, person_id
                """;
        List<EnumeratorLoad> loads = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("scope", scope).set("limit", limit);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    loads.add(new EnumeratorLoad(rs.getString(1), rs.getString(2), rs.getDouble(3),
                            List.of((String[]) rs.getArray(4).getArray())));
                }
            }
        }
        return loads;
    }

    /**
     * A digest of everything a proposal for {@code scope} was computed from: the assignments of its
     * units, its subareas and their households, and the people of its streets (id, active, version).
     * Equal digests mean the proposal still applies as previewed.
     */
    public String fingerprint(String scope) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return fingerprint(c, scope);
        }
    }

    private static String fingerprint(Connection c, String scope) throws SQLException {
        String sql = """
                SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM (
                    SELECT 'e:' || subarea_code || ':' || person_id AS x
                      FROM enumerator_assignment WHERE subarea_code LIKE :scope || '%'
                    UNION ALL
                    SELECT 's:' || area_code || ':' || person_id
                      FROM supervisor_assignment WHERE area_code LIKE substr(:scope, 1, 12) || '%'
                    UNION ALL
                    SELECT 'u:' || code || ':' || households FROM subarea WHERE code LIKE :scope || '%'
                    UNION ALL
                    SELECT 'p:' || person_id || ':' || active || ':' || version
                      FROM person WHERE street_code LIKE substr(:scope, 1, 9) || '%'
                ) t
                """;
        try (NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("scope", scope);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Assigns {@code personId} to {@code unit} if the unit's people are exactly {@code seen}
     * (the state the caller saw), else {@link Outcome#STALE}. The person must be active, have the
     * kind's role and work for the unit's street.
     */
    public Outcome assign(String actor, Kind kind, String unit, String personId, Collection<String> seen)
            throws SQLException {
        return change(actor, kind, unit, personId, seen, true);
    }

    /** Ends the assignment of {@code personId} to {@code unit}, on the same stale check as {@link #assign}. */
    public Outcome unassign(String actor, Kind kind, String unit, String personId, Collection<String> seen)
            throws SQLException {
        return change(actor, kind, unit, personId, seen, false);
    }

    private Outcome change(String actor, Kind kind, String unit, String personId, Collection<String> seen,
            boolean add) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockAssignments(c);
                Outcome outcome = checkChange(c, kind, unit, personId, seen, add);
                if (outcome != Outcome.DONE) {
                    c.rollback();
                    return outcome;
                }
                Change change = add ? new Change(kind, unit, null, personId) : new Change(kind, unit, personId, null);
                write(c, actor, change, add ? "assigned by hand" : "removed by hand");
                c.commit();
                return Outcome.DONE;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Outcome checkChange(Connection c, Kind kind, String unit, String personId,
            Collection<String> seen, boolean add) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, "SELECT street_code FROM " + kind.unitTable
                + " WHERE code = :unit")) {
            q.set("unit", unit);
            try (ResultSet rs = q.statement().executeQuery()) {
                if (!rs.next()) {
                    return Outcome.NO_UNIT;
                }
            }
        }
        if (add) {
            try (NamedStatement q = NamedStatement.prepare(c,
                    "SELECT active, role, street_code FROM person WHERE person_id = :id")) {
                q.set("id", personId);
                try (ResultSet rs = q.statement().executeQuery()) {
                    if (!rs.next()) {
                        return Outcome.NO_PERSON;
                    }
                    if (!rs.getBoolean("active")) {
                        return Outcome.INACTIVE;
                    }
                    if (!kind.role.equals(rs.getString("role"))) {
                        return Outcome.WRONG_ROLE;
                    }
                    if (!unit.startsWith(rs.getString("street_code"))) {
                        return Outcome.OTHER_STREET;
                    }
                }
            }
        }
        List<String> current = peopleOf(c, kind, unit);
        if (!current.equals(seen.stream().sorted().distinct().toList()) || current.contains(personId) == add) {
            return Outcome.STALE;
        }
        return Outcome.DONE;
    }

    /** The people currently assigned to a unit, sorted. */
    public List<String> peopleOf(Kind kind, String unit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return peopleOf(c, kind, unit);
        }
    }

    private static List<String> peopleOf(Connection c, Kind kind, String unit) throws SQLException {
        List<String> people = new ArrayList<>();
        try (NamedStatement q = NamedStatement.prepare(c, "SELECT person_id FROM " + kind.table + " WHERE "
                + kind.unitColumn + " = :unit ORDER BY person_id")) {
            q.set("unit", unit);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    people.add(rs.getString(1));
                }
            }
        }
        return people;
    }

    /** Names of the enumerators currently assigned to a subarea, ordered by their id. */
    public List<String> enumeratorNames(String subareaCode) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT p.name FROM enumerator_assignment e JOIN person p USING (person_id)
                 WHERE e.subarea_code = :code ORDER BY p.person_id
                """)) {
            q.set("code", subareaCode);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Stores a previewed proposal; its id is what {@link #accept} takes. */
    public long saveProposal(String actor, String scope, String kind, String replaces, String fingerprint,
            String bodyJson) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO assignment_proposal (scope, kind, replaces, created_by, fingerprint, body)
                VALUES (:scope, :kind, :replaces, :actor, :fingerprint, :body::jsonb)
                RETURNING id
                """)) {
            q.set("scope", scope).set("kind", kind).set("replaces", replaces).set("actor", actor)
                    .set("fingerprint", fingerprint).set("body", bodyJson);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A stored proposal by id. */
    public Optional<StoredProposal> findProposal(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT id, scope, kind, replaces, fingerprint, body::text, accepted_at IS NOT NULL
                  FROM assignment_proposal WHERE id = :id
                """)) {
            q.set("id", id);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next()
                        ? Optional.of(new StoredProposal(rs.getLong(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Applies a proposal's changes in one transaction if its scope's fingerprint is unchanged and
     * it was not accepted before; false (nothing written) otherwise.
     */
    public boolean accept(String actor, StoredProposal proposal, List<Change> changes, String reason)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                lockAssignments(c);
                int marked;
                try (NamedStatement q = NamedStatement.prepare(c, """
                        UPDATE assignment_proposal SET accepted_at = now(), accepted_by = :actor
                         WHERE id = :id AND accepted_at IS NULL
                        """)) {
                    marked = q.set("actor", actor).set("id", proposal.id()).statement().executeUpdate();
                }
                if (marked == 0 || !fingerprint(c, proposal.scope()).equals(proposal.fingerprint())) {
                    c.rollback();
                    return false;
                }
                for (Change change : changes) {
                    write(c, actor, change, reason);
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The login ids (app_user) of these people that have one: whose cached scopes a change makes stale. */
    public List<Long> userIds(Collection<String> personIds) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c,
                "SELECT user_id FROM person WHERE person_id = ANY (:ids) AND user_id IS NOT NULL")) {
            q.set("ids", c.createArrayOf("text", personIds.toArray()));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /**
     * Ends every current assignment of a person (inside the caller's transaction, which holds the
     * assignment lock) and answers the unit codes.
     */
    static List<String> endAllOf(Connection c, String actor, String personId, String reason) throws SQLException {
        List<Change> ended = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            try (NamedStatement q = NamedStatement.prepare(c, "SELECT " + kind.unitColumn + " FROM " + kind.table
                    + " WHERE person_id = :id ORDER BY 1")) {
                q.set("id", personId);
                try (ResultSet rs = q.statement().executeQuery()) {
                    while (rs.next()) {
                        ended.add(new Change(kind, rs.getString(1), personId, null));
                    }
                }
            }
        }
        for (Change change : ended) {
            write(c, actor, change, reason);
        }
        return ended.stream().map(Change::code).toList();
    }

    /** Writes one change: the removed assignment moves to the history, the added one is inserted; both logged. */
    private static void write(Connection c, String actor, Change change, String reason) throws SQLException {
        String street = change.code().substring(0, 9);
        if (change.remove() != null) {
            try (NamedStatement q = NamedStatement.prepare(c, "WITH ended AS (DELETE FROM " + change.kind().table
                    + " WHERE " + change.kind().unitColumn + " = :unit AND person_id = :person RETURNING *) "
                    + """
                    INSERT INTO assignment_history (kind, unit_code, person_id, street_code, assigned_at,
                                                    assigned_by, ended_by, end_reason)
                    SELECT :kind, :unit, person_id, street_code, assigned_at, assigned_by, :actor, :reason FROM ended
                    """)) {
                q.set("unit", change.code()).set("person", change.remove()).set("kind", change.kind().role)
                        .set("actor", actor).set("reason", reason);
                if (q.statement().executeUpdate() != 1) {
                    throw new SQLException("no assignment of " + change.remove() + " to " + change.code(), "40001");
                }
            }
        }
        if (change.add() != null) {
            try (NamedStatement q = NamedStatement.prepare(c, "INSERT INTO " + change.kind().table + " ("
                    + change.kind().unitColumn + ", person_id, street_code, assigned_by) "
                    + "VALUES (:unit, :person, :street, :actor)")) {
                q.set("unit", change.code()).set("person", change.add()).set("street", street).set("actor", actor);
                q.statement().executeUpdate();
            }
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("person", change.remove());
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("person", change.add());
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
                VALUES (:actor, :action, :entity, :unit, :street, :reason, :before::jsonb, :after::jsonb)
                """)) {
            String action = change.add() == null ? "unassign" : change.remove() == null ? "assign" : "reassign";
            q.set("actor", actor).set("action", action).set("entity", change.kind().table)
                    .set("unit", change.code()).set("street", street).set("reason", reason)
                    .set("before", change.remove() == null ? null : RosterStore.toJson(before))
                    .set("after", change.add() == null ? null : RosterStore.toJson(after));
            q.statement().executeUpdate();
        }
    }
}
