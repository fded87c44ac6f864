package cn.jining.census.serve;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * The small district 370999 of {@code src/test/resources/serve/fixture-district-370999.sql}:
 * inserted before each test and removed after, so that tests see it alone next to whatever
 * delivery the start-up load brought.
 */
final class ServeFixture {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
    static final String DISTRICT = "370999";
    static final String EAST_LAKE_STREET = "370999001";
    static final String WEST_RIDGE_STREET = "370999002";

    private ServeFixture() {
    }

    static void insert(DataSource dataSource) throws SQLException, IOException {
        remove(dataSource);
        String sql;
        try (InputStream in = ServeFixture.class.getResourceAsStream("/serve/fixture-district-370999.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        execute(dataSource, sql);
    }

    static void remove(DataSource dataSource) throws SQLException {
        execute(dataSource, """
                DELETE FROM subarea_building WHERE street_code LIKE '370999%';
                DELETE FROM subarea WHERE street_code LIKE '370999%';
                DELETE FROM building WHERE street_code LIKE '370999%';
                DELETE FROM road WHERE street_code LIKE '370999%';
                DELETE FROM water WHERE street_code LIKE '370999%';
                DELETE FROM landuse WHERE street_code LIKE '370999%';
                DELETE FROM area WHERE street_code LIKE '370999%';
                DELETE FROM street WHERE district_code = '370999';
                DELETE FROM district WHERE code = '370999';
                DELETE FROM division_reference WHERE code LIKE '370999%';
                """);
    }

    /** Runs statements without parameters, e.g. a test's own setup or an expected value query. */
    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** An EPSG:4548 point converted by PostGIS to EPSG:4326: {@code [lon, lat]}. */
    static double[] toLonLat(DataSource dataSource, double x, double y) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint(?, ?), 4548), 4326) AS p")) {
            s.setDouble(1, x);
            s.setDouble(2, y);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new double[] { rs.getDouble(1), rs.getDouble(2) };
            }
        }
    }

    /** The XYZ tile {@code [z, x, y]} holding a longitude/latitude at zoom z. */
    static int[] tileAt(int z, double[] lonLat) {
        double n = 1 << z;
        double lat = Math.toRadians(lonLat[1]);
        return new int[] { z, (int) Math.floor((lonLat[0] + 180) / 360 * n),
                (int) Math.floor((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2 * n) };
    }

    /** The path of the z14 subarea tile of the fixture around 520500, 3901000 (EPSG:4548). */
    static String subareaTile(DataSource dataSource) throws SQLException {
        int[] zxy = tileAt(14, toLonLat(dataSource, 520500, 3901000));
        return "/tiles/subareas/" + zxy[0] + "/" + zxy[1] + "/" + zxy[2] + ".mvt";
    }

    /** Waits up to 20 s for the count a query answers to reach {@code expected}. */
    static void awaitCount(DataSource dataSource, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (number(dataSource, sql) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 20 s for " + expected + " from " + sql);
            }
            Thread.sleep(20);
        }
    }

    /** The single number a query answers, e.g. an expected count. */
    static long number(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The bbox {@code [minLon, minLat, maxLon, maxLat]} of EPSG:4548 rectangle corners converted by
     * PostGIS: the extent of a rectangle's outline, whose edges are straight in EPSG:4548.
     */
    static double[] lonLatBoxOfRectangle(DataSource dataSource, double x0, double y0, double x1, double y1)
            throws SQLException {
        double[][] corners = { toLonLat(dataSource, x0, y0), toLonLat(dataSource, x1, y0),
                toLonLat(dataSource, x1, y1), toLonLat(dataSource, x0, y1) };
        double[] box = { 180, 90, -180, -90 };
        for (double[] c : corners) {
            box[0] = Math.min(box[0], c[0]);
            box[1] = Math.min(box[1], c[1]);
            box[2] = Math.max(box[2], c[0]);
            box[3] = Math.max(box[3], c[1]);
        }
        return box;
    }
}
