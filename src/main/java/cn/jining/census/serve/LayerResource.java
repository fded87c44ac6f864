package cn.jining.census.serve;

import java.sql.SQLException;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import cn.jining.census.security.Caller;

/**
 * {@code GET /api/v1/layers/{layer}?bbox=minLon,minLat,maxLon,maxLat[&limit=N]}: the features
 * of a {@link MapLayer} intersecting the bbox as GeoJSON ({@code application/geo+json}, RFC 7946,
 * EPSG:4326). At most {@code limit} features (default {@value #DEFAULT_LIMIT}, at most
 * {@value #MAX_LIMIT}); {@code "truncated": true} says more matched. 400 names the parameter that
 * is wrong: unknown layer, missing or malformed bbox, limit out of range. The census-work layer
 * ({@code subarea}) shows a non-admin caller only the subareas inside their scopes, as its tiles
 * do; the base geography is the same for every role.
 */
@Path("/api/v1/layers")
@Authenticated
public class LayerResource {

    public static final String GEO_JSON = "application/geo+json";
    static final int DEFAULT_LIMIT = 5_000;
    static final int MAX_LIMIT = 20_000;

    private final LayerQuery layers;
    private final SecurityIdentity identity;

    public LayerResource(LayerQuery layers, SecurityIdentity identity) {
        this.layers = layers;
        this.identity = identity;
    }

    @GET
    @Path("/{layer}")
    @Produces({ GEO_JSON, MediaType.APPLICATION_JSON })
    public Response features(@PathParam("layer") String layerName, @QueryParam("bbox") String bbox,
            @QueryParam("limit") String limit) throws SQLException {
        MapLayer layer = layerNamed(layerName);
        if (bbox == null || bbox.isBlank()) {
            throw new BadRequestException("query parameter 'bbox' is required: minLon,minLat,maxLon,maxLat in degrees "
                    + "(EPSG:4326), e.g. ?bbox=116.55,35.35,116.75,35.50");
        }
        LonLatBox box;
        try {
            box = LonLatBox.parse(bbox);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("query parameter 'bbox' is malformed: " + e.getMessage() + " (got '" + bbox + "')");
        }
        LayerQuery.FeatureCollection answer = layers.features(layer, box, limit(limit),
                TileScope.of(Caller.of(identity), layer.censusWork()));
        return Response.ok(answer.json(), GEO_JSON).build();
    }

    /** The layer of a URL path segment, or 400 naming the layers there are. */
    static MapLayer layerNamed(String name) {
        return MapLayer.named(name).orElseThrow(
                () -> new BadRequestException("unknown layer '" + name + "': one of " + MapLayer.names()));
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below with the same message as a number out of range
        }
        throw new BadRequestException("query parameter 'limit' must be an integer from 1 to " + MAX_LIMIT + ", got '"
                + text + "'");
    }
}
