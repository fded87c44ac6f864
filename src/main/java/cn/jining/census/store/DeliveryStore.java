package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import cn.jining.census.model.Layer;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Opens the transaction an import writes in, and records refused imports. See
 * {@link DeliveryWrite} for what happens inside one import.
 *
 * <p>Tables an import filled anew get fresh planner statistics ({@code ANALYZE}) after it
 * committed, on a thread and connection of their own, so that the caller has its answer
 * without waiting for them: sampling a table's geometries took longer than building all of
 * its indexes (0.25–0.5 s for the district's 40 000 buildings on the 2-core machine, the same
 * fixed cost for a city), and no statement of the import itself needs them. Autovacuum would
 * analyze such tables too, but it may be switched off. Until the statistics are refreshed the
 * planner estimates from the table's size, as it does for any table never analyzed.
 */
@ApplicationScoped
public class DeliveryStore {

    private static final Logger LOG = Logger.getLogger(DeliveryStore.class);
    /** How long shutdown waits for statistics still being gathered (a one-shot import's exit). */
    private static final long STATISTICS_WAIT_SECONDS = 300;

    private final DataSource dataSource;
    private final ExecutorService statistics = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "import-statistics");
        thread.setDaemon(true);
        return thread;
    });

    public DeliveryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Lets statistics queued by the last imports be gathered before the database goes away. */
    void finishStatistics(@Observes ShutdownEvent stopping) throws InterruptedException {
        statistics.shutdown();
        if (!statistics.awaitTermination(STATISTICS_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("planner statistics of the last import were not refreshed before shutdown: run ANALYZE");
        }
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
            return new DeliveryWrite(c, DeliveryWrite.start(c, actor, sourceName, declaredSrid), sha256,
                    this::analyzeLater);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Queues {@code ANALYZE} of the layers' tables, each in a transaction of its own. */
    private void analyzeLater(Set<Layer> layers) {
        statistics.execute(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                for (Layer layer : Layer.values()) {
                    if (layers.contains(layer)) {
                        s.execute("ANALYZE " + layer.tableName());
                    }
                }
            } catch (SQLException e) {
                LOG.warnf("planner statistics of %s were not refreshed after the import: %s", layers, e.getMessage());
            }
        });
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
