package cn.jining.census.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.store.NamedStatement;

/**
 * Mapbox Vector Tiles built by PostGIS {@code ST_AsMVT}, one SQL template per layer in
 * {@code src/main/resources/tiles/<layer>.sql} (read once at start, without its comment lines; a
 * missing one fails start-up). The layer inside a tile is named as the layer in the URL. Tile
 * geometry is in a {@value #EXTENT}-unit grid with a {@value #BUFFER}-unit margin, transformed
 * from EPSG:4548 to EPSG:3857.
 */
@ApplicationScoped
public class TileQuery {

    /** Grid units across a tile, the MVT default. */
    static final int EXTENT = 4096;
    /** Grid units kept beyond a tile's edge so that outlines and strokes join across tiles. */
    static final int BUFFER = 64;

    private final DataSource dataSource;
    private final Map<MapLayer, String> templates = new EnumMap<>(MapLayer.class);

    public TileQuery(DataSource dataSource) {
        this.dataSource = dataSource;
        for (MapLayer layer : MapLayer.values()) {
            templates.put(layer, template(layer));
        }
    }

    /**
     * The least zoom at which a layer's tile has content; below it tiles are empty. A feature
     * drawn at lower zooms would cover a few pixels at most while costing a full tile to encode:
     * a zoom-11 tile holding 38 000 of a district's 50 000 buildings took 1 s to build and weighed
     * 2.7 MB. Streets stay visible from zoom 6, where the district is a few pixels wide, so that
     * a viewer zoomed out can find it.
     */
    public static int minZoom(MapLayer layer) {
        return switch (layer) {
            case STREET -> 6;
            case AREA, ROAD, WATER -> 10;
            case SUBAREA, LANDUSE -> 12;
            case BUILDING -> 14;
        };
    }

    /**
     * The encoded tile, or an empty array when nothing of the layer is in it (also below the
     * layer's {@link #minZoom} and for tiles far outside the zone of EPSG:4548).
     */
    public byte[] tile(MapLayer layer, TileAddress tile) throws SQLException {
        if (tile.z() < minZoom(layer)) {
            return new byte[0];
        }
        Optional<LonLatBox> filter = tile.lonLatBounds((double) BUFFER / EXTENT).intersection(LonLatBox.EPSG_4548_USABLE);
        if (filter.isEmpty()) {
            return new byte[0];
        }
        LonLatBox box = filter.get();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, templates.get(layer))) {
            q.set("z", tile.z()).set("x", tile.x()).set("y", tile.y())
                    .set("extent", EXTENT).set("buffer", BUFFER)
                    .set("west", box.west()).set("south", box.south()).set("east", box.east()).set("north", box.north());
            try (ResultSet rs = q.statement().executeQuery()) {
                byte[] bytes = rs.next() ? rs.getBytes(1) : null;
                return bytes == null ? new byte[0] : bytes;
            }
        }
    }

    private static String template(MapLayer layer) {
        String resource = "tiles/" + layer.tableName() + ".sql";
        try (InputStream in = TileQuery.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("tile template " + resource + " is missing");
            }
            // comment lines go: NamedStatement would read an apostrophe or a colon in them as SQL
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.stripLeading().startsWith("--"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tile template " + resource, e);
        }
    }
}
