package cn.jining.census.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

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
 * <p><b>Execution.</b> The statements run through {@link TilePool}, on the HTTP event loop that
 * asked, in PostgreSQL's numbered form ({@link NamedStatement#numbered}), prepared once per
 * connection. {@link #template} and {@link #parameters} give the same statement and values to a
 * JDBC client, as the tile benchmark's baseline.
 *
 * <p><b>Guards.</b> Each tile's statement runs under {@code census.tiles.statement-timeout}
 * (refused 503 when PostgreSQL cancels it); a tile finding {@code census.tiles.waiting-per-event-loop}
 * others waiting for its loop's connections is refused 503 at once; a tile over {@code census.tiles.max-features}
 * features or {@code census.tiles.max-bytes} bytes is refused 422 naming the tile, what it holds
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
    /**
     * PostgreSQL's SQLSTATE class of a backend ended by an operator or a shutdown (57P01 and the
     * like), besides the cancelled statement.
     */
    private static final String OPERATOR_INTERVENTION = "57";
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(String|Number|Boolean)");

    /** The failure of a tile whose client went away while it waited for a connection: nothing to answer. */
    static final RuntimeException ABANDONED = new RuntimeException("the client went away before the tile's turn came", null,
            false, false) {
    };

    /**
     * A layer's statement and what it says about itself.
     *
     * @param sql with named parameters, comments dropped
     * @param numbered the same with numbered parameters, as executed
     */
    private record Template(String sql, NamedStatement.Numbered numbered, Map<String, String> fields, boolean simplifies) {
    }

    private final TilePool pool;
    private final TileSettings settings;
    private final Map<TileLayer, Template> templates = new EnumMap<>(TileLayer.class);

    public TileQuery(TilePool pool, TileSettings settings) {
        this.pool = pool;
        this.settings = settings;
        for (TileLayer layer : TileLayer.values()) {
            templates.put(layer, readTemplate(layer));
        }
    }

    /**
     * The encoded tile, or an empty array when nothing of the layer is in it (also below the
     * layer's {@link TileLayer#minZoom} and for tiles far outside the zone of EPSG:4548); of a
     * census-work layer only the features {@code scope} sees. Called on an HTTP event loop; the
     * future completes on it.
     *
     * @param wanted asked when a connection is free for the tile: false (the client went away
     *               while the tile waited) leaves the statement unrun
     * @return failed with {@link TileRefusal} over the feature or byte cap (422) or on the
     *         statement timeout (503), with {@link #ABANDONED} for a tile no longer wanted, with
     *         the driver's exception on any other database error
     */
    public Future<byte[]> tile(TileLayer layer, TileAddress tile, TileScope scope, BooleanSupplier wanted) {
        if (tile.z() < layer.minZoom()) {
            return Future.succeededFuture(new byte[0]);
        }
        Optional<Map<String, Object>> parameters = parameters(layer, tile, scope);
        if (parameters.isEmpty()) {
            return Future.succeededFuture(new byte[0]);
        }
        NamedStatement.Numbered statement = templates.get(layer).numbered();
        Tuple values = Tuple.tuple();
        statement.names().forEach(name -> values.addValue(parameters.get().get(name)));
        return execute(statement.sql(), values, wanted, settings.connectionsPerEventLoop()).transform(done -> {
            if (done.failed()) {
                return Future.failedFuture(refusalOf(layer, tile, done.cause()));
            }
            Row row = done.result().iterator().next();
            Buffer bytes = row.getBuffer(0);
            return guarded(layer, tile, bytes == null ? new byte[0] : bytes.getBytes(), row.getLong(1));
        });
    }

    /**
     * Executes the statement. A connection PostgreSQL dropped (a restart, {@code pg_terminate_backend})
     * fails the query that finds it and leaves the pool; a tile is a read, so it is asked again,
     * up to {@code retries} times: once per connection the loop's pool may hold, all of which may
     * have been dropped together, then on one the pool opens anew.
     */
    private Future<RowSet<Row>> execute(String sql, Tuple values, BooleanSupplier wanted, int retries) {
        Context loop = Vertx.currentContext();
        return pool.here().withConnection(connection -> wanted.getAsBoolean()
                ? connection.preparedQuery(sql).execute(values)
                : Future.<RowSet<Row>>failedFuture(ABANDONED)).recover(failure -> {
                    if (retries == 0 || !connectionLost(failure)) {
                        return Future.failedFuture(failure);
                    }
                    // asked again from the loop's queue: the failure arrives before the loop has closed the
                    // dropped connection, and an immediate retry would be handed the same one
                    Promise<RowSet<Row>> again = Promise.promise();
                    loop.runOnContext(nothing -> execute(sql, values, wanted, retries - 1).onComplete(again));
                    return again.future();
                });
    }

    /** Whether a query failed because its connection was gone, not because of the query. */
    private static boolean connectionLost(Throwable failure) {
        if (failure instanceof ClosedConnectionException || failure instanceof IOException) {
            return true;
        }
        return failure instanceof PgException pg && pg.getSqlState() != null
                && pg.getSqlState().startsWith(OPERATOR_INTERVENTION) && !QUERY_CANCELED.equals(pg.getSqlState());
    }

    /** The layer's statement with named parameters (comments dropped): what {@link #tile} executes. */
    String template(TileLayer layer) {
        return templates.get(layer).sql();
    }

    /**
     * The values of the template contract's parameters for {@code tile} as {@code scope} sees
     * it; empty when the tile lies outside the zone where EPSG:4548 is usable (nothing to read).
     */
    Optional<Map<String, Object>> parameters(TileLayer layer, TileAddress tile, TileScope scope) {
        Optional<LonLatBox> filter = tile.lonLatBounds((double) BUFFER / EXTENT).intersection(LonLatBox.EPSG_4548_USABLE);
        if (filter.isEmpty()) {
            return Optional.empty();
        }
        LonLatBox box = filter.get();
        Map<String, Object> values = new HashMap<>();
        values.put("z", tile.z());
        values.put("x", tile.x());
        values.put("y", tile.y());
        values.put("extent", EXTENT);
        values.put("buffer", BUFFER);
        values.put("layer", layer.layerName());
        values.put("west", box.west());
        values.put("south", box.south());
        values.put("east", box.east());
        values.put("north", box.north());
        values.put("limit", settings.maxFeatures() + 1L);
        if (templates.get(layer).simplifies()) {
            values.put("tolerance", gridUnitMetres(tile.z()));
        }
        if (layer.censusWork()) {
            values.put("scopes", scope.sqlArray());
        }
        return Optional.of(values);
    }

    /** The attributes of a layer's features and their TileJSON types, in template order. */
    public Map<String, String> fields(TileLayer layer) {
        return templates.get(layer).fields();
    }

    private Future<byte[]> guarded(TileLayer layer, TileAddress tile, byte[] bytes, long features) {
        String name = name(layer, tile);
        if (features > settings.maxFeatures()) {
            return Future.failedFuture(new TileRefusal(422, "tile " + name + " holds more than " + settings.maxFeatures()
                    + " features (census.tiles.max-features): zoom in"));
        }
        if (bytes.length > settings.maxBytes()) {
            return Future.failedFuture(new TileRefusal(422, "tile " + name + " weighs " + bytes.length + " bytes, more than "
                    + settings.maxBytes() + " (census.tiles.max-bytes): zoom in"));
        }
        return Future.succeededFuture(bytes);
    }

    /**
     * A statement cancelled by its timeout, or a tile that found too many waiting before it, as a
     * 503 naming the tile; any other failure as it is.
     */
    private Throwable refusalOf(TileLayer layer, TileAddress tile, Throwable failure) {
        if (failure instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState())) {
            return new TileRefusal(503, "tile " + name(layer, tile) + " took longer than census.tiles.statement-timeout ("
                    + settings.statementTimeout() + ") and was cancelled");
        }
        if (failure instanceof ConnectionPoolTooBusyException) {
            return new TileRefusal(503, "tile " + name(layer, tile) + " was not queued: " + settings.waitingPerEventLoop()
                    + " tiles already wait for this server's tile connections (census.tiles.waiting-per-event-loop); ask again shortly");
        }
        return failure;
    }

    private static String name(TileLayer layer, TileAddress tile) {
        return layer.layerName() + "/" + tile.z() + "/" + tile.x() + "/" + tile.y();
    }

    /**
     * One grid unit of a tile at zoom {@code z} in metres: simplifying by it changes nothing the
     * grid can show, yet a zoom-12 street outline keeps a tenth of its vertices.
     */
    static double gridUnitMetres(int z) {
        return WORLD_WIDTH / (1L << z) / EXTENT;
    }

    private static Template readTemplate(TileLayer layer) {
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
        return new Template(sql, NamedStatement.numbered(sql), Collections.unmodifiableMap(fields), sql.contains(":tolerance"));
    }
}
