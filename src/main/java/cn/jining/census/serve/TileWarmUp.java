package cn.jining.census.serve;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * Opens every event loop's tile connections at start and runs each layer's statement once on
 * them, so that the first map after a start does not pay for it: a new PostgreSQL backend's first
 * tile costs about 0.2 s more (PostGIS, PROJ and the statement's plan are loaded per backend), and
 * the first screenful of tiles would meet every one of them. Best effort: a database that is not
 * there yet costs nothing but a warning, and the pools open their connections on first use as
 * before.
 *
 * <p>The warm-up runs on a context of each of the HTTP event loops ({@link TilePool} keeps a pool
 * per loop thread), with as many statements at once as a loop may hold connections, each over a
 * tile where no data is expected (z16 at 117° E, 35° N: inside the zone of EPSG:4548, so that the
 * projection is loaded too).
 */
@ApplicationScoped
public class TileWarmUp {

    private static final Logger LOG = Logger.getLogger(TileWarmUp.class);
    /** The z16 tile at 117° E, 35° N. */
    private static final TileAddress SOMEWHERE_IN_THE_ZONE = new TileAddress(16, 54067, 25958);

    private final Vertx vertx;
    private final TileQuery tiles;
    private final TileSettings settings;
    private final Promise<Void> warmed = Promise.promise();

    public TileWarmUp(Vertx vertx, TileQuery tiles, TileSettings settings) {
        this.vertx = vertx;
        this.tiles = tiles;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent started) {
        long t0 = System.nanoTime();
        VertxInternal internal = (VertxInternal) vertx;
        List<Future<Void>> loops = new ArrayList<>();
        for (EventExecutor loop : internal.getEventLoopGroup()) {
            Promise<Void> loopWarmed = Promise.promise();
            internal.createEventLoopContext((EventLoop) loop, null, Thread.currentThread().getContextClassLoader())
                    .runOnContext(nothing -> warmThisLoop().onComplete(loopWarmed));
            loops.add(loopWarmed.future());
        }
        Future.join(loops).onComplete(done -> {
            warmed.tryComplete();
            if (done.succeeded()) {
                LOG.infof("tile connections opened and warmed: %d event loops × %d connections in %d ms", loops.size(),
                        settings.connectionsPerEventLoop(), (System.nanoTime() - t0) / 1_000_000);
            } else {
                LOG.warnf("tile connections could not all be warmed at start (they open on first use): %s", done.cause().toString());
            }
        });
    }

    /** Completes when the warm-up is over, whether every statement ran or not. */
    Future<Void> warmed() {
        return warmed.future();
    }

    /** As many chains as the loop may hold connections, each running every layer's statement once. */
    private Future<Void> warmThisLoop() {
        List<Future<Void>> chains = new ArrayList<>();
        for (int i = 0; i < settings.connectionsPerEventLoop(); i++) {
            Future<Void> chain = Future.succeededFuture();
            for (TileLayer layer : TileLayer.values()) {
                chain = chain.compose(previous -> tiles.tile(layer, SOMEWHERE_IN_THE_ZONE, TileScope.EVERYTHING, () -> true).mapEmpty());
            }
            chains.add(chain);
        }
        return Future.all(chains).mapEmpty();
    }
}
