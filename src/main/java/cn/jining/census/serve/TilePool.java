package cn.jining.census.serve;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The PostgreSQL connections vector tiles are read through: non-blocking ones, driven by the HTTP
 * event loops themselves, so that an uncached tile costs its query and not also a hand-off to a
 * worker thread and back (on two cores, each hand-off is a thread woken from sleep).
 *
 * <p>Each event loop has a pool of its own, created on first use from that loop, so that its
 * connections are served by the same thread that answers the request: no reply crosses threads.
 * A loop's pool holds at most {@code census.tiles.connections-per-event-loop} connections, and at
 * most {@code census.tiles.waiting-per-event-loop} queries wait for one of them.
 *
 * <p>The connections go to the service's database ({@code quarkus.datasource.jdbc.url}, user and
 * password, that is {@code CENSUS_DB_URL} and friends) with settings of their own, sent when each
 * connection starts: {@code statement_timeout} from {@code census.tiles.statement-timeout}, so
 * that PostgreSQL itself cancels a runaway tile without a timer per request; {@code jit=off}, as
 * for every other connection of the service; and the application name {@code census-tiles}, by
 * which {@code pg_stat_activity} tells them apart.
 */
@ApplicationScoped
public class TilePool {

    private static final String JDBC_PREFIX = "jdbc:";

    private final Vertx vertx;
    private final PgConnectOptions connection;
    private final PoolOptions pooling;
    private final Map<Thread, Pool> perEventLoop = new ConcurrentHashMap<>();

    public TilePool(Vertx vertx, TileSettings settings, @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.connection = connectOptions(jdbcUrl, user, password, settings);
        this.pooling = new PoolOptions().setMaxSize(settings.connectionsPerEventLoop())
                .setMaxWaitQueueSize(settings.waitingPerEventLoop()).setName("census-tiles");
    }

    /**
     * The pool of the calling event loop.
     *
     * @throws IllegalStateException when not called on an event loop: a blocking caller would hand
     *                               the work to a loop and wait, which is what this pool avoids
     */
    public Pool here() {
        if (!Context.isOnEventLoopThread()) {
            throw new IllegalStateException("tile queries run on an HTTP event loop, not on " + Thread.currentThread().getName());
        }
        return perEventLoop.computeIfAbsent(Thread.currentThread(), loop -> PgPool.pool(vertx, connection, pooling));
    }

    @PreDestroy
    void close() {
        perEventLoop.values().forEach(Pool::close);
    }

    /**
     * The options of a connection to the database a PostgreSQL JDBC URL names
     * ({@code jdbc:postgresql://host[:port]/database[?parameters]}).
     */
    static PgConnectOptions connectOptions(String jdbcUrl, Optional<String> user, Optional<String> password, TileSettings settings) {
        if (!jdbcUrl.startsWith(JDBC_PREFIX + "postgresql://")) {
            throw new IllegalStateException("quarkus.datasource.jdbc.url (CENSUS_DB_URL) '" + jdbcUrl
                    + "': the tile connections need the form jdbc:postgresql://host[:port]/database");
        }
        PgConnectOptions options;
        try {
            options = PgConnectOptions.fromUri(jdbcUrl.substring(JDBC_PREFIX.length()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("quarkus.datasource.jdbc.url (CENSUS_DB_URL) '" + jdbcUrl
                    + "' cannot be read for the tile connections: " + e.getMessage(), e);
        }
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        // the client keeps prepared only statements up to 2048 characters unless told otherwise: a
        // longer template would then be parsed again for every tile
        return options.setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(1 << 16)
                .addProperty("application_name", "census-tiles")
                .addProperty("statement_timeout", Long.toString(settings.statementTimeout().toMillis()))
                .addProperty("jit", "off");
    }
}
