package cn.jining.census.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every event loop's tile connections are open and have run a tile statement once the service has
 * started, before any tile is asked for (a profile of its own, so that the service starts afresh
 * for this class: two event loops of two connections each).
 */
@QuarkusTest
@TestProfile(TileWarmUpIT.TwoLoopsOfTwo.class)
class TileWarmUpIT {

    public static class TwoLoopsOfTwo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.vertx.event-loops-pool-size", "2", "census.tiles.connections-per-event-loop", "2");
        }
    }

    @Inject
    DataSource dataSource;

    @Inject
    TileWarmUp warmUp;

    @Test
    void everyLoopsTileConnectionsAreOpenAndWarmAfterStart() throws Exception {
        warmUp.warmed().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        assertEquals(4, ServeFixture.number(dataSource, """
                SELECT count(*) FROM pg_stat_activity
                WHERE application_name = 'census-tiles' AND datname = current_database() AND query LIKE '%ST_AsMVT%'
                """), "tile connections of this database that have run a tile statement");
    }
}
