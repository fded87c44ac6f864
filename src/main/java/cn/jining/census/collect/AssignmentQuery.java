package cn.jining.census.collect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jining.census.store.NamedStatement;

/**
 * The subareas inside a caller's scopes with their numbered buildings and each building's
 * progress, read in two statements whatever the number of subareas.
 */
@ApplicationScoped
public class AssignmentQuery {

    /** The state the building's reports add up to. */
    public record Progress(String status, String label, int households, OffsetDateTime deviceTime, int conflicts) {
    }

    /**
     * A building registered in the subarea.
     *
     * @param number    place among the subarea's buildings ordered by id, from 1
     * @param households households counted for the building (its part, when split vertically)
     * @param at        a point on the footprint, [lon, lat]
     */
    public record Building(String bid, int number, Integer floors, int households, String use, String address,
            String part, long version, double[] at, Progress progress) {
    }

    /** A subarea with its boundary (GeoJSON, EPSG:4326; null for a virtual one) and 四至. */
    public record Subarea(String code, String areaCode, String areaName, int households, boolean virtual, long version,
            JsonNode sizhi, JsonNode boundary, List<Building> buildings) {
    }

    /** A subarea as read before its buildings. */
    private record Head(String code, String areaCode, String areaName, int households, boolean virtual, long version,
            String sizhi, String boundary) {
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    public AssignmentQuery(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The subareas whose code starts with one of {@code scopes}, in code order. */
    public List<Subarea> subareas(List<String> scopes) throws SQLException {
        if (scopes.isEmpty()) {
            return List.of();
        }
        String[] prefixes = OfflinePackage.prefixes(scopes);
        Map<String, List<Building>> buildings = new LinkedHashMap<>();
        List<Head> heads = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            try (NamedStatement q = NamedStatement.prepare(c, """
                    SELECT s.code, s.area_code, a.name, s.households, s.virtual, s.version, s.sizhi::text,
                           ST_AsGeoJSON(ST_Transform(s.geom, 4326), 7)
                      FROM subarea s JOIN area a ON a.code = s.area_code
                     WHERE s.code LIKE ANY (CAST(:prefixes AS text[]))
                     ORDER BY s.code
                    """)) {
                q.set("prefixes", prefixes);
                try (ResultSet rs = q.statement().executeQuery()) {
                    while (rs.next()) {
                        heads.add(new Head(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                                rs.getBoolean(5), rs.getLong(6), rs.getString(7), rs.getString(8)));
                        buildings.put(rs.getString(1), new ArrayList<>());
                    }
                }
            }
            try (NamedStatement q = NamedStatement.prepare(c, """
                    SELECT sb.subarea_code, b.bid,
                           row_number() OVER (PARTITION BY sb.subarea_code ORDER BY b.bid),
                           b.floors, sb.households, b.use, b.address, sb.part, b.version,
                           ST_X(ST_Transform(ST_PointOnSurface(b.geom), 4326)),
                           ST_Y(ST_Transform(ST_PointOnSurface(b.geom), 4326)),
                           p.status, p.households, p.device_time, p.conflicts
                      FROM subarea_building sb
                      JOIN building b ON b.bid = sb.bid
                      LEFT JOIN building_progress p ON p.subarea_code = sb.subarea_code AND p.bid = sb.bid
                     WHERE sb.subarea_code LIKE ANY (CAST(:prefixes AS text[]))
                     ORDER BY sb.subarea_code, b.bid
                    """)) {
                q.set("prefixes", prefixes);
                try (ResultSet rs = q.statement().executeQuery()) {
                    while (rs.next()) {
                        String status = rs.getString(12);
                        Progress progress = status == null ? null
                                : new Progress(status, ReportStatus.labelOf(status), rs.getInt(13),
                                        rs.getObject(14, OffsetDateTime.class), rs.getInt(15));
                        Building b = new Building(rs.getString(2), rs.getInt(3), (Integer) rs.getObject(4), rs.getInt(5),
                                rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9),
                                new double[] { round(rs.getDouble(10)), round(rs.getDouble(11)) }, progress);
                        buildings.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(b);
                    }
                }
            }
        }
        List<Subarea> subareas = new ArrayList<>();
        for (Head h : heads) {
            subareas.add(new Subarea(h.code(), h.areaCode(), h.areaName(), h.households(), h.virtual(), h.version(),
                    tree(h.sizhi()), tree(h.boundary()), buildings.get(h.code())));
        }
        return subareas;
    }

    /** How many subareas lie inside {@code scopes}. */
    public int count(List<String> scopes) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c,
                "SELECT count(*) FROM subarea WHERE code LIKE ANY (CAST(:prefixes AS text[]))")) {
            q.set("prefixes", OfflinePackage.prefixes(scopes));
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The building registered in exactly this subarea, if any. */
    public Optional<Building> building(String subareaCode, String bid) throws SQLException {
        return subareas(List.of(subareaCode)).stream()
                .filter(s -> s.code().equals(subareaCode))
                .flatMap(s -> s.buildings().stream())
                .filter(b -> b.bid().equals(bid))
                .findFirst();
    }

    /** The subareas registering the building, in code order; empty for an unknown building. */
    public List<String> subareasOf(String bid) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c,
                "SELECT subarea_code FROM subarea_building WHERE bid = :bid ORDER BY subarea_code")) {
            q.set("bid", bid);
            List<String> codes = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    codes.add(rs.getString(1));
                }
            }
            return codes;
        }
    }

    private static double round(double degrees) {
        return Math.round(degrees * 1e7) / 1e7;
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostGIS sent unreadable JSON", e);
        }
    }
}
