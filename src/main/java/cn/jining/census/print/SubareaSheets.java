package cn.jining.census.print;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

import cn.jining.census.delineate.SerpentineNumbering;
import cn.jining.census.store.NamedStatement;

/**
 * Reads what a printed subarea map shows ({@link SubareaSheet}) and numbers its buildings.
 *
 * <p>Buildings are numbered as subareas are coded ({@link SerpentineNumbering}): rows from north
 * to south, the first row west to east, the next east to west, so an enumerator walking the
 * subarea meets them in order. Each building stands at a point inside its footprint; rows are as
 * high as the side of the square one building would get if the subarea were shared out evenly.
 * Virtual subareas (demolition zones) have no map and are not printed.
 */
@ApplicationScoped
public class SubareaSheets {

    private static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4548);

    private final DataSource dataSource;
    private final EnumeratorSource enumerators;

    public SubareaSheets(DataSource dataSource, EnumeratorSource enumerators) {
        this.dataSource = dataSource;
        this.enumerators = enumerators;
    }

    /** Codes of the printable (not virtual) subareas whose code starts with {@code scope}, in code order. */
    public List<String> subareasOf(String scope) throws SQLException {
        List<String> codes = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT code FROM subarea
                 WHERE street_code = left(:scope, 9) AND starts_with(code, :scope) AND NOT virtual
                 ORDER BY code
                """)) {
            q.set("scope", scope);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    codes.add(rs.getString(1));
                }
            }
        }
        return codes;
    }

    /** The sheet of subarea {@code code}; empty when there is no such subarea or it is virtual. */
    public Optional<SubareaSheet> sheet(String code) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT coalesce(d.name, ''), st.code, st.name, a.code, a.name,
                       coalesce(s.sizhi->>'text', ''), s.households, ST_AsBinary(s.geom)
                  FROM subarea s
                  JOIN area a ON a.code = s.area_code
                  JOIN street st ON st.code = s.street_code
                  LEFT JOIN district d ON d.code = st.district_code
                 WHERE s.code = :code AND NOT s.virtual
                """)) {
            q.set("code", code);
            try (ResultSet rs = q.statement().executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Geometry outline = geometry(rs.getBytes(8));
                return Optional.of(new SubareaSheet(code, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), outline,
                        numberedBuildings(c, code, outline), List.copyOf(enumerators.enumerators(code))));
            }
        }
    }

    private static List<SubareaSheet.NumberedBuilding> numberedBuildings(Connection c, String code, Geometry outline)
            throws SQLException {
        record Registered(String bid, Integer floors, int households, String part, Point anchor) {
        }
        List<Registered> registered = new ArrayList<>();
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT b.bid, b.floors, sb.households, sb.part, ST_AsBinary(ST_PointOnSurface(b.geom))
                  FROM subarea_building sb
                  JOIN building b ON b.bid = sb.bid
                 WHERE sb.subarea_code = :code
                 ORDER BY b.bid
                """)) {
            q.set("code", code);
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    registered.add(new Registered(rs.getString(1), (Integer) rs.getObject(2), rs.getInt(3), rs.getString(4),
                            (Point) geometry(rs.getBytes(5))));
                }
            }
        }
        List<Coordinate> points = registered.stream().map(r -> r.anchor().getCoordinate()).toList();
        int[] order = SerpentineNumbering.order(points, SerpentineNumbering.rowHeight(outline.getArea(), points.size()));
        List<SubareaSheet.NumberedBuilding> numbered = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            Registered r = registered.get(order[i]);
            numbered.add(new SubareaSheet.NumberedBuilding(i + 1, r.bid(), r.floors(), r.households(), r.part(), r.anchor()));
        }
        return numbered;
    }

    private static Geometry geometry(byte[] wkb) {
        try {
            return new WKBReader(GEOMETRY).read(wkb);
        } catch (ParseException e) {
            throw new IllegalStateException("PostGIS answered geometry that is not WKB: " + e.getMessage(), e);
        }
    }
}
