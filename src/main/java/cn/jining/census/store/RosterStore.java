package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The roster: enumerators (普查员) and supervisors (普查指导员) with the street office they work
 * for and the census area they live in. People are never deleted: deactivation ends their
 * assignments (kept in {@code assignment_history}) and keeps the row. Every change is written to
 * the edit log (entity {@code person}).
 */
@ApplicationScoped
public class RosterStore {

    /** A roster row as imported or edited; codes as strings, phone and home area may be null. */
    public record PersonFields(String personId, String name, String phone, String role, String streetCode,
            String homeAreaCode) {
    }

    /**
     * A person as listed, with their current assignments.
     *
     * @param login      the login given to the person, null until given one
     * @param households households of the assigned subareas, each shared equally among its enumerators
     */
    public record Person(String personId, String name, String phone, String role, String streetCode,
            String homeAreaCode, boolean active, String login, Instant createdAt, Instant deactivatedAt,
            int version, List<String> subareas, List<String> areas, double households) {
    }

    /** An assignment that ended. */
    public record EndedAssignment(String kind, String unitCode, Instant assignedAt, String assignedBy,
            Instant endedAt, String endedBy, String reason) {
    }

    /** Outcome of an edit or deactivation. */
    public enum Outcome {
        DONE, MISSING, STALE, ASSIGNED_ELSEWHERE
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** People with their login, current assignments and the households of their subareas. */
    private static final String SELECT_PEOPLE = """
            SELECT p.*, u.login,
                   ARRAY(SELECT e.subarea_code::text FROM enumerator_assignment e
                          WHERE e.person_id = p.person_id ORDER BY 1) AS subareas,
                   ARRAY(SELECT a.area_code::text FROM supervisor_assignment a
                          WHERE a.person_id = p.person_id ORDER BY 1) AS areas,
                   coalesce((SELECT sum(s.households::float8 / (SELECT count(*) FROM enumerator_assignment o
                                                                 WHERE o.subarea_code = e.subarea_code))
                               FROM enumerator_assignment e JOIN subarea s ON s.code = e.subarea_code
                              WHERE e.person_id = p.person_id), 0) AS households
              FROM person p LEFT JOIN app_user u ON u.id = p.user_id
            """;

    private final DataSource dataSource;

    public RosterStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * People whose street starts with {@code streetPrefix} (empty: everyone), ordered by street
     * and id.
     */
    public List<Person> list(String streetPrefix, boolean includeInactive) throws SQLException {
        List<Person> people = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, SELECT_PEOPLE + """
                 WHERE p.street_code LIKE :prefix || '%'
                   AND (p.active OR :inactive)
                 ORDER BY p.street_code, p.person_id
                """)) {
            q.set("prefix", streetPrefix).set("inactive", includeInactive);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    people.add(toPerson(rs));
                }
            }
        }
        return people;
    }

    /** One person, active or not. */
    public Optional<Person> find(String personId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                NamedStatement q = NamedStatement.prepare(c, SELECT_PEOPLE + " WHERE p.person_id = :id")) {
            q.set("id", personId);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(toPerson(rs)) : Optional.empty();
            }
        }
    }

    /** The assignments of a person that ended, latest first. */
    public List<EndedAssignment> history(String personId) throws SQLException {
        String sql = """
                SELECT kind, unit_code, assigned_at, assigned_by, ended_at, ended_by, end_reason
                  FROM assignment_history WHERE person_id = :id ORDER BY ended_at DESC, id DESC
                """;
        List<EndedAssignment> ended = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("id", personId);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    ended.add(new EndedAssignment(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return ended;
    }

    /** Ids among {@code personIds} that are already on the roster. */
    public List<String> existingIds(List<String> personIds) throws SQLException {
        List<String> existing = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c,
                "SELECT person_id FROM person WHERE person_id = ANY (:ids) ORDER BY 1")) {
            q.set("ids", c.createArrayOf("text", personIds.toArray()));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        return existing;
    }

    /** Street code of every loaded census area, by area code: the codes a roster row may name. */
    public Map<String, String> areaStreets() throws SQLException {
        Map<String, String> streets = new HashMap<>();
        try (Connection c = dataSource.getConnection();
                NamedStatement q = NamedStatement.prepare(c, "SELECT code, street_code FROM area");
                ResultSet rs = q.statement().executeQuery()) {
            while (rs.next()) {
                streets.put(rs.getString(1), rs.getString(2));
            }
        }
        return streets;
    }

    /** Codes of the loaded street offices. */
    public List<String> streets() throws SQLException {
        List<String> codes = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                NamedStatement q = NamedStatement.prepare(c, "SELECT code FROM street ORDER BY code");
                ResultSet rs = q.statement().executeQuery()) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        }
        return codes;
    }

    /**
     * Adds every row in one transaction: all or none. A row whose id exists already (added
     * concurrently after validation) fails the whole import with the database's unique violation.
     */
    public void insertAll(String actor, List<PersonFields> rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (NamedStatement insert = NamedStatement.prepare(c, """
                    INSERT INTO person (person_id, name, phone, role, street_code, home_area_code)
                    VALUES (:id, :name, :phone, :role, :street, :home)
                    """)) {
                for (PersonFields row : rows) {
                    insert.set("id", row.personId()).set("name", row.name()).set("phone", row.phone())
                            .set("role", row.role()).set("street", row.streetCode()).set("home", row.homeAreaCode());
                    insert.statement().addBatch();
                    logPersonChange(c, actor, "import", row.personId(), row.streetCode(), null, fieldsJson(row));
                }
                insert.statement().executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Replaces a person's fields (not the id) if their version is still {@code expectedVersion}.
     * A person with assignments keeps their street and role: {@link Outcome#ASSIGNED_ELSEWHERE}
     * otherwise, so that no assignment crosses a street or a role.
     */
    public Outcome update(String actor, PersonFields fields, int expectedVersion) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<PersonFields> before = lockFields(c, fields.personId());
                if (before.isEmpty()) {
                    c.rollback();
                    return Outcome.MISSING;
                }
                Outcome outcome = checkEdit(c, before.get(), fields, expectedVersion);
                if (outcome != Outcome.DONE) {
                    c.rollback();
                    return outcome;
                }
                try (NamedStatement q = NamedStatement.prepare(c, """
                        UPDATE person SET name = :name, phone = :phone, role = :role, street_code = :street,
                               home_area_code = :home, version = version + 1
                         WHERE person_id = :id
                        """)) {
                    q.set("id", fields.personId()).set("name", fields.name()).set("phone", fields.phone())
                            .set("role", fields.role()).set("street", fields.streetCode())
                            .set("home", fields.homeAreaCode());
                    q.statement().executeUpdate();
                }
                logPersonChange(c, actor, "edit", fields.personId(), fields.streetCode(), fieldsJson(before.get()),
                        fieldsJson(fields));
                c.commit();
                return Outcome.DONE;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static Outcome checkEdit(Connection c, PersonFields before, PersonFields after, int expectedVersion)
            throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT version,
                       EXISTS (SELECT 1 FROM enumerator_assignment WHERE person_id = :id)
                    OR EXISTS (SELECT 1 FROM supervisor_assignment WHERE person_id = :id) AS assigned
                  FROM person WHERE person_id = :id
                """)) {
            q.set("id", before.personId());
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                if (rs.getInt("version") != expectedVersion) {
                    return Outcome.STALE;
                }
                boolean moves = !before.streetCode().equals(after.streetCode()) || !before.role().equals(after.role());
                return moves && rs.getBoolean("assigned") ? Outcome.ASSIGNED_ELSEWHERE : Outcome.DONE;
            }
        }
    }

    /**
     * Deactivates a person in one transaction: their current assignments end (moved to the
     * history with {@code reason}, and listed in the edit log), their login and its tokens are
     * deactivated, and the row stays. Deactivating an inactive person changes nothing and answers
     * {@link Outcome#DONE}, so a retry is safe.
     */
    public Outcome deactivate(String actor, String personId, int expectedVersion, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                AssignmentStore.lockAssignments(c);
                Optional<PersonFields> fields = lockFields(c, personId);
                if (fields.isEmpty()) {
                    c.rollback();
                    return Outcome.MISSING;
                }
                try (NamedStatement q = NamedStatement.prepare(c, """
                        UPDATE person SET active = false, deactivated_at = now(), version = version + 1
                         WHERE person_id = :id AND active AND version = :version
                        """)) {
                    if (q.set("id", personId).set("version", expectedVersion).statement().executeUpdate() == 0) {
                        c.rollback();
                        return find(personId).map(p -> p.active() ? Outcome.STALE : Outcome.DONE).orElse(Outcome.MISSING);
                    }
                }
                List<String> endedUnits = AssignmentStore.endAllOf(c, actor, personId, reason);
                logPersonChange(c, actor, "deactivate", personId, fields.get().streetCode(),
                        toJson(Map.of("active", true)), toJson(Map.of("active", false, "reason", reason,
                                "endedAssignments", endedUnits)));
                Optional<String> login = login(c, personId);
                if (login.isPresent()) {
                    AccountStore.deactivate(c, actor, login.get());
                }
                c.commit();
                return Outcome.DONE;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Links a login (app_user id) to an active person who has none, inside the caller's
     * transaction; a deactivation that committed meanwhile makes it fail, so that no inactive
     * person keeps a working login.
     */
    public static void linkLogin(Connection c, String actor, String personId, long userId, String streetCode)
            throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                UPDATE person SET user_id = :user WHERE person_id = :id AND user_id IS NULL AND active
                """)) {
            if (q.set("user", userId).set("id", personId).statement().executeUpdate() != 1) {
                throw new SQLException("person " + personId + " has a login already or was deactivated", "23505");
            }
        }
        logPersonChange(c, actor, "give-login", personId, streetCode, null, toJson(Map.of("userId", userId)));
    }

    /** The login given to a person, if any. */
    private static Optional<String> login(Connection c, String personId) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT u.login FROM person p JOIN app_user u ON u.id = p.user_id WHERE p.person_id = :id
                """)) {
            q.set("id", personId);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Optional<PersonFields> lockFields(Connection c, String personId) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT person_id, name, phone, role, street_code, home_area_code FROM person
                 WHERE person_id = :id FOR UPDATE
                """)) {
            q.set("id", personId);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next()
                        ? Optional.of(new PersonFields(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6)))
                        : Optional.empty();
            }
        }
    }

    static void logPersonChange(Connection c, String actor, String action, String personId, String streetCode,
            String beforeJson, String afterJson) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO edit_log (actor, action, entity, entity_key, street_code, before, after)
                VALUES (:actor, :action, 'person', :id, :street, :before::jsonb, :after::jsonb)
                """)) {
            q.set("actor", actor).set("action", action).set("id", personId).set("street", streetCode)
                    .set("before", beforeJson).set("after", afterJson);
            q.statement().executeUpdate();
        }
    }

    private static String fieldsJson(PersonFields f) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", f.name());
        map.put("phone", f.phone());
        map.put("role", f.role());
        map.put("street", f.streetCode());
        map.put("homeArea", f.homeAreaCode());
        return toJson(map);
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable to JSON: " + value, e);
        }
    }

    private static Person toPerson(ResultSet rs) throws SQLException {
        Timestamp deactivated = rs.getTimestamp("deactivated_at");
        return new Person(rs.getString("person_id"), rs.getString("name"), rs.getString("phone"),
                rs.getString("role"), rs.getString("street_code"), rs.getString("home_area_code"),
                rs.getBoolean("active"), rs.getString("login"), rs.getTimestamp("created_at").toInstant(),
                deactivated == null ? null : deactivated.toInstant(), rs.getInt("version"),
                List.of((String[]) rs.getArray("subareas").getArray()),
                List.of((String[]) rs.getArray("areas").getArray()),
                Math.round(rs.getDouble("households") * 10) / 10.0);
    }
}
