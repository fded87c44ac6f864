package cn.jining.census.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

class GeoPackageGeometryTest {

    private static final GeometryFactory FACTORY = new GeometryFactory();

    @Test
    void readsEveryLayerOfTheBundledDeliveryAsWkbReaderDoes() throws Exception {
        Path gpkg = Path.of("map-data/jining-hitech.gpkg");
        int compared = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gpkg.toAbsolutePath());
                Statement s = c.createStatement()) {
            for (String layer : new String[] {"street", "area", "road", "water", "landuse", "building"}) {
                try (ResultSet rs = s.executeQuery("SELECT geom FROM " + layer + " ORDER BY fid LIMIT 3000")) {
                    while (rs.next()) {
                        byte[] blob = rs.getBytes(1);
                        assertSame(viaWkbReader(blob), GeoPackageGeometry.read(blob, FACTORY));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 5000, compared + " geometries compared");
    }

    @Test
    void repairsAsWkbReaderDoesAndLeavesOtherTypesToIt() throws Exception {
        for (String wkt : new String[] {
                "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 2)), ((20 20, 30 20, 30 30, 20 20)))",
                "MULTILINESTRING ((0 0, 5 5, 10 0), (1 1, 2 2))",
                "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))",
                "LINESTRING (1 2, 3 4)",
                "POINT (1 2)",
                "POLYGON Z ((0 0 1, 10 0 1, 10 10 1, 0 0 1))",
                "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))"}) {
            Geometry g = new WKTReader().read(wkt);
            for (int order : new int[] {ByteOrderValues.LITTLE_ENDIAN, ByteOrderValues.BIG_ENDIAN}) {
                byte[] blob = blob(new WKBWriter(Double.isNaN(g.getCoordinate().getZ()) ? 2 : 3, order).write(g));
                assertSame(viaWkbReader(blob), GeoPackageGeometry.read(blob, FACTORY));
            }
        }
        // an open ring is closed, as WKBReader does
        byte[] open = blob(polygonWkb(new double[] {0, 0, 10, 0, 10, 10}));
        assertSame(viaWkbReader(open), GeoPackageGeometry.read(open, FACTORY));
        assertTrue(GeoPackageGeometry.read(open, FACTORY).isValid());
    }

    @Test
    void truncatedWkbIsAParseError() {
        byte[] blob = blob(polygonWkb(new double[] {0, 0, 10, 0, 10, 10, 0, 0}));
        assertThrows(ParseException.class, () -> GeoPackageGeometry.read(Arrays.copyOf(blob, blob.length - 9), FACTORY));
        assertThrows(ParseException.class, () -> GeoPackageGeometry.read(new byte[] {'X', 'Y', 0, 1, 0, 0, 0, 0, 0}, FACTORY));
    }

    private static void assertSame(Geometry expected, Geometry actual) {
        assertEquals(expected.getClass(), actual.getClass());
        assertTrue(expected.equalsExact(actual), () -> expected + " read as " + actual);
        assertEquals(expected.getSRID(), actual.getSRID());
    }

    private static Geometry viaWkbReader(byte[] blob) throws ParseException {
        Geometry g = new WKBReader(FACTORY).read(Arrays.copyOfRange(blob, 8 + 32 * ((blob[3] >> 1 & 7) == 1 ? 1 : 0), blob.length));
        g.setSRID(4548);
        return g;
    }

    /** A GeoPackage blob with SRS 4548, no envelope, around {@code wkb}. */
    private static byte[] blob(byte[] wkb) {
        ByteBuffer b = ByteBuffer.allocate(8 + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'G').put((byte) 'P').put((byte) 0).put((byte) 1).putInt(4548).put(wkb);
        return b.array();
    }

    /** Little-endian WKB of a one-ring polygon with the given x, y pairs, closed or not. */
    private static byte[] polygonWkb(double[] xy) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 4 + 8 * xy.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).putInt(3).putInt(1).putInt(xy.length / 2);
        for (double v : xy) {
            b.putDouble(v);
        }
        return b.array();
    }
}
