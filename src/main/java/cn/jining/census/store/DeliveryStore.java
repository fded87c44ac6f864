package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Opens the transaction an import writes in, and records refused imports. See
 * {@link DeliveryWrite} for what happens inside one import.
 */
@ApplicationScoped
public class DeliveryStore {

    private final DataSource dataSource;

    public DeliveryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Starts an import: a transaction holding the import lock (imports run one at a time) and a
     * new {@code import_run} row, not yet accepted. Blocks while another import runs.
     *
     * @param sha256       the file's SHA-256 in hex, asked for only when the import commits: it
     *                     may still be computing while the import runs
     * @param declaredSrid the SRS the layers declare, null when unknown or mixed
     */
    public DeliveryWrite begin(String actor, String sourceName, Supplier<String> sha256, Integer declaredSrid)
            throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            return new DeliveryWrite(c, DeliveryWrite.start(c, actor, sourceName, declaredSrid), sha256);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Records an import that was refused (or could not be read) in its own transaction, after
     * the import's transaction was rolled back: the attempt stays on record, nothing else changes.
     *
     * @param reportJson the report as answered to the caller
     * @return the {@code import_run} id
     */
    public long recordRefusal(String actor, String sourceName, String sha256, Integer declaredSrid, String reportJson)
            throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO import_run (finished_at, actor, source_name, sha256, declared_srid, accepted, report)
                VALUES (now(), :actor, :source, :sha256, :srid, false, CAST(:report AS jsonb))
                RETURNING id
                """)) {
            q.set("actor", actor).set("source", sourceName).set("sha256", sha256).set("srid", declaredSrid)
                    .set("report", reportJson);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** True when no street office is stored yet (the start-up load fills an empty database). */
    public boolean hasNoStreets() throws SQLException {
        try (Connection c = dataSource.getConnection();
                NamedStatement q = NamedStatement.prepare(c, "SELECT NOT EXISTS (SELECT 1 FROM street)");
                ResultSet rs = q.statement().executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
