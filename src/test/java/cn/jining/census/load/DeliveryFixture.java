package cn.jining.census.load;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;
import org.sqlite.SQLiteConfig;

/**
 * A small delivery written by the tests themselves: features given as WKT in EPSG:4548, written
 * as GeoPackage (declared EPSG:4548, EPSG:4527 with the zone prefix added, or EPSG:4490 latitude
 * first) or as a zip of GeoJSON files. GeoPackage blobs are written by hand (header + WKB) so that
 * defects such as NaN coordinates survive.
 */
final class DeliveryFixture {

    /** How the coordinates are written. */
    enum Crs { EPSG_4548, EPSG_4527, EPSG_4490_LAT_FIRST }

    record Feature(long fid, String wkt, Map<String, Object> attributes) {
    }

    private final Map<String, List<Feature>> layers = new LinkedHashMap<>();
    private final Map<String, Integer> declared = new LinkedHashMap<>();

    /** A clean delivery of district {@code district} (6 digits) around easting 520 km, northing 3 990 km. */
    static DeliveryFixture clean(String district, long fidBase) {
        DeliveryFixture d = new DeliveryFixture();
        String s1 = district + "001";
        String s2 = district + "002";
        d.add("street", fidBase + 1, square(520000, 3990000, 1000), "code", s1, "name", "一街道");
        d.add("street", fidBase + 2, square(521000, 3990000, 1000), "code", s2, "name", "二街道");
        d.add("area", fidBase + 1, rect(520000, 3990000, 500, 1000), "code", s1 + "001", "name", "东社区", "street_code", s1, "kind", "社区");
        d.add("area", fidBase + 2, rect(520500, 3990000, 500, 1000), "code", s1 + "201", "name", "西村", "street_code", s1, "kind", "村");
        d.add("area", fidBase + 3, square(521000, 3990000, 1000), "code", s2 + "001", "name", "南社区", "street_code", s2, "kind", "社区");
        d.add("road", fidBase + 1, "MULTILINESTRING ((520100 3990500, 520900 3990500))", "name", "科技路", "class", "主干路");
        // mostly in street 2: filed there
        d.add("road", fidBase + 2, "MULTILINESTRING ((520800 3990200, 521900 3990200))", "name", "", "class", "支路");
        d.add("water", fidBase + 1, "MULTIPOLYGON (((520200 3990700, 520300 3990700, 520300 3990800, 520200 3990800, 520200 3990700)))", "name", "小河", "kind", "河流");
        d.add("landuse", fidBase + 1, rect(520000, 3990000, 300, 300), "dlbm", "0701", "dlmc", "城镇住宅用地");
        d.add("landuse", fidBase + 2, rect(521300, 3990300, 200, 200), "dlbm", "05H1", "dlmc", "商业服务业设施用地");
        d.add("building", fidBase + 1, rect(520100, 3990100, 20, 10), "bid", district + "-B1", "floors", 6L, "use", "住宅", "households", 24L, "address", "一路1号");
        d.add("building", fidBase + 2, rect(520600, 3990100, 20, 10), "bid", district + "-B2", "floors", 2L, "use", "商业", "households", 0L, "address", "一路2号");
        // across the two areas of street 1, mostly in the second one
        d.add("building", fidBase + 3, rect(520495, 3990400, 20, 10), "bid", district + "-B3", "floors", 3L, "use", "住宅", "households", 6L, "address", null);
        d.add("building", fidBase + 4, rect(521500, 3990500, 30, 15), "bid", district + "-B4", "floors", null, "use", "公共", "households", 0L, "address", "二路1号");
        return d;
    }

    static String square(double x, double y, double size) {
        return rect(x, y, size, size);
    }

    static String rect(double x, double y, double w, double h) {
        return "MULTIPOLYGON (((%s %s, %s %s, %s %s, %s %s, %s %s)))".formatted(
                x, y, x + w, y, x + w, y + h, x, y + h, x, y);
    }

    DeliveryFixture add(String layer, long fid, String wkt, Object... attributes) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            map.put((String) attributes[i], attributes[i + 1]);
        }
        layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(new Feature(fid, wkt, map));
        return this;
    }

    /** Replaces the first feature of {@code layer} whose attribute {@code key} is {@code value}. */
    DeliveryFixture replace(String layer, String key, Object value, String wkt) {
        List<Feature> features = layers.get(layer);
        for (int i = 0; i < features.size(); i++) {
            Feature f = features.get(i);
            if (value.equals(f.attributes().get(key))) {
                features.set(i, new Feature(f.fid(), wkt, f.attributes()));
                return this;
            }
        }
        throw new IllegalArgumentException("no " + layer + " with " + key + "=" + value);
    }

    /** Moves every feature {@code dy} metres north, to place another district beside this one. */
    DeliveryFixture shiftedNorth(double dy) {
        var move = org.locationtech.jts.geom.util.AffineTransformation.translationInstance(0, dy);
        for (List<Feature> features : layers.values()) {
            features.replaceAll(f -> new Feature(f.fid(), move.transform(geometry(f.wkt())).toText(), f.attributes()));
        }
        return this;
    }

    DeliveryFixture without(String layer) {
        layers.remove(layer);
        return this;
    }

    /** Declares {@code srid} for one layer whatever its coordinates are. */
    DeliveryFixture declare(String layer, int srid) {
        declared.put(layer, srid);
        return this;
    }

    Path writeGeoPackage(Path file, Crs crs) throws IOException {
        Files.deleteIfExists(file);
        SQLiteConfig config = new SQLiteConfig();
        try (Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath()); Statement s = c.createStatement()) {
            s.execute("PRAGMA application_id = 1196444487");
            s.execute("""
                    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
                      organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL,
                      description TEXT)""");
            s.execute("""
                    CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT,
                      description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE,
                      max_y DOUBLE, srs_id INTEGER)""");
            s.execute("""
                    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
                      geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL)""");
            for (int srid : new int[] {4548, 4527, 4490, 4549}) {
                s.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('EPSG:%d', %d, 'EPSG', %d, 'undefined', '')"
                        .formatted(srid, srid, srid));
            }
            for (Map.Entry<String, List<Feature>> layer : layers.entrySet()) {
                String name = layer.getKey();
                int srid = declared.getOrDefault(name, srid(crs));
                List<String> columns = new ArrayList<>(layer.getValue().get(0).attributes().keySet());
                StringBuilder ddl = new StringBuilder("CREATE TABLE " + name + " (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB");
                for (String col : columns) {
                    ddl.append(", \"").append(col).append("\" ")
                            .append(List.of("floors", "households").contains(col) ? "INTEGER" : "TEXT");
                }
                s.execute(ddl.append(")").toString());
                s.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('%s', 'features', '%s', %d)"
                        .formatted(name, name, srid));
                s.execute("INSERT INTO gpkg_geometry_columns VALUES ('%s', 'geom', 'GEOMETRY', %d, 0, 0)".formatted(name, srid));
                String insert = "INSERT INTO " + name + " VALUES (?, ?" + ", ?".repeat(columns.size()) + ")";
                try (PreparedStatement p = c.prepareStatement(insert)) {
                    for (Feature f : layer.getValue()) {
                        p.setLong(1, f.fid());
                        p.setBytes(2, gpkgBlob(transform(geometry(f.wkt()), crs), srid));
                        for (int i = 0; i < columns.size(); i++) {
                            p.setObject(3 + i, f.attributes().get(columns.get(i)));
                        }
                        p.addBatch();
                    }
                    p.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
        return file;
    }

    /** One {@code <layer>.geojson} per layer in a zip, declaring EPSG:4548 through the legacy crs member. */
    Path writeGeoJsonZip(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String layer : layers.keySet()) {
                zip.putNextEntry(new ZipEntry(layer + ".geojson"));
                zip.write(geoJson(layer, true).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    /** A FeatureCollection of one layer, in EPSG:4548 with a crs member, or without one in EPSG:4490. */
    String geoJson(String layer, boolean projected) {
        StringBuilder json = new StringBuilder("{\"type\":\"FeatureCollection\",");
        if (projected) {
            json.append("\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4548\"}},");
        }
        json.append("\"features\":[");
        boolean first = true;
        for (Feature f : layers.get(layer)) {
            json.append(first ? "" : ",").append("{\"type\":\"Feature\",\"id\":").append(f.fid()).append(",\"properties\":{");
            first = false;
            boolean firstAttribute = true;
            for (Map.Entry<String, Object> a : f.attributes().entrySet()) {
                json.append(firstAttribute ? "" : ",").append('"').append(a.getKey()).append("\":");
                firstAttribute = false;
                Object v = a.getValue();
                json.append(v == null ? "null" : v instanceof Number ? v.toString() : "\"" + v + "\"");
            }
            Geometry g = geometry(f.wkt());
            if (!projected) {
                g = toLonLat(g, false);
            }
            json.append("},\"geometry\":{\"type\":\"").append(g.getGeometryType()).append("\",\"coordinates\":");
            coordinates(g, json);
            json.append("}}");
        }
        return json.append("]}").toString();
    }

    private static void coordinates(Geometry g, StringBuilder json) {
        if (g instanceof org.locationtech.jts.geom.LineString line) {
            json.append('[');
            for (int i = 0; i < line.getNumPoints(); i++) {
                json.append(i == 0 ? "" : ",").append('[').append(line.getCoordinateN(i).x).append(',')
                        .append(line.getCoordinateN(i).y).append(']');
            }
            json.append(']');
        } else if (g instanceof org.locationtech.jts.geom.Polygon p) {
            json.append('[');
            coordinates(p.getExteriorRing(), json);
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                json.append(',');
                coordinates(p.getInteriorRingN(i), json);
            }
            json.append(']');
        } else {
            json.append('[');
            for (int i = 0; i < g.getNumGeometries(); i++) {
                json.append(i == 0 ? "" : ",");
                coordinates(g.getGeometryN(i), json);
            }
            json.append(']');
        }
    }

    private static int srid(Crs crs) {
        return switch (crs) {
            case EPSG_4548 -> 4548;
            case EPSG_4527 -> 4527;
            case EPSG_4490_LAT_FIRST -> 4490;
        };
    }

    private static Geometry transform(Geometry g, Crs crs) {
        return switch (crs) {
            case EPSG_4548 -> g;
            case EPSG_4527 -> shift(g);
            case EPSG_4490_LAT_FIRST -> toLonLat(g, true);
        };
    }

    private static Geometry shift(Geometry g) {
        Geometry out = g.copy();
        out.apply(new Filter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                seq.setOrdinate(i, 0, seq.getX(i) + 39_000_000);
            }
        });
        return out;
    }

    /** EPSG:4548 to EPSG:4490 with proj4j, longitude first or latitude first. */
    static Geometry toLonLat(Geometry g, boolean latFirst) {
        CRSFactory f = new CRSFactory();
        CoordinateTransform t = new CoordinateTransformFactory().createTransform(f.createFromName("EPSG:4548"),
                f.createFromName("EPSG:4490"));
        Geometry out = g.copy();
        out.apply(new Filter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                if (!Double.isFinite(seq.getX(i))) {
                    return;
                }
                ProjCoordinate p = t.transform(new ProjCoordinate(seq.getX(i), seq.getY(i)), new ProjCoordinate());
                seq.setOrdinate(i, 0, latFirst ? p.y : p.x);
                seq.setOrdinate(i, 1, latFirst ? p.x : p.y);
            }
        });
        return out;
    }

    private abstract static class Filter implements CoordinateSequenceFilter {
        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }

    static Geometry geometry(String wkt) {
        try {
            return new WKTReader().read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    /** GeoPackage blob: magic, version 0, flags (little-endian header, no envelope), SRS id, WKB. */
    static byte[] gpkgBlob(Geometry g, int srid) {
        byte[] wkb = new WKBWriter(2).write(g);
        byte[] blob = new byte[8 + wkb.length];
        blob[0] = 'G';
        blob[1] = 'P';
        blob[2] = 0;
        blob[3] = 1;
        blob[4] = (byte) srid;
        blob[5] = (byte) (srid >> 8);
        blob[6] = (byte) (srid >> 16);
        blob[7] = (byte) (srid >> 24);
        System.arraycopy(wkb, 0, blob, 8, wkb.length);
        return blob;
    }
}
