package cn.jining.census.serve;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Guards and cache of the tile endpoints ({@code census.tiles.*}). */
@ConfigMapping(prefix = "census.tiles")
public interface TileSettings {

    /**
     * Longest one vector tile's query may run before PostgreSQL cancels it (the
     * {@code statement_timeout} of the tile connections, {@link TilePool}); the request is then
     * answered 503.
     */
    @WithDefault("5s")
    Duration statementTimeout();

    /** Most features one vector tile may hold; more is answered 422 (zoom in). */
    @WithDefault("20000")
    int maxFeatures();

    /** Most bytes one tile may weigh; more is answered 422 (zoom in). */
    @WithDefault("4194304")
    int maxBytes();

    /**
     * Most PostgreSQL connections each HTTP event loop reads vector tiles through ({@link TilePool}).
     * The service has one event loop per core unless {@code quarkus.vertx.event-loops-pool-size}
     * says otherwise (the start's log line of {@link TileWarmUp} gives the count), so 2 allows two
     * tile queries per core of its own host at once: enough to keep a database on the same host
     * busy, few enough that the service's connections (these and the main pool's) stay well under
     * PostgreSQL's default limit of 100 up to about 32 cores. Raise it for a database host with many
     * more cores than the service's.
     */
    @WithDefault("2")
    int connectionsPerEventLoop();

    /**
     * Most uncached vector tiles that may wait for one event loop's tile connections; a tile asked
     * for beyond that is answered 503 at once instead of joining a queue that would outlast the
     * map's patience. A screenful is 20–30 tiles, so the default holds a few maps' worth per loop.
     */
    @WithDefault("64")
    int waitingPerEventLoop();

    /** Bytes of encoded tiles (vector and raster together) kept in memory; least recently used go first. */
    @WithDefault("67108864")
    long cacheBytes();
}
