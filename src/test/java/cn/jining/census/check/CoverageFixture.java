package cn.jining.census.check;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/**
 * Small streets of a district of the tests' own (370872, far west of the bundled delivery, so
 * the two never meet), drawn straight into PostGIS. A street is 1 km square at local x offset
 * {@code x}: area …001 the west half, area …002 the east half.
 */
final class CoverageFixture {

    static final String ADMIN = "test-admin-token-0123456789abcdef";
    private static final double X0 = 400_000;
    private static final double Y0 = 3_900_000;

    private CoverageFixture() {
    }

    /** A street whose east area starts {@code gap} metres east of the middle: one gap issue. */
    static void streetWithGap(DataSource dataSource, String code, double x, double gap) throws SQLException {
        draw(dataSource, code, x, box(x, 0, x + 500, 1000), box(x + 500 + gap, 0, x + 1000, 1000));
    }

    /**
     * A street with a gap {@code gap} metres wide between its areas and a 5 m × 5 m hole in the
     * west area 800 m north of the street's southern edge: two gap issues far apart.
     */
    static void streetWithGapAndHole(DataSource dataSource, String code, double x, double gap) throws SQLException {
        String west = box(x, 0, x + 500, 1000);
        String hole = box(x + 100, 800, x + 105, 805).replace("POLYGON(", "");
        draw(dataSource, code, x, west.substring(0, west.length() - 1) + "," + hole, box(x + 500 + gap, 0, x + 1000, 1000));
    }

    private static void draw(DataSource dataSource, String code, double x, String west, String east) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            exec(c, "DELETE FROM subarea WHERE street_code = ?", code);
            exec(c, "DELETE FROM area WHERE street_code = ?", code);
            exec(c, "DELETE FROM street WHERE code = ?", code);
            exec(c, "INSERT INTO street (code, district_code, name, geom) VALUES (?, '370872', ?, ST_Multi(ST_GeomFromText(?, 4548)))",
                    code, "测试街道" + code.substring(6), box(x, 0, x + 1000, 1000));
            exec(c, "INSERT INTO area (code, street_code, name, kind, geom) VALUES (?, ?, '西村', '村', ST_Multi(ST_GeomFromText(?, 4548)))",
                    code + "001", code, west);
            exec(c, "INSERT INTO area (code, street_code, name, kind, geom) VALUES (?, ?, '东村', '村', ST_Multi(ST_GeomFromText(?, 4548)))",
                    code + "002", code, east);
        }
    }

    /**
     * Removes every street, area and subarea of the tests' district, and the issues recorded
     * about it, so that the tests that follow see the bundled delivery alone.
     */
    static void remove(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            exec(c, "DELETE FROM coverage_issue WHERE left(parent_code, 6) = '370872'");
            exec(c, "DELETE FROM subarea WHERE left(street_code, 6) = '370872'");
            exec(c, "DELETE FROM area WHERE left(street_code, 6) = '370872'");
            exec(c, "DELETE FROM street WHERE district_code = '370872'");
        }
    }

    /** The outlines of a district, its streets and its areas, by code, as EWKB: what a test that applies fixes puts back. */
    static Map<String, byte[]> outlines(DataSource dataSource, String district) throws SQLException {
        Map<String, byte[]> byCode = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (String sql : List.of("SELECT code, ST_AsEWKB(geom) FROM district WHERE code = ?",
                    "SELECT code, ST_AsEWKB(geom) FROM street WHERE district_code = ?",
                    "SELECT code, ST_AsEWKB(geom) FROM area WHERE left(code, 6) = ?")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, district);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            byCode.put(rs.getString(1).strip(), rs.getBytes(2));
                        }
                    }
                }
            }
        }
        return byCode;
    }

    /** Puts back outlines read by {@link #outlines}. */
    static void restoreOutlines(DataSource dataSource, Map<String, byte[]> outlines) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, byte[]> e : outlines.entrySet()) {
                String table = switch (e.getKey().length()) {
                    case 6 -> "district";
                    case 9 -> "street";
                    default -> "area";
                };
                exec(c, "UPDATE " + table + " SET geom = ST_GeomFromEWKB(?) WHERE code = ?", e.getValue(), e.getKey());
            }
        }
    }

    /** WKT of a rectangle given in local metres. */
    static String box(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "POLYGON((%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f))",
                X0 + x1, Y0 + y1, X0 + x2, Y0 + y1, X0 + x2, Y0 + y2, X0 + x1, Y0 + y2, X0 + x1, Y0 + y1);
    }

    private static void exec(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }
}
