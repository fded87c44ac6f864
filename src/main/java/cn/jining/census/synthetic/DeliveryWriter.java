package cn.jining.census.synthetic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;

import cn.jining.census.model.Layer;

/**
 * Writes a natural-resources delivery as an OGC GeoPackage 1.2 file: the six layer tables of
 * the delivery schema ({@code street}, {@code area}, {@code road}, {@code water},
 * {@code landuse}, {@code building}), each with an integer primary key {@code fid} and a
 * geometry column {@code geom}, registered in {@code gpkg_contents} and
 * {@code gpkg_geometry_columns} in one coordinate system.
 *
 * <p>Geometries are written exactly as given: no validation, no reprojection, no snapping, so
 * tests can craft broken deliveries (invalid rings, NaN coordinates, coordinates that do not
 * belong to the declared system). The only change is that a Polygon is stored as a one-part
 * MultiPolygon and a LineString as a one-part MultiLineString, the types the layers declare.
 * Coordinates are x = easting (or longitude), y = northing (or latitude), as GeoPackage stores
 * them whatever the axis order of the EPSG definition.
 *
 * <p>All six tables exist from {@link #create} on, so a layer without features is still a
 * layer. Rows go in through batched prepared statements inside one transaction; the file is
 * byte-identical for identical calls (fixed {@code last_change}, no spatial index, insertion
 * order kept). Not thread-safe. A feature method throws {@link IllegalStateException} when
 * SQLite refuses the row or the writer is closed; nothing is committed before {@link #close}.
 */
public final class DeliveryWriter implements AutoCloseable {

    /** The time stamp every layer carries in gpkg_contents: the census's map-drawing deadline. */
    static final String LAST_CHANGE = "2020-08-31T00:00:00.000Z";

    private static final int BATCH_SIZE = 20_000;
    private static final int GPKG_APPLICATION_ID = 0x47504B47; // "GPKG"
    private static final int GPKG_VERSION_1_2 = 10200;
    private static final Map<String, String> COLUMN_TYPES = Map.of(
            "code", "TEXT", "name", "TEXT", "street_code", "TEXT", "kind", "TEXT", "class", "TEXT",
            "dlbm", "TEXT", "dlmc", "TEXT", "bid", "TEXT", "floors", "INTEGER", "use", "TEXT");

    private final Connection connection;
    private final DeliveryCrs crs;
    private final Map<Layer, PreparedStatement> inserts = new EnumMap<>(Layer.class);
    private final Map<Layer, Integer> pending = new EnumMap<>(Layer.class);
    private final Map<Layer, double[]> extents = new EnumMap<>(Layer.class);
    private final WKBWriter wkbWriter = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN);
    private boolean closed;

    private DeliveryWriter(Connection connection, DeliveryCrs crs) {
        this.connection = connection;
        this.crs = crs;
    }

    /**
     * Creates (or overwrites) {@code file} as an empty delivery in EPSG {@code srid}.
     *
     * @param srid 4548, 4527 or 4490; anything else is an {@link IllegalArgumentException}
     * @throws IOException when the file cannot be replaced or SQLite refuses it
     */
    public static DeliveryWriter create(Path file, int srid) throws IOException {
        DeliveryCrs crs = DeliveryCrs.of(srid);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-journal"));
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            DeliveryWriter writer = new DeliveryWriter(connection, crs);
            writer.createSchema();
            return writer;
        } catch (SQLException e) {
            throw new IOException("cannot create GeoPackage " + file + ": " + e.getMessage(), e);
        }
    }

    /** A street office (街道): 9-digit {@code code}, {@code name}. */
    public void street(String code, String name, Geometry g) {
        insert(Layer.STREET, g, code, name);
    }

    /** A census area (普查区): 12-digit {@code code}, its 9-digit {@code streetCode}, kind 社区 or 村. */
    public void area(String code, String name, String streetCode, String kind, Geometry g) {
        insert(Layer.AREA, g, code, name, streetCode, kind);
    }

    /** A road centreline; {@code name} may be empty; class 主干路, 次干路, 支路, 乡村道路 or 铁路. */
    public void road(String name, String roadClass, Geometry g) {
        insert(Layer.ROAD, g, name, roadClass);
    }

    /** A water surface; kind 河流, 沟渠, 坑塘 or 湖泊. */
    public void water(String name, String kind, Geometry g) {
        insert(Layer.WATER, g, name, kind);
    }

    /** A land-use parcel with its third-national-land-survey (三调) code and name. */
    public void landuse(String dlbm, String dlmc, Geometry g) {
        insert(Layer.LANDUSE, g, dlbm, dlmc);
    }

    /**
     * A building footprint. {@code floors} may be null (unknown); {@code households} is the
     * estimate, 0 for non-residential use.
     */
    public void building(String bid, Integer floors, String use, int households, String address, Geometry g) {
        insert(Layer.BUILDING, g, bid, floors, use, households, address);
    }

    /** Flushes the last batches, records each layer's extent, commits and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Layer layer : Layer.values()) {
                if (pending.get(layer) > 0) {
                    inserts.get(layer).executeBatch();
                }
                inserts.get(layer).close();
            }
            try (PreparedStatement extent = connection.prepareStatement(
                    "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?")) {
                for (Layer layer : Layer.values()) {
                    double[] e = extents.get(layer);
                    for (int i = 0; i < 4; i++) {
                        if (e[0] <= e[2]) {
                            extent.setDouble(i + 1, e[i]);
                        } else {
                            extent.setNull(i + 1, Types.DOUBLE);
                        }
                    }
                    extent.setString(5, layer.tableName());
                    extent.executeUpdate();
                }
            }
            connection.commit();
            connection.close();
        } catch (SQLException e) {
            throw new IOException("cannot finish GeoPackage: " + e.getMessage(), e);
        }
    }

    private void createSchema() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA application_id = " + GPKG_APPLICATION_ID);
            s.execute("PRAGMA user_version = " + GPKG_VERSION_1_2);
            // the file is written once from start to end: no rollback journal, no fsync per step
            s.execute("PRAGMA journal_mode = OFF");
            s.execute("PRAGMA synchronous = OFF");
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            connection.setAutoCommit(false);
            s.execute("""
                    CREATE TABLE gpkg_spatial_ref_sys (
                      srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
                      organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
                      definition TEXT NOT NULL, description TEXT)""");
            s.execute("""
                    CREATE TABLE gpkg_contents (
                      table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
                      identifier TEXT UNIQUE, description TEXT DEFAULT '',
                      last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
                      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""");
            s.execute("""
                    CREATE TABLE gpkg_geometry_columns (
                      table_name TEXT NOT NULL, column_name TEXT NOT NULL,
                      geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
                      z TINYINT NOT NULL, m TINYINT NOT NULL,
                      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                      CONSTRAINT uk_gc_table_name UNIQUE (table_name),
                      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""");
        }
        insertSpatialRefSystems();
        for (Layer layer : Layer.values()) {
            createLayerTable(layer);
        }
    }

    private void insertSpatialRefSystems() throws SQLException {
        try (PreparedStatement srs = connection.prepareStatement(
                "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)")) {
            // the three rows every GeoPackage must carry, then the delivery's own system
            addSrs(srs, "Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system");
            addSrs(srs, "Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system");
            addSrs(srs, "WGS 84 geodetic", 4326, "EPSG", 4326, WGS84_WKT, "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid");
            addSrs(srs, crs.name, crs.srid, "EPSG", crs.srid, crs.wkt, crs.name);
            srs.executeBatch();
        }
    }

    private static void addSrs(PreparedStatement srs, String name, int id, String organization, int orgId,
            String definition, String description) throws SQLException {
        srs.setString(1, name);
        srs.setInt(2, id);
        srs.setString(3, organization);
        srs.setInt(4, orgId);
        srs.setString(5, definition);
        srs.setString(6, description);
        srs.addBatch();
    }

    private void createLayerTable(Layer layer) throws SQLException {
        String table = layer.tableName();
        String columns = layer.columns().stream()
                .map(c -> "\"" + c + "\" " + COLUMN_TYPES.getOrDefault(c, "INTEGER"))
                .collect(Collectors.joining(", "));
        String geometryType = geometryTypeName(layer);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE \"" + table + "\" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom "
                    + geometryType + ", " + columns + ")");
        }
        try (PreparedStatement contents = connection.prepareStatement("""
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id)
                VALUES (?, 'features', ?, '', ?, ?)""");
             PreparedStatement geometryColumns = connection.prepareStatement(
                     "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)")) {
            contents.setString(1, table);
            contents.setString(2, table);
            contents.setString(3, LAST_CHANGE);
            contents.setInt(4, crs.srid);
            contents.executeUpdate();
            geometryColumns.setString(1, table);
            geometryColumns.setString(2, geometryType);
            geometryColumns.setInt(3, crs.srid);
            geometryColumns.executeUpdate();
        }
        String placeholders = String.join(", ", Collections.nCopies(layer.columns().size() + 1, "?"));
        String quotedColumns = layer.columns().stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        inserts.put(layer, connection.prepareStatement(
                "INSERT INTO \"" + table + "\" (geom, " + quotedColumns + ") VALUES (" + placeholders + ")"));
        pending.put(layer, 0);
        extents.put(layer, new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY});
    }

    private static String geometryTypeName(Layer layer) {
        return layer.geometryKind() == Layer.GeometryKind.POLYGONAL ? "MULTIPOLYGON" : "MULTILINESTRING";
    }

    private void insert(Layer layer, Geometry g, Object... attributes) {
        if (closed) {
            throw new IllegalStateException("delivery already closed");
        }
        PreparedStatement insert = inserts.get(layer);
        try {
            insert.setBytes(1, g == null ? null : encode(layer, g));
            for (int i = 0; i < attributes.length; i++) {
                Object value = attributes[i];
                if (value == null) {
                    insert.setNull(i + 2, Types.NULL);
                } else if (value instanceof Integer n) {
                    insert.setInt(i + 2, n);
                } else {
                    insert.setString(i + 2, value.toString());
                }
            }
            insert.addBatch();
            int n = pending.merge(layer, 1, Integer::sum);
            if (n >= BATCH_SIZE) {
                insert.executeBatch();
                pending.put(layer, 0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write a " + layer.tableName() + " feature: " + e.getMessage(), e);
        }
    }

    /**
     * GeoPackage binary: "GP", version 0, flags (little-endian, envelope [minx,maxx,miny,maxy]
     * unless no coordinate is finite, empty bit), srs_id, then ISO WKB of the 2D geometry.
     */
    private byte[] encode(Layer layer, Geometry g) {
        Geometry stored = promote(layer, g);
        double[] envelope = finiteEnvelope(stored);
        boolean hasEnvelope = envelope[0] <= envelope[2];
        boolean empty = stored.isEmpty();
        byte[] wkb = wkbWriter.write(stored);
        ByteBuffer out = ByteBuffer.allocate(8 + (hasEnvelope ? 32 : 0) + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 'G').put((byte) 'P').put((byte) 0);
        out.put((byte) (0x01 | (hasEnvelope ? 0x02 : 0) | (empty ? 0x10 : 0)));
        out.putInt(crs.srid);
        if (hasEnvelope) {
            out.putDouble(envelope[0]).putDouble(envelope[2]).putDouble(envelope[1]).putDouble(envelope[3]);
            double[] extent = extents.get(layer);
            extent[0] = Math.min(extent[0], envelope[0]);
            extent[1] = Math.min(extent[1], envelope[1]);
            extent[2] = Math.max(extent[2], envelope[2]);
            extent[3] = Math.max(extent[3], envelope[3]);
        }
        out.put(wkb);
        return out.array();
    }

    private static Geometry promote(Layer layer, Geometry g) {
        if (layer.geometryKind() == Layer.GeometryKind.POLYGONAL && g instanceof Polygon p) {
            return g.getFactory().createMultiPolygon(new Polygon[] {p});
        }
        if (layer.geometryKind() == Layer.GeometryKind.LINEAL && g instanceof LineString l) {
            return g.getFactory().createMultiLineString(new LineString[] {l});
        }
        return g;
    }

    /** {minx, miny, maxx, maxy} over the finite coordinates; min > max when there are none. */
    private static double[] finiteEnvelope(Geometry g) {
        double[] e = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        g.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                double x = seq.getX(i);
                double y = seq.getY(i);
                if (Double.isFinite(x) && Double.isFinite(y)) {
                    e[0] = Math.min(e[0], x);
                    e[1] = Math.min(e[1], y);
                    e[2] = Math.max(e[2], x);
                    e[3] = Math.max(e[3], y);
                }
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return false;
            }
        });
        return e;
    }

    private static final String WGS84_WKT = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
            + "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
            + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],"
            + "AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]";
}
