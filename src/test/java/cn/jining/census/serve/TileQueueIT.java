package cn.jining.census.serve;

import static cn.jining.census.serve.ServeFixture.ADMIN_TOKEN;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * The bound on tiles waiting for the tile connections, with one event loop holding one tile
 * connection and room for one tile to wait: while a tile's statement waits on a table lock and a
 * second tile waits for the connection, a third is answered 503 at once; both others are answered
 * once the lock goes. A waiting tile whose client went away is not read at all.
 */
@QuarkusTest
@TestProfile(TileQueueIT.OneConnection.class)
class TileQueueIT {

    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.vertx.event-loops-pool-size", "1", "census.tiles.connections-per-event-loop", "1",
                    "census.tiles.waiting-per-event-loop", "1");
        }
    }

    /** How many tile statements wait on a lock. */
    private static final String TILES_ON_LOCK = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE application_name = 'census-tiles' AND wait_event_type = 'Lock'";

    @Inject
    DataSource dataSource;

    @Inject
    TileCache cache;

    @Inject
    TileWarmUp warmUp;

    @BeforeEach
    void insertFixture() throws Exception {
        // the warm-up at start holds the loop's one tile connection for a moment: these tests need it free
        warmUp.warmed().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        ServeFixture.insert(dataSource);
    }

    @AfterEach
    void removeFixture() throws Exception {
        ServeFixture.remove(dataSource);
    }

    @Test
    void aTileBeyondTheWaitingOnesIsRefused503AtOnce() throws Exception {
        String path = ServeFixture.subareaTile(dataSource);
        cache.listening(true); // empties the cache: every request reads the tile
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE subarea IN ACCESS EXCLUSIVE MODE"); // the tile's statement waits on it
            }
            CompletableFuture<Response> running = CompletableFuture.supplyAsync(() -> get(path));
            ServeFixture.awaitCount(dataSource, TILES_ON_LOCK, 1);
            CompletableFuture<Response> queued = CompletableFuture.supplyAsync(() -> get(path));
            Thread.sleep(500); // the second request reaches the queue
            Response refused = get(path);
            assertEquals(503, refused.statusCode(), refused.asString());
            assertTrue(refused.asString().contains("census.tiles.waiting-per-event-loop"), refused.asString());
            assertTrue(!running.isDone() && !queued.isDone(), "both tiles before it still wait");
            lock.rollback();
            assertEquals(200, running.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(200, queued.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void aTileWhoseClientWentAwayWhileItWaitedIsNotRead() throws Exception {
        String path = ServeFixture.subareaTile(dataSource);
        cache.listening(true);
        try (Connection lock = dataSource.getConnection(); Connection after = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            after.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE subarea IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Response> running = CompletableFuture.supplyAsync(() -> get(path));
            ServeFixture.awaitCount(dataSource, TILES_ON_LOCK, 1);
            // a second tile asked for, then its client gone before the connection is free
            URI root = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
            try (Socket gone = new Socket(root.getHost(), root.getPort())) {
                gone.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + root.getHost() + "\r\nAuthorization: Bearer "
                        + ADMIN_TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                gone.getOutputStream().flush();
                Thread.sleep(300);
            }
            // a second lock queued behind the first tile: a statement run after that tile would wait on it
            CompletableFuture<Void> locked = CompletableFuture.runAsync(() -> {
                try (Statement s = after.createStatement()) {
                    s.execute("LOCK TABLE subarea IN ACCESS EXCLUSIVE MODE");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            ServeFixture.awaitCount(dataSource, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LOCK TABLE subarea%' AND wait_event_type = 'Lock'", 1);
            lock.rollback();
            assertEquals(200, running.get(30, TimeUnit.SECONDS).statusCode());
            locked.get(30, TimeUnit.SECONDS);
            Thread.sleep(500);
            assertEquals(0, ServeFixture.number(dataSource, TILES_ON_LOCK), "no tile statement ran after the first");
            after.rollback();
        }
    }

    private static Response get(String path) {
        return given().auth().oauth2(ADMIN_TOKEN).when().get(path);
    }
}
