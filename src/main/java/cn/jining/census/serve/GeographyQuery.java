package cn.jining.census.serve;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.store.NamedStatement;

/**
 * Read-only summaries of the loaded census hierarchy: district, street offices and census areas
 * with their counts and extents. Extents are computed from the full geometries transformed from
 * EPSG:4548 to EPSG:4326 (not from PostGIS' float-rounded cached boxes) and rounded to 7 decimals.
 *
 * <p>Nothing here knows a district code: whatever delivery is loaded is summarised.
 */
@ApplicationScoped
public class GeographyQuery {

    /** A street office (街道) with what it holds. */
    public record StreetSummary(String code, String name, long areaCount, long buildingCount, long households,
            LonLatBox bbox) {
    }

    /**
     * A census area (普查区) with what it holds.
     *
     * @param kind {@code 社区} (residents' committee) or {@code 村} (village committee)
     */
    public record AreaSummary(String code, String name, String kind, String streetCode, long buildingCount,
            long households, LonLatBox bbox) {
    }

    /** A district as the web map opens on it. */
    public record DistrictSummary(String code, String name, LonLatBox bbox, long streets, long areas) {
    }

    private final DataSource dataSource;

    public GeographyQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Every loaded street office, ordered by code. Buildings and households are counted by the
     * buildings' {@code street_code}.
     */
    public List<StreetSummary> streets() throws SQLException {
        String sql = """
                SELECT s.code, s.name,
                       (SELECT count(*) FROM area a WHERE a.street_code = s.code) AS area_count,
                       b.building_count, b.households,
                       round(ST_XMin(e.geom)::numeric, 7) AS west, round(ST_YMin(e.geom)::numeric, 7) AS south,
                       round(ST_XMax(e.geom)::numeric, 7) AS east, round(ST_YMax(e.geom)::numeric, 7) AS north
                  FROM street s
                 CROSS JOIN LATERAL (SELECT count(*) AS building_count, coalesce(sum(households), 0) AS households
                                       FROM building WHERE street_code = s.code) b
                 CROSS JOIN LATERAL (SELECT ST_Transform(s.geom, 4326) AS geom) e
                 ORDER BY s.code
                """;
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql);
                ResultSet rs = q.statement().executeQuery()) {
            List<StreetSummary> streets = new ArrayList<>();
            while (rs.next()) {
                streets.add(new StreetSummary(rs.getString("code"), rs.getString("name"), rs.getLong("area_count"),
                        rs.getLong("building_count"), rs.getLong("households"), bbox(rs)));
            }
            return streets;
        }
    }

    /**
     * The census areas of one street office, ordered by code; empty when no such street is loaded
     * (a loaded street without areas gives an empty list).
     *
     * <p>A building counts in the area its {@code area_code} names: the load stage files each
     * building under the area holding most of it, and its street the same way, so near a street
     * boundary the two may disagree; a building overlapping no area has none and counts only
     * for its street.
     *
     * @param streetCode 9-digit street code
     */
    public Optional<List<AreaSummary>> areasOf(String streetCode) throws SQLException {
        String exists = "SELECT 1 FROM street WHERE code = :street";
        String sql = """
                SELECT a.code, a.name, a.kind, a.street_code, n.building_count, n.households,
                       round(ST_XMin(e.geom)::numeric, 7) AS west, round(ST_YMin(e.geom)::numeric, 7) AS south,
                       round(ST_XMax(e.geom)::numeric, 7) AS east, round(ST_YMax(e.geom)::numeric, 7) AS north
                  FROM area a
                 CROSS JOIN LATERAL (SELECT count(*) AS building_count, coalesce(sum(households), 0) AS households
                                       FROM building WHERE area_code = a.code) n
                 CROSS JOIN LATERAL (SELECT ST_Transform(a.geom, 4326) AS geom) e
                 WHERE a.street_code = :street
                 ORDER BY a.code
                """;
        try (Connection c = dataSource.getConnection()) {
            try (NamedStatement q = NamedStatement.prepare(c, exists)) {
                q.set("street", streetCode);
                try (ResultSet rs = q.statement().executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                }
            }
            try (NamedStatement q = NamedStatement.prepare(c, sql)) {
                q.set("street", streetCode);
                try (ResultSet rs = q.statement().executeQuery()) {
                    List<AreaSummary> areas = new ArrayList<>();
                    while (rs.next()) {
                        areas.add(new AreaSummary(rs.getString("code"), rs.getString("name"), rs.getString("kind"),
                                rs.getString("street_code"), rs.getLong("building_count"), rs.getLong("households"),
                                bbox(rs)));
                    }
                    return Optional.of(areas);
                }
            }
        }
    }

    /**
     * A district of the loaded streets (its code is their first 6 digits). Without a code, the
     * district with the most streets is chosen, the lowest code on a tie, so that a single loaded
     * delivery is found without being named. The name comes from {@code division_reference}, else
     * from the {@code district} table, else it is {@code 区县 <code>}.
     *
     * @param code 6-digit district code, or empty for the default described above
     * @return empty when no street of such a district is loaded
     */
    public Optional<DistrictSummary> district(Optional<String> code) throws SQLException {
        String sql = """
                WITH per_street AS (
                    SELECT substr(s.code, 1, 6) AS district_code, ST_Transform(s.geom, 4326) AS geom
                      FROM street s
                ), loaded AS (
                    SELECT district_code AS code, count(*) AS streets,
                           round(min(ST_XMin(geom))::numeric, 7) AS west, round(min(ST_YMin(geom))::numeric, 7) AS south,
                           round(max(ST_XMax(geom))::numeric, 7) AS east, round(max(ST_YMax(geom))::numeric, 7) AS north
                      FROM per_street
                     WHERE CAST(:code AS text) IS NULL OR district_code = :code
                     GROUP BY district_code
                     ORDER BY count(*) DESC, district_code
                     LIMIT 1
                )
                SELECT l.*,
                       coalesce(r.name, d.name, '区县 ' || l.code) AS name,
                       (SELECT count(*) FROM area a WHERE substr(a.street_code, 1, 6) = l.code) AS areas
                  FROM loaded l
                  LEFT JOIN division_reference r ON r.code = l.code AND r.level = 'district'
                  LEFT JOIN district d ON d.code = l.code
                """;
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("code", code.orElse(null));
            try (ResultSet rs = q.statement().executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DistrictSummary(rs.getString("code"), rs.getString("name"), bbox(rs),
                        rs.getLong("streets"), rs.getLong("areas")));
            }
        }
    }

    private static LonLatBox bbox(ResultSet rs) throws SQLException {
        return new LonLatBox(rs.getDouble("west"), rs.getDouble("south"), rs.getDouble("east"), rs.getDouble("north"));
    }
}
