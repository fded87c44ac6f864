package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * People, their scopes and their bearer tokens. Tokens are never stored: only their SHA-256 hash,
 * computed by the caller.
 */
@ApplicationScoped
public class AccountStore {

    /** An active person behind a valid token. */
    public record Account(long id, String login, String displayName, String role, List<String> scopes) {
    }

    private final DataSource dataSource;

    public AccountStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The active account owning the unrevoked, unexpired token with this hash. */
    public Optional<Account> findByTokenHash(String tokenSha256) throws SQLException {
        String sql = """
                SELECT u.id, u.login, u.display_name, u.role,
                       coalesce(array_agg(s.code ORDER BY s.code) FILTER (WHERE s.code IS NOT NULL), '{}') AS scopes
                  FROM api_token t
                  JOIN app_user u ON u.id = t.user_id
                  LEFT JOIN user_scope s ON s.user_id = u.id
                 WHERE t.token_sha256 = :hash
                   AND t.revoked_at IS NULL
                   AND (t.expires_at IS NULL OR t.expires_at > now())
                   AND u.active
                 GROUP BY u.id
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
}
