package cn.jining.census.serve;

import java.sql.SQLException;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.security.Authenticated;

/**
 * {@code GET /tiles/{layer}/{z}/{x}/{y}.mvt}: one Mapbox Vector Tile
 * ({@code application/vnd.mapbox-vector-tile}) of a {@link MapLayer}, XYZ scheme, EPSG:3857.
 *
 * <p>An empty tile is answered {@code 204 No Content} with no body rather than a zero-length
 * 200: clients (MapLibre, OpenLayers, QGIS) draw nothing for it, and a person checking the
 * service sees at once that the tile is empty, not broken. Tiles below a layer's
 * {@link TileQuery#minZoom} are empty. 400 for an unknown layer or an impossible address
 * (z above {@value TileAddress#MAX_ZOOM}, x or y outside {@code [0, 2^z)}).
 */
@Path("/tiles")
@Authenticated
public class TileResource {

    public static final String MVT = "application/vnd.mapbox-vector-tile";

    private final TileQuery tiles;

    public TileResource(TileQuery tiles) {
        this.tiles = tiles;
    }

    @GET
    @Path("/{layer}/{z}/{x}/{y}.mvt")
    @Produces({ MVT, MediaType.APPLICATION_JSON })
    public Response tile(@PathParam("layer") String layerName, @PathParam("z") String z, @PathParam("x") String x,
            @PathParam("y") String y) throws SQLException {
        MapLayer layer = LayerResource.layerNamed(layerName);
        TileAddress address;
        try {
            address = TileAddress.parse(z, x, y);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("impossible tile " + z + "/" + x + "/" + y + ": " + e.getMessage());
        }
        byte[] tile = tiles.tile(layer, address);
        return tile.length == 0 ? Response.noContent().build() : Response.ok(tile, MVT).build();
    }
}
