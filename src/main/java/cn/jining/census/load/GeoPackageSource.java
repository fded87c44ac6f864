package cn.jining.census.load;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.locationtech.jts.geom.GeometryFactory;
import org.sqlite.SQLiteConfig;

import cn.jining.census.geo.GeoPackageGeometry;

/**
 * Reads a GeoPackage through SQLite directly: layers from {@code gpkg_contents} and
 * {@code gpkg_geometry_columns}, their SRS from {@code gpkg_spatial_ref_sys} (the EPSG code when
 * the organization is EPSG), features in fid order with geometry blobs decoded on demand.
 * The file is opened read-only.
 */
final class GeoPackageSource implements DeliverySource {

    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final SourceFeature.Decoder DECODER = encoded -> GeoPackageGeometry.read((byte[]) encoded, FACTORY);

    private final Connection connection;

    /** @throws UnreadableFileException when the file is no SQLite database or has no GeoPackage tables */
    GeoPackageSource(Path file) throws UnreadableFileException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try {
            connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new UnreadableFileException("cannot open the GeoPackage: " + e.getMessage(), e);
        }
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('gpkg_contents', 'gpkg_geometry_columns')");
                ResultSet rs = s.executeQuery()) {
            if (!rs.next() || rs.getInt(1) != 2) {
                closeQuietly();
                throw new UnreadableFileException("an SQLite database without gpkg_contents/gpkg_geometry_columns: not a GeoPackage");
            }
        } catch (SQLException e) {
            closeQuietly();
            throw new UnreadableFileException("not a readable GeoPackage: " + e.getMessage(), e);
        }
    }

    @Override
    public List<SourceLayer> layers() throws IOException {
        String sql = """
                SELECT c.table_name, g.srs_id, s.organization, s.organization_coordsys_id, s.srs_name
                  FROM gpkg_contents c
                  JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
                  LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
                 WHERE c.data_type = 'features'
                 ORDER BY c.table_name
                """;
        List<SourceLayer> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String organization = rs.getString(3);
                int srid = "EPSG".equalsIgnoreCase(organization) ? rs.getInt(4) : -1;
                out.add(new SourceLayer(rs.getString(1), srid,
                        rs.getString(5) == null ? "srs_id " + rs.getInt(2) : rs.getString(5)));
            }
        } catch (SQLException e) {
            throw new IOException("cannot list the GeoPackage's layers: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public FeatureCursor features(SourceLayer layer) throws IOException {
        String table = quote(layer.name());
        try {
            String geometryColumn;
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?")) {
                s.setString(1, layer.name());
                try (ResultSet rs = s.executeQuery()) {
                    geometryColumn = rs.next() ? rs.getString(1) : null;
                }
            }
            String pk = null;
            try (PreparedStatement s = connection.prepareStatement("PRAGMA table_info(" + table + ")");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt("pk") == 1) {
                        pk = rs.getString("name");
                    }
                }
            }
            String fid = pk == null ? "rowid" : quote(pk);
            PreparedStatement s = connection.prepareStatement(
                    "SELECT " + fid + " AS fid__, * FROM " + table + " ORDER BY " + fid);
            ResultSet rs = s.executeQuery();
            return new Cursor(s, rs, geometryColumn, pk);
        } catch (SQLException e) {
            throw new IOException("cannot read layer " + layer.name() + ": " + e.getMessage(), e);
        }
    }

    private static final class Cursor implements FeatureCursor {
        private final PreparedStatement statement;
        private final ResultSet rs;
        /** The result column holding the geometry blob; 0 when the layer has none. */
        private final int geometryIndex;
        /** Attribute columns: their result index and lower-case name, found once per layer. */
        private final int[] attributeIndexes;
        private final String[] attributeNames;

        Cursor(PreparedStatement statement, ResultSet rs, String geometryColumn, String pk) throws SQLException {
            this.statement = statement;
            this.rs = rs;
            ResultSetMetaData meta = rs.getMetaData();
            int geometry = 0;
            List<Integer> indexes = new ArrayList<>();
            List<String> names = new ArrayList<>();
            // column 1 is the fid read as fid__
            for (int i = 2; i <= meta.getColumnCount(); i++) {
                String name = meta.getColumnName(i);
                if (name.equalsIgnoreCase(geometryColumn)) {
                    geometry = i;
                } else if (!name.equalsIgnoreCase(pk)) {
                    indexes.add(i);
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
            geometryIndex = geometry;
            attributeIndexes = indexes.stream().mapToInt(Integer::intValue).toArray();
            attributeNames = names.toArray(String[]::new);
        }

        @Override
        public SourceFeature next() throws IOException {
            try {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> attributes = new HashMap<>(attributeIndexes.length * 2);
                for (int i = 0; i < attributeIndexes.length; i++) {
                    Object value = rs.getObject(attributeIndexes[i]);
                    attributes.put(attributeNames[i], value instanceof Integer n ? Long.valueOf(n) : value);
                }
                Object geometry = geometryIndex == 0 ? null : rs.getBytes(geometryIndex);
                return new SourceFeature(rs.getLong(1), attributes, geometry, DECODER);
            } catch (SQLException e) {
                throw new IOException("cannot read a feature: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                rs.close();
                statement.close();
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }

    /** An SQL identifier in double quotes; names come from the file, so quotes inside are doubled. */
    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            // already failing: the original error is the one to report
        }
    }
}
