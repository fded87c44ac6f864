package cn.jining.census.synthetic;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/** Reads a delivery's layers back into JTS for tests: each feature as its attributes and geometry. */
final class DeliveryFile {

    /** One row: attribute values by column name, and the geometry. */
    record Feature(Map<String, Object> attributes, Geometry geometry) {
        String text(String column) {
            Object v = attributes.get(column);
            return v == null ? null : v.toString();
        }

        int integer(String column) {
            return ((Number) attributes.get(column)).intValue();
        }
    }

    private DeliveryFile() {
    }

    static List<Feature> read(Path gpkg, String table) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg.toAbsolutePath());
             ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\" ORDER BY fid")) {
            List<Feature> features = new ArrayList<>();
            WKBReader wkb = new WKBReader();
            while (rs.next()) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                Geometry geometry = null;
                for (int k = 1; k <= rs.getMetaData().getColumnCount(); k++) {
                    String name = rs.getMetaData().getColumnName(k);
                    if (name.equals("geom")) {
                        geometry = decode(wkb, rs.getBytes(k));
                    } else {
                        attributes.put(name, rs.getObject(k));
                    }
                }
                features.add(new Feature(attributes, geometry));
            }
            return features;
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    /** A query's single value. */
    static Object value(Path gpkg, String sql) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg.toAbsolutePath());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getObject(1) : null;
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    /** GeoPackage binary to JTS: skips the "GP" header and its envelope, reads the WKB. */
    static Geometry decode(WKBReader wkb, byte[] blob) throws IOException {
        if (blob[0] != 'G' || blob[1] != 'P') {
            throw new IOException("not GeoPackage binary");
        }
        int envelope = (blob[3] >> 1) & 7;
        int offset = 8 + switch (envelope) {
            case 0 -> 0;
            case 1 -> 32;
            case 2, 3 -> 48;
            default -> 64;
        };
        try {
            return wkb.read(Arrays.copyOfRange(blob, offset, blob.length));
        } catch (ParseException e) {
            throw new IOException(e);
        }
    }
}
