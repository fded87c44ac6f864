package cn.jining.census.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import cn.jining.census.store.NamedStatement;

/**
 * Mapbox Vector Tiles built by PostGIS {@code ST_AsMVT} from prepared statements, one SQL template
 * per {@link TileLayer} in {@code src/main/resources/tiles/<layer>.sql}, read once at start (a
 * missing or malformed one fails start-up). Tile geometry is in a {@value #EXTENT}-unit grid with
 * a {@value #BUFFER}-unit margin, transformed from EPSG:4548 to EPSG:3857.
 *
 * <p><b>Template contract.</b> A comment line {@code -- fields: name=String households=Number …}
 * lists the attributes (for TileJSON); other comment lines are dropped. The statement answers one
 * row of two columns, the tile ({@code bytea}) and its number of features, and takes the named
 * parameters
 * <ul>
 * <li>{@code :z :x :y} the tile; {@code :extent :buffer} the tile grid and the margin kept beyond
 * its edge, in grid units; {@code :layer} the layer's name inside the tile;</li>
 * <li>{@code :west :south :east :north} the tile grown by that margin, in degrees, cut to where
 * EPSG:4548 is usable: projected to the storage CRS (densified, its edges are curves there) it
 * lets the spatial index pick the candidates, and large polygons are clipped to it first
 * ({@code ST_ClipByBox2D}), so that a street of 10 000 vertices costs a tile only its part;</li>
 * <li>{@code :tolerance}, when the template simplifies: one grid unit in metres, invisible, yet
 * low zooms stay small;</li>
 * <li>{@code :limit}: read at most this many features; it is {@code census.tiles.max-features}
 * plus one, and reading that one more means the tile is refused.</li>
 * <li>{@code :scopes}, in the templates of census-work layers ({@link TileLayer#censusWork()})
 * and only there (checked at start): the caller's division-code prefixes as {@code text[]}, null
 * for an admin; the template keeps only the features whose code starts with one of them, before
 * {@code :limit} and the count, so that neither a feature nor the number of them leaks.</li>
 * </ul>
 *
 * <p><b>Guards.</b> Each tile's statement runs under {@code census.tiles.statement-timeout}
 * (answered 503 when PostgreSQL cancels it); a tile over {@code census.tiles.max-features}
 * features or {@code census.tiles.max-bytes} bytes is answered 422 naming the tile, what it holds
 * and the setting, so that the client zooms in instead of waiting for megabytes.
 */
@ApplicationScoped
public class TileQuery {

    /** Grid units across a tile, the MVT default. */
    static final int EXTENT = 4096;
    /** Grid units kept beyond a tile's edge so that outlines and strokes join across tiles. */
    static final int BUFFER = 64;
    /** Width of the Web Mercator world, metres. */
    private static final double WORLD_WIDTH = 40075016.685578488;
    /** PostgreSQL's SQLSTATE for a statement cancelled by its timeout. */
    private static final String QUERY_CANCELED = "57014";
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(String|Number|Boolean)");

    /** A layer's statement and what it says about itself. */
    private record Template(String sql, Map<String, String> fields, boolean simplifies) {
    }

    private final DataSource dataSource;
    private final TileSettings settings;
    private final Map<TileLayer, Template> templates = new EnumMap<>(TileLayer.class);

    public TileQuery(DataSource dataSource, TileSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
        for (TileLayer layer : TileLayer.values()) {
            templates.put(layer, template(layer));
        }
    }

    /**
     * The encoded tile, or an empty array when nothing of the layer is in it (also below the
     * layer's {@link TileLayer#minZoom} and for tiles far outside the zone of EPSG:4548); of a
     * census-work layer only the features {@code scope} sees.
     *
     * @throws WebApplicationException 422 over the feature or byte cap, 503 on the statement timeout
     */
    public byte[] tile(TileLayer layer, TileAddress tile, TileScope scope) throws SQLException {
        if (tile.z() < layer.minZoom()) {
            return new byte[0];
        }
        Optional<LonLatBox> filter = tile.lonLatBounds((double) BUFFER / EXTENT).intersection(LonLatBox.EPSG_4548_USABLE);
        if (filter.isEmpty()) {
            return new byte[0];
        }
        try (Connection c = dataSource.getConnection(); NamedStatement q = prepare(c, layer)) {
            bind(q, layer, tile, filter.get(), scope);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                byte[] bytes = rs.getBytes(1);
                long features = rs.getLong(2);
                return guarded(layer, tile, bytes == null ? new byte[0] : bytes, features);
            }
        } catch (SQLException e) {
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                throw new WebApplicationException("tile " + layer.layerName() + "/" + tile.z() + "/" + tile.x() + "/"
                        + tile.y() + " took longer than census.tiles.statement-timeout (" + settings.statementTimeout()
                        + ") and was cancelled", 503);
            }
            throw e;
        }
    }

    /** The layer's statement prepared on {@code c}, under the statement timeout. */
    NamedStatement prepare(Connection c, TileLayer layer) throws SQLException {
        NamedStatement q = NamedStatement.prepare(c, templates.get(layer).sql());
        q.statement().setQueryTimeout(timeoutSeconds());
        return q;
    }

    /**
     * Binds the parameters of the template contract for {@code tile}, whose grown box in degrees
     * is {@code box}, as {@code scope} sees it.
     */
    void bind(NamedStatement q, TileLayer layer, TileAddress tile, LonLatBox box, TileScope scope) throws SQLException {
        q.set("z", tile.z()).set("x", tile.x()).set("y", tile.y())
                .set("extent", EXTENT).set("buffer", BUFFER).set("layer", layer.layerName())
                .set("west", box.west()).set("south", box.south()).set("east", box.east()).set("north", box.north())
                .set("limit", settings.maxFeatures() + 1);
        if (templates.get(layer).simplifies()) {
            q.set("tolerance", gridUnitMetres(tile.z()));
        }
        if (layer.censusWork()) {
            q.set("scopes", scope.sqlArray());
        }
    }

    /** The attributes of a layer's features and their TileJSON types, in template order. */
    public Map<String, String> fields(TileLayer layer) {
        return templates.get(layer).fields();
    }

    private byte[] guarded(TileLayer layer, TileAddress tile, byte[] bytes, long features) {
        String name = layer.layerName() + "/" + tile.z() + "/" + tile.x() + "/" + tile.y();
        if (features > settings.maxFeatures()) {
            throw new WebApplicationException("tile " + name + " holds more than " + settings.maxFeatures()
                    + " features (census.tiles.max-features): zoom in", 422);
        }
        if (bytes.length > settings.maxBytes()) {
            throw new WebApplicationException("tile " + name + " weighs " + bytes.length + " bytes, more than "
                    + settings.maxBytes() + " (census.tiles.max-bytes): zoom in", 422);
        }
        return bytes;
    }

    /** JDBC counts query timeouts in whole seconds: the setting rounded up, at least one. */
    private int timeoutSeconds() {
        return (int) Math.max(1, (settings.statementTimeout().toMillis() + 999) / 1000);
    }

    /**
     * One grid unit of a tile at zoom {@code z} in metres: simplifying by it changes nothing the
     * grid can show, yet a zoom-12 street outline keeps a tenth of its vertices.
     */
    static double gridUnitMetres(int z) {
        return WORLD_WIDTH / (1L << z) / EXTENT;
    }

    private static Template template(TileLayer layer) {
        String resource = "tiles/" + layer.layerName() + ".sql";
        String text;
        try (InputStream in = TileQuery.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("tile template " + resource + " is missing");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tile template " + resource, e);
        }
        List<String> fieldLines = text.lines().filter(line -> line.startsWith("-- fields:")).toList();
        if (fieldLines.size() != 1) {
            throw new IllegalStateException("tile template " + resource + " needs one line '-- fields: name=String …'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        FIELD.matcher(fieldLines.get(0)).results().forEach(m -> fields.put(m.group(1), m.group(2)));
        // comment lines go: NamedStatement would read an apostrophe or a colon in them as SQL
        String sql = text.lines().filter(line -> !line.stripLeading().startsWith("--")).collect(Collectors.joining("\n"));
        if (layer.censusWork() != sql.contains(":scopes")) {
            // a census-work layer without the filter would show every caller everything
            throw new IllegalStateException("tile template " + resource + (layer.censusWork()
                    ? " shows census work and must keep only the features inside :scopes"
                    : " is base geography, seen by every role, and takes no :scopes"));
        }
        return new Template(sql, Collections.unmodifiableMap(fields), sql.contains(":tolerance"));
    }
}
