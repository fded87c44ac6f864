package cn.jining.census.serve;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import cn.jining.census.security.Caller;

/**
 * The map as tiles, XYZ scheme, EPSG:3857, beside the vector tiles of {@link VectorTileRoute}:
 * <ul>
 * <li>{@code GET /tiles/{style}/{z}/{x}/{y}.png}: a 256-pixel PNG of the {@code basemap} style or
 * of one drawn layer ({@link TileSets});</li>
 * <li>{@code GET /tiles/{layer}.json}: the layer's TileJSON 3.0.0;</li>
 * <li>{@code GET /tiles/events}: server-sent events naming the tiles each committed edit changed
 * ({@link TileEvents}).</li>
 * </ul>
 *
 * <p>PNG tiles carry ETags and {@code Cache-Control} as the vector tiles do, and come from
 * {@link TileCache} too.
 *
 * <p><b>Who sees what.</b> The base geography (streets, areas, roads, water, land use, buildings,
 * the {@code basemap} style) is the intranet base map: every authenticated role sees all of it.
 * The census-work layers ({@code subareas}, {@code issues}, {@code assignments}, {@code progress},
 * vector and PNG) show a non-admin caller only the features inside their scopes
 * ({@link TileScope}), filtered in SQL and cached per scope set. The change events stay unscoped:
 * they name tile sets and lon/lat boxes only, no feature and no attribute.
 *
 * <p>Errors: 400 for an unknown style or layer or an impossible address (z above
 * {@value TileAddress#MAX_ZOOM}, x or y outside {@code [0, 2^z)}, not integers); 404 for a tile
 * outside the loaded districts.
 */
@Path("/tiles")
@Authenticated
public class TileResource {

    public static final String MVT = "application/vnd.mapbox-vector-tile";
    public static final String PNG = "image/png";
    static final String CACHE_CONTROL = "private, no-cache";

    private final TileQuery tiles;
    private final TileImages images;
    private final TileCache cache;
    private final TileSets sets;
    private final DistrictExtent extent;
    private final TileEvents events;
    private final SecurityIdentity identity;

    public TileResource(TileQuery tiles, TileImages images, TileCache cache, TileSets sets, DistrictExtent extent,
            TileEvents events, SecurityIdentity identity) {
        this.tiles = tiles;
        this.images = images;
        this.cache = cache;
        this.sets = sets;
        this.extent = extent;
        this.events = events;
        this.identity = identity;
    }

    @GET
    @Path("/{style}/{z}/{x}/{y}.png")
    @Produces({ PNG, MediaType.APPLICATION_JSON })
    public Response imageTile(@PathParam("style") String style, @PathParam("z") String z, @PathParam("x") String x,
            @PathParam("y") String y, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws SQLException {
        TileSet set = sets.images(style).orElseThrow(() -> new BadRequestException(
                "unknown map style or layer '" + style + "' for PNG tiles: one of " + sets.imageNames()));
        TileAddress address = inside(set, z, x, y);
        TileScope scope = sets.scope(set, Caller.of(identity));
        return answer(cache.tile(set, scope, address, () -> images.png(set, address, scope)), PNG, ifNoneMatch);
    }

    /** TileJSON 3.0.0 of a vector layer: where its tiles are, its zooms, bounds and fields. */
    @GET
    @Path("/{layer}.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> tileJson(@PathParam("layer") String layerName, @Context UriInfo uri) throws SQLException {
        TileLayer layer = layerNamed(layerName);
        Optional<LonLatBox> box = extent.box();
        Map<String, Object> vectorLayer = new LinkedHashMap<>();
        vectorLayer.put("id", layer.layerName());
        vectorLayer.put("description", layer.title());
        vectorLayer.put("minzoom", layer.minZoom());
        vectorLayer.put("maxzoom", TileAddress.MAX_ZOOM);
        vectorLayer.put("fields", tiles.fields(layer));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tilejson", "3.0.0");
        json.put("name", layer.layerName());
        json.put("description", layer.title());
        json.put("scheme", "xyz");
        String base = uri.getBaseUri().toString();
        json.put("tiles", List.of(base + (base.endsWith("/") ? "" : "/") + "tiles/" + layer.layerName() + "/{z}/{x}/{y}.mvt"));
        json.put("minzoom", layer.minZoom());
        json.put("maxzoom", TileAddress.MAX_ZOOM);
        box.ifPresent(b -> {
            json.put("bounds", b.toArray());
            json.put("center", new double[] { (b.west() + b.east()) / 2, (b.south() + b.north()) / 2,
                    Math.max(layer.minZoom(), 12) });
        });
        json.put("vector_layers", List.of(vectorLayer));
        return json;
    }

    /** Server-sent events: which tiles to reload after each committed edit. */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@Context SseEventSink sink, @Context Sse sse) {
        events.register(sse, sink);
    }

    /** The layer of a URL path segment, or 400 naming the layers there are. */
    static TileLayer layerNamed(String name) {
        return TileLayer.named(name).orElseThrow(
                () -> new BadRequestException("unknown layer '" + name + "': one of " + TileLayer.names()));
    }

    /** The tile of a URL: 400 when impossible, 404 when outside the loaded districts. */
    private TileAddress inside(TileSet set, String z, String x, String y) throws SQLException {
        TileAddress address;
        try {
            address = TileAddress.parse(z, x, y);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("impossible tile " + z + "/" + x + "/" + y + ": " + e.getMessage());
        }
        Optional<String> outside = DistrictExtent.outside(set, address, extent.box());
        if (outside.isPresent()) {
            throw new NotFoundException(outside.get());
        }
        return address;
    }

    private static Response answer(TileCache.Cached tile, String type, String ifNoneMatch) {
        if (tile.matchedBy(ifNoneMatch)) {
            return Response.notModified().header(HttpHeaders.ETAG, tile.etag()).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
        }
        Response.ResponseBuilder answer = tile.bytes().length == 0 ? Response.noContent() : Response.ok(tile.bytes(), type);
        return answer.header(HttpHeaders.ETAG, tile.etag()).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
    }
}
