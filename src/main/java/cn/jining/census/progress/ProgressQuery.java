package cn.jining.census.progress;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.store.NamedStatement;

/**
 * Counts of the subareas under a division code, in one statement over the scope's subareas,
 * rolled up in memory to areas, street offices and the scope itself.
 */
@ApplicationScoped
public class ProgressQuery {

    /** The tallies of a scope: the scope itself, then each level below it, in code order. */
    public record Rollup(Tally scope, List<Tally> streets, List<Tally> areas, List<Tally> subareas) {
    }

    private final DataSource dataSource;

    public ProgressQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The division's name (district, street, area; a subarea's is its code), empty when it is not loaded. */
    public Optional<String> nameOf(String code) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT name FROM district WHERE code = :code
                UNION ALL SELECT name FROM street WHERE code = :code
                UNION ALL SELECT name FROM area WHERE code = :code
                UNION ALL SELECT code FROM subarea WHERE code = :code
                """)) {
            q.set("code", code);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Tallies of {@code scope} (6, 9, 12 or 15 digits) settled against {@code expected}. */
    public Rollup rollup(String scope, String scopeName, double expected) throws SQLException {
        List<Tally> subareas = new ArrayList<>();
        Map<String, String> names = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT s.code, a.name, st.name, s.households,
                       count(sb.bid),
                       count(p.bid) FILTER (WHERE p.status <> 'pending'),
                       count(p.bid) FILTER (WHERE p.status = 'registered'),
                       count(p.bid) FILTER (WHERE p.status = 'vacant'),
                       count(p.bid) FILTER (WHERE p.status = 'refused'),
                       coalesce(sum(p.households) FILTER (WHERE p.status = 'registered'), 0),
                       coalesce(sum(p.conflicts), 0),
                       count(b.marked_by)
                  FROM subarea s
                  JOIN area a ON a.code = s.area_code
                  JOIN street st ON st.code = s.street_code
                  LEFT JOIN subarea_building sb ON sb.subarea_code = s.code
                  LEFT JOIN building b ON b.bid = sb.bid
                  LEFT JOIN building_progress p ON p.subarea_code = sb.subarea_code AND p.bid = sb.bid
                 WHERE s.code LIKE :prefix
                 GROUP BY s.code, a.name, st.name, s.households
                 ORDER BY s.code
                """)) {
            q.set("prefix", scope + "%");
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    String code = rs.getString(1);
                    names.put(code.substring(0, 12), rs.getString(2));
                    names.put(code.substring(0, 9), rs.getString(3));
                    subareas.add(new Tally(code, code, 1, rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8),
                            rs.getInt(9), rs.getInt(4), rs.getInt(10), rs.getInt(11), rs.getInt(12), 0, false)
                            .settle(expected));
                }
            }
        }
        Tally total = new Tally(scope, scopeName, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);
        for (Tally s : subareas) {
            total = total.plus(s);
        }
        return new Rollup(total.settle(expected), rollUp(subareas, 9, names, expected), rollUp(subareas, 12, names, expected),
                subareas);
    }

    /** Subarea code → outline as GeoJSON text (EPSG:4326, 6 decimals), for the subareas under {@code scope} with one. */
    public Map<String, String> outlines(String scope) throws SQLException {
        Map<String, String> outlines = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT code, ST_AsGeoJSON(ST_Transform(geom, 4326), 6)
                  FROM subarea
                 WHERE code LIKE :prefix AND geom IS NOT NULL AND vertical_of IS NULL
                """)) {
            q.set("prefix", scope + "%");
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    outlines.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return outlines;
    }

    private static List<Tally> rollUp(List<Tally> subareas, int digits, Map<String, String> names, double expected) {
        Map<String, Tally> units = new TreeMap<>();
        for (Tally s : subareas) {
            String code = s.code().substring(0, digits);
            units.merge(code, s.as(code, names.get(code)), Tally::plus);
        }
        return units.values().stream().map(t -> t.settle(expected)).toList();
    }
}
