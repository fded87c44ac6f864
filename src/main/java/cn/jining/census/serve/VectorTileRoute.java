package cn.jining.census.serve;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import cn.jining.census.api.ApiError;
import cn.jining.census.security.BearerTokenMechanism;
import cn.jining.census.security.Caller;
import cn.jining.census.security.TokenIdentityProvider;

/**
 * {@code GET /tiles/{layer}/{z}/{x}/{y}.mvt}: a Mapbox Vector Tile
 * ({@code application/vnd.mapbox-vector-tile}) of a {@link TileLayer}, XYZ scheme, EPSG:3857.
 *
 * <p>It is answered on the HTTP event loop from start to end: from {@link TileCache} when cached,
 * else by {@link TileQuery} through the non-blocking connections of {@link TilePool}. The map asks
 * for a screenful of these at a time and PostGIS builds most in a millisecond or two, so the way
 * in and out is a large part of each; a framework resource would hand each request to a worker
 * thread and back. The other tile endpoints stay in {@link TileResource}.
 *
 * <p>The route checks the bearer token itself, ahead of the framework's security handlers, with the
 * same lookup and cache ({@link TokenIdentityProvider}): on this service's machine their chain of
 * deferred steps cost an uncached tile 0.05–0.1 ms of its way in, a third of what the service added
 * to the smallest tiles' queries (docs/BENCHMARKS.md). A request without a token, or with an
 * unknown or revoked one, gets 401 with the same {@code WWW-Authenticate} challenge as every other
 * protected path; a token not looked up in the last {@code TokenIdentityProvider.CACHE_TTL} is
 * looked up off the event loop first.
 *
 * <p>Every tile carries a strong ETag and {@code Cache-Control: private, no-cache}: a browser keeps
 * the tile but asks again each time, and gets {@code 304 Not Modified} when its
 * {@code If-None-Match} still matches; after an edit it gets the new tile at once. An empty tile is
 * answered {@code 204 No Content} with no body rather than a zero-length 200: clients (MapLibre,
 * OpenLayers, QGIS) draw nothing for it, and a person checking the service sees at once that the
 * tile is empty, not broken. Tiles below a layer's {@link TileLayer#minZoom} are empty. Census-work
 * layers show a non-admin caller only the features inside their scopes ({@link TileScope}).
 *
 * <p>Errors, with the JSON body of every refusal of this service ({@link ApiError}): 400 for an
 * unknown layer or an impossible address, 404 for a tile outside the loaded districts, 422 for a
 * tile over the feature or byte cap, 503 when its query passed the statement timeout, 500 (cause in
 * the log) when the database failed otherwise.
 */
@ApplicationScoped
public class VectorTileRoute {

    private static final Logger LOG = Logger.getLogger(VectorTileRoute.class);
    private static final String PATH = "/tiles/([^/]+)/([^/]+)/([^/]+)/([^/]+)\\.mvt";

    /**
     * Just before the framework's authentication: it installs its HTTP filters as routes ordered by
     * minus their priority, authentication at priority 200 and authorisation at 100 (CORS, when
     * configured, at 300, stays before this route).
     */
    static final int BEFORE_AUTHENTICATION = -201;

    private final TileQuery tiles;
    private final TileCache cache;
    private final TileSets sets;
    private final DistrictExtent extent;
    private final ObjectMapper json;
    private final TokenIdentityProvider identities;

    public VectorTileRoute(TileQuery tiles, TileCache cache, TileSets sets, DistrictExtent extent, ObjectMapper json,
            TokenIdentityProvider identities) {
        this.tiles = tiles;
        this.cache = cache;
        this.sets = sets;
        this.extent = extent;
        this.json = json;
        this.identities = identities;
    }

    void register(@Observes Router router) {
        router.routeWithRegex(PATH).method(HttpMethod.GET).method(HttpMethod.HEAD).order(BEFORE_AUTHENTICATION)
                .handler(this::authenticate);
    }

    private void authenticate(RoutingContext request) {
        Optional<String> token = BearerTokenMechanism.tokenOf(request.request());
        if (token.isEmpty()) {
            challenge(request, "a bearer token is needed");
            return;
        }
        Optional<Optional<Caller>> known = identities.cachedCaller(token.get());
        if (known.isPresent()) {
            serve(request, known.get());
            return;
        }
        request.vertx().executeBlocking(() -> identities.lookUpCaller(token.get()), false).onComplete(looked -> {
            if (looked.succeeded()) {
                serve(request, looked.result());
            } else {
                LOG.error("a token could not be looked up", looked.cause());
                refuse(request, 500, "the token could not be checked; the service log has the cause");
            }
        });
    }

    private void serve(RoutingContext request, Optional<Caller> caller) {
        if (caller.isEmpty()) {
            challenge(request, TokenIdentityProvider.UNKNOWN_TOKEN);
            return;
        }
        String layerName = request.pathParam("param0");
        String z = request.pathParam("param1");
        String x = request.pathParam("param2");
        String y = request.pathParam("param3");
        Optional<TileLayer> layer = TileLayer.named(layerName);
        if (layer.isEmpty()) {
            refuse(request, 400, "unknown layer '" + layerName + "': one of " + TileLayer.names());
            return;
        }
        TileAddress address;
        try {
            address = TileAddress.parse(z, x, y);
        } catch (IllegalArgumentException e) {
            refuse(request, 400, "impossible tile " + z + "/" + x + "/" + y + ": " + e.getMessage());
            return;
        }
        TileSet set = sets.vector(layer.get());
        TileScope scope = sets.scope(set, caller.get());
        districts(request).compose(box -> {
            Optional<String> outside = DistrictExtent.outside(set, address, box);
            if (outside.isPresent()) {
                return Future.failedFuture(new TileRefusal(404, outside.get()));
            }
            Optional<TileCache.Cached> cached = cache.cached(set, scope, address);
            if (cached.isPresent()) {
                return Future.succeededFuture(cached.get());
            }
            long seen = cache.generation();
            return tiles.tile(layer.get(), address, scope, () -> !request.response().closed())
                    .map(bytes -> cache.built(set, scope, address, seen, bytes));
        }).onSuccess(tile -> answer(request, tile)).onFailure(failure -> {
            if (request.response().closed()) {
                return; // the client went away: there is no one to answer
            }
            if (failure instanceof TileRefusal refusal) {
                refuse(request, refusal.status(), refusal.getMessage());
            } else {
                LOG.errorf(failure, "tile %s/%s/%s/%s could not be built", layerName, z, x, y);
                refuse(request, 500, "tile " + layerName + "/" + z + "/" + x + "/" + y
                        + " could not be built; the service log has the cause");
            }
        });
    }

    /** The loaded districts' box: from memory, or read once off the event loop after a change of the streets. */
    private Future<Optional<LonLatBox>> districts(RoutingContext request) {
        Optional<Optional<LonLatBox>> known = extent.ifKnown();
        if (known.isPresent()) {
            return Future.succeededFuture(known.get());
        }
        return request.vertx().executeBlocking(extent::box, false);
    }

    private static void answer(RoutingContext request, TileCache.Cached tile) {
        var response = request.response()
                .putHeader(HttpHeaders.ETAG, tile.etag())
                .putHeader(HttpHeaders.CACHE_CONTROL, TileResource.CACHE_CONTROL);
        if (tile.matchedBy(request.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
        } else if (tile.bytes().length == 0) {
            response.setStatusCode(204).end();
        } else {
            // the cached bytes wrapped, not copied: a copy per answer was most of what a cached tile
            // allocated, and the collections it caused paused every answer on the loop
            response.putHeader(HttpHeaders.CONTENT_TYPE, TileResource.MVT).end(Buffer.buffer(Unpooled.wrappedBuffer(tile.bytes())));
        }
    }

    private void challenge(RoutingContext request, String message) {
        request.response().putHeader(HttpHeaderNames.WWW_AUTHENTICATE, BearerTokenMechanism.CHALLENGE);
        refuse(request, 401, message);
    }

    private void refuse(RoutingContext request, int status, String message) {
        HttpResponseStatus reason = HttpResponseStatus.valueOf(status);
        byte[] body;
        try {
            body = json.writeValueAsBytes(new ApiError(status, reason.reasonPhrase(), message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ApiError is always JSON", e);
        }
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(body));
    }
}
