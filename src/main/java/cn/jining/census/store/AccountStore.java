package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * People, their scopes and their bearer tokens. Tokens are never stored: only their SHA-256 hash,
 * computed by the caller.
 */
@ApplicationScoped
public class AccountStore {

    /** An active person behind a valid token. */
    public record Account(long id, String login, String displayName, String role, List<String> scopes) {
    }

    /** A person as administrators list them; tokens are never part of it. */
    public record Person(long id, String login, String displayName, String role, List<String> scopes,
            boolean active, int activeTokens) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public AccountStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The active account owning the unrevoked, unexpired token with this hash. Its scopes are the
     * codes given in {@code user_scope} plus, for an enumerator, the subareas currently assigned
     * to their roster person and, for a supervisor, the census areas assigned to theirs.
     */
    public Optional<Account> findByTokenHash(String tokenSha256) throws SQLException {
        String sql = """
                SELECT u.id, u.login, u.display_name, u.role,
                       ARRAY(SELECT s.code::text FROM user_scope s WHERE s.user_id = u.id
                             UNION
                             SELECT e.subarea_code::text
                               FROM person p JOIN enumerator_assignment e ON e.person_id = p.person_id
                              WHERE p.user_id = u.id AND p.active AND u.role = 'enumerator'
                             UNION
                             SELECT a.area_code::text
                               FROM person p JOIN supervisor_assignment a ON a.person_id = p.person_id
                              WHERE p.user_id = u.id AND p.active AND u.role = 'supervisor'
                             ORDER BY 1) AS scopes
                  FROM api_token t
                  JOIN app_user u ON u.id = t.user_id
                 WHERE t.token_sha256 = :hash
                   AND t.revoked_at IS NULL
                   AND (t.expires_at IS NULL OR t.expires_at > now())
                   AND u.active
                """;
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("hash", tokenSha256);
            try (ResultSet rs = q.statement().executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> scopes = new ArrayList<>(List.of((String[]) rs.getArray("scopes").getArray()));
                return Optional.of(new Account(rs.getLong("id"), rs.getString("login"),
                        rs.getString("display_name"), rs.getString("role"), List.copyOf(scopes)));
            }
        }
    }

    /**
     * Creates the person if the login is new (role and name are kept if it exists), revokes
     * that person's earlier tokens carrying {@code label}, and stores the new token's hash.
     * One transaction: a crash leaves either the old token or the new one working.
     */
    public long replaceLabelledToken(String login, String displayName, String role, String label,
            String tokenSha256) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long userId;
                try (NamedStatement q = NamedStatement.prepare(c, """
                        INSERT INTO app_user (login, display_name, role) VALUES (:login, :name, :role)
                        ON CONFLICT (login) DO UPDATE SET active = true
                        RETURNING id
                        """)) {
                    q.set("login", login).set("name", displayName).set("role", role);
                    try (ResultSet rs = q.statement().executeQuery()) {
                        rs.next();
                        userId = rs.getLong(1);
                    }
                }
                try (NamedStatement q = NamedStatement.prepare(c, """
                        UPDATE api_token SET revoked_at = now()
                         WHERE user_id = :user AND label = :label AND revoked_at IS NULL
                           AND token_sha256 <> :hash
                        """)) {
                    q.set("user", userId).set("label", label).set("hash", tokenSha256);
                    q.statement().executeUpdate();
                }
                try (NamedStatement q = NamedStatement.prepare(c, """
                        INSERT INTO api_token (user_id, token_sha256, label) VALUES (:user, :hash, :label)
                        ON CONFLICT (token_sha256) DO UPDATE SET revoked_at = NULL
                        """)) {
                    q.set("user", userId).set("hash", tokenSha256).set("label", label);
                    q.statement().executeUpdate();
                }
                c.commit();
                return userId;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Everyone, active or not, ordered by login. */
    public List<Person> listPeople() throws SQLException {
        String sql = """
                SELECT u.id, u.login, u.display_name, u.role, u.active,
                       coalesce((SELECT array_agg(s.code ORDER BY s.code) FROM user_scope s WHERE s.user_id = u.id), '{}') AS scopes,
                       (SELECT count(*) FROM api_token t
                         WHERE t.user_id = u.id AND t.revoked_at IS NULL
                           AND (t.expires_at IS NULL OR t.expires_at > now())) AS active_tokens
                  FROM app_user u
                 ORDER BY u.login
                """;
        List<Person> people = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql);
                ResultSet rs = q.statement().executeQuery()) {
            while (rs.next()) {
                people.add(toPerson(rs));
            }
        }
        return people;
    }

    /** One person by login. */
    public Optional<Person> findPerson(String login) throws SQLException {
        return listPeople().stream().filter(p -> p.login().equals(login)).findFirst();
    }

    /**
     * Creates a person with scopes and a first token (its hash), logging the creation.
     *
     * @return empty when the login is taken; nothing is written then
     */
    public Optional<Person> createPerson(String actor, String login, String displayName, String role,
            List<String> scopes, String tokenSha256) throws SQLException {
        return createPerson(actor, login, displayName, role, scopes, tokenSha256, (c, userId) -> { });
    }

    /** A write that belongs to the creation of a login, e.g. linking it to a roster person. */
    @FunctionalInterface
    public interface LinkedWrite {
        void write(Connection c, long userId) throws SQLException;
    }

    /**
     * {@link #createPerson(String, String, String, String, List, String)} with {@code linked} run in
     * the same transaction, after the person is created: both happen or neither.
     */
    public Optional<Person> createPerson(String actor, String login, String displayName, String role,
            List<String> scopes, String tokenSha256, LinkedWrite linked) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long userId;
                try (NamedStatement q = NamedStatement.prepare(c, """
                        INSERT INTO app_user (login, display_name, role) VALUES (:login, :name, :role)
                        ON CONFLICT (login) DO NOTHING
                        RETURNING id
                        """)) {
                    q.set("login", login).set("name", displayName).set("role", role);
                    try (ResultSet rs = q.statement().executeQuery()) {
                        if (!rs.next()) {
                            c.rollback();
                            return Optional.empty();
                        }
                        userId = rs.getLong(1);
                    }
                }
                try (NamedStatement q = NamedStatement.prepare(c,
                        "INSERT INTO user_scope (user_id, code) VALUES (:user, :code)")) {
                    for (String code : scopes) {
                        q.set("user", userId).set("code", code);
                        q.statement().addBatch();
                    }
                    q.statement().executeBatch();
                }
                insertToken(c, userId, tokenSha256, "issued at creation");
                linked.write(c, userId);
                Person person = new Person(userId, login, displayName, role, List.copyOf(scopes), true, 1);
                logAccountChange(c, actor, "create", login, null,
                        toJson(Map.of("role", role, "scopes", scopes)));
                c.commit();
                return Optional.of(person);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Adds a token (its hash) for an active person; false when no active person has that login. */
    public boolean addToken(String actor, String login, String tokenSha256, String label) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Long> userId = activeUserId(c, login);
                if (userId.isEmpty()) {
                    c.rollback();
                    return false;
                }
                insertToken(c, userId.get(), tokenSha256, label);
                logAccountChange(c, actor, "issue-token", login, null, null);
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Deactivates a person and revokes all their tokens; their history stays.
     *
     * @return false when no such person exists
     */
    public boolean deactivate(String actor, String login) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!deactivate(c, actor, login)) {
                    c.rollback();
                    return false;
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * {@link #deactivate(String, String)} inside the caller's transaction, so that it happens
     * together with the caller's own writes (a roster person's deactivation) or not at all.
     *
     * @return false when no such person exists; nothing is written then
     */
    public static boolean deactivate(Connection c, String actor, String login) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                UPDATE app_user SET active = false WHERE login = :login
                """)) {
            if (q.set("login", login).statement().executeUpdate() == 0) {
                return false;
            }
        }
        try (NamedStatement q = NamedStatement.prepare(c, """
                UPDATE api_token SET revoked_at = now()
                 WHERE revoked_at IS NULL AND user_id = (SELECT id FROM app_user WHERE login = :login)
                """)) {
            q.set("login", login).statement().executeUpdate();
        }
        logAccountChange(c, actor, "deactivate", login, toJson(Map.of("active", true)), toJson(Map.of("active", false)));
        return true;
    }

    private static Optional<Long> activeUserId(Connection c, String login) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, "SELECT id FROM app_user WHERE login = :login AND active")) {
            q.set("login", login);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void insertToken(Connection c, long userId, String tokenSha256, String label) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO api_token (user_id, token_sha256, label) VALUES (:user, :hash, :label)
                """)) {
            q.set("user", userId).set("hash", tokenSha256).set("label", label);
            q.statement().executeUpdate();
        }
    }

    private static void logAccountChange(Connection c, String actor, String action, String login,
            String beforeJson, String afterJson) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO edit_log (actor, action, entity, entity_key, before, after)
                VALUES (:actor, :action, 'user', :login, :before::jsonb, :after::jsonb)
                """)) {
            q.set("actor", actor).set("action", action).set("login", login)
                    .set("before", beforeJson).set("after", afterJson);
            q.statement().executeUpdate();
        }
    }

    private static Person toPerson(ResultSet rs) throws SQLException {
        return new Person(rs.getLong("id"), rs.getString("login"), rs.getString("display_name"),
                rs.getString("role"), List.of((String[]) rs.getArray("scopes").getArray()),
                rs.getBoolean("active"), rs.getInt("active_tokens"));
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serialisable to JSON: " + value, e);
        }
    }
}
