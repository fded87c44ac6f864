package cn.jining.census.serve;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Hears committed changes of tiled tables on PostgreSQL channel {@value TileChange#CHANNEL}
 * (the {@code V5__tiles.sql} triggers) over a connection of its own, outside the pool, and for
 * each drops the touched cached tiles and tells the open web maps. Every service instance
 * listens, so edits made through any of them reach all.
 *
 * <p>When the connection is lost the cache is emptied and stops keeping tiles (changes would go
 * unheard); the listener reconnects every {@value #RECONNECT_MILLIS} ms, and once listening again
 * empties the cache once more (changes may have been missed meanwhile) and tells the web maps to
 * reload everything. The connection is named {@value #APPLICATION_NAME} in
 * {@code pg_stat_activity}.
 */
@ApplicationScoped
public class TileChangeListener {

    static final String APPLICATION_NAME = "census-tile-listener";
    private static final int RECONNECT_MILLIS = 1000;
    /** How long one wait for notifications blocks; also how often the stop flag is looked at. */
    private static final int WAIT_MILLIS = 500;
    private static final long KEEP_ALIVE_MILLIS = 20_000;
    private static final Logger LOG = Logger.getLogger(TileChangeListener.class);

    private final TileCache cache;
    private final TileEvents events;
    private final TileSets sets;
    private final DistrictExtent extent;
    private final ObjectMapper json;
    private final String url;
    private final String user;
    private final Optional<String> password;
    private volatile boolean running;
    private Thread thread;

    public TileChangeListener(TileCache cache, TileEvents events, TileSets sets, DistrictExtent extent, ObjectMapper json,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            // an empty password (trust or peer authentication) reads as absent, not as ""
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.cache = cache;
        this.events = events;
        this.sets = sets;
        this.extent = extent;
        this.json = json;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent started) {
        running = true;
        thread = new Thread(this::listen, "tile-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stopping) throws InterruptedException {
        running = false;
        thread.join(WAIT_MILLIS * 4L);
    }

    private void listen() {
        boolean lost = false;
        while (running) {
            try (Connection c = DriverManager.getConnection(url, properties())) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + TileChange.CHANNEL);
                }
                cache.listening(true);
                extent.forget();
                if (lost) {
                    LOG.info("tile-change listener connected again: tile cache emptied, web maps told to reload");
                    events.changed(sets.all(), TileChange.unknown());
                }
                hear(c.unwrap(PGConnection.class));
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("tile-change listener lost the database (%s): tiles are built for every request until it reconnects",
                            e.getMessage());
                }
            } finally {
                cache.listening(false);
            }
            lost = true;
            pause();
        }
    }

    private void hear(PGConnection listening) throws SQLException {
        long quietSince = System.currentTimeMillis();
        while (running) {
            PGNotification[] notifications = listening.getNotifications(WAIT_MILLIS);
            for (PGNotification n : notifications == null ? new PGNotification[0] : notifications) {
                apply(n.getParameter());
            }
            long now = System.currentTimeMillis();
            if (now - quietSince > KEEP_ALIVE_MILLIS) {
                quietSince = now;
                try {
                    events.keepAlive();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "keep-alive comment to the web maps failed");
                }
            }
        }
    }

    private void apply(String payload) {
        TileChange change;
        try {
            change = TileChange.parse(json, payload);
        } catch (IllegalArgumentException e) {
            LOG.errorf("ignored a tile change that is not the triggers' JSON: %s", e.getMessage());
            return;
        }
        int dropped = cache.drop(change);
        if ("street".equals(change.table())) {
            extent.forget();
        }
        LOG.debugf("%s changed in %s: %d cached tiles dropped", change.table(), change.boxes(), dropped);
        try {
            events.changed(sets.reading(change.table()), change);
        } catch (RuntimeException e) {
            // the cache is already right; a map that missed the event shows the old tile until it reloads
            LOG.errorf(e, "web maps could not be told of a change of %s", change.table());
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        password.ifPresent(secret -> p.setProperty("password", secret));
        p.setProperty("ApplicationName", APPLICATION_NAME);
        p.setProperty("tcpKeepAlive", "true");
        return p;
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
