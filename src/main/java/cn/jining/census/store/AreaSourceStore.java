package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Geometry;

/**
 * Reads what delineating one census area needs: the area, the roads, railways and water within
 * {@value #NEAR} m of it (those along its boundary name its sides in 四至), its buildings with the
 * households used for them, the demolition zones over it and its neighbouring areas. Geometries in
 * EPSG:4548.
 */
@ApplicationScoped
public class AreaSourceStore {

    /** Features this close (m) to an area may bound it or one of its subareas. */
    static final double NEAR = 30;

    public record AreaRow(String code, String name, String streetCode, Geometry geometry) {
    }

    /**
     * @param kind the road class (主干路 … 铁路) or, for water, {@code water}
     */
    public record LinearFeature(String name, String kind, Geometry geometry) {
    }

    /**
     * @param households the administrative record where one matched, else the delivery's estimate
     * @param source     the record's source, or {@code estimate}
     */
    public record BuildingRow(String bid, Geometry geometry, int households, String source, String use, Integer floors,
            Integer persons) {
    }

    public record Source(AreaRow area, List<LinearFeature> roads, List<LinearFeature> water, List<BuildingRow> buildings,
            List<Geometry> demolitionZones, List<AreaRow> neighbours) {
    }

    private final DataSource dataSource;

    public AreaSourceStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The id of the latest accepted import, 0 before any: what was read before it may be stale. */
    public long latestImport() throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c,
                "SELECT coalesce(max(id), 0) FROM import_run WHERE accepted"); ResultSet rs = q.statement().executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every street's code, in code order. */
    public List<String> streetCodes() throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c,
                "SELECT code FROM street ORDER BY code"); ResultSet rs = q.statement().executeQuery()) {
            List<String> codes = new ArrayList<>();
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
            return codes;
        }
    }

    /** The codes of the areas of a street (9 digits) or the area itself (12), in code order. */
    public List<String> areaCodes(String scope) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT code FROM area WHERE code = :scope OR street_code = :scope ORDER BY code
                """)) {
            q.set("scope", scope);
            List<String> codes = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    codes.add(rs.getString(1));
                }
            }
            return codes;
        }
    }

    /** Everything needed to delineate area {@code code}; empty when there is no such area. */
    public Optional<Source> load(String code) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            Optional<AreaRow> area = area(c, code);
            if (area.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Source(area.get(), roads(c, code), water(c, code), buildings(c, code),
                    demolitionZones(c, code), neighbours(c, code)));
        }
    }

    private static Optional<AreaRow> area(Connection c, String code) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT code, name, street_code, ST_AsBinary(geom) FROM area WHERE code = :code
                """)) {
            q.set("code", code);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(areaRow(rs)) : Optional.empty();
            }
        }
    }

    private static List<LinearFeature> roads(Connection c, String code) throws SQLException {
        return features(c, code, """
                SELECT r.name, r.class, ST_AsBinary(r.geom)
                  FROM road r JOIN area a ON a.code = :code
                 WHERE ST_DWithin(r.geom, a.geom, :near)
                 ORDER BY r.district_code, r.fid
                """);
    }

    private static List<LinearFeature> water(Connection c, String code) throws SQLException {
        return features(c, code, """
                SELECT w.name, 'water', ST_AsBinary(w.geom)
                  FROM water w JOIN area a ON a.code = :code
                 WHERE ST_DWithin(w.geom, a.geom, :near)
                 ORDER BY w.district_code, w.fid
                """);
    }

    private static List<LinearFeature> features(Connection c, String code, String sql) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, sql)) {
            q.set("code", code).set("near", NEAR);
            List<LinearFeature> rows = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new LinearFeature(rs.getString(1), rs.getString(2), SubareaStore.geometry(rs.getBytes(3))));
                }
            }
            return rows;
        }
    }

    private static List<BuildingRow> buildings(Connection c, String code) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT bid, ST_AsBinary(geom), households,
                       CASE WHEN households_record IS NULL THEN 'estimate' ELSE coalesce(record_source, 'record') END,
                       use, floors, persons_record
                  FROM building
                 WHERE area_code = :code
                 ORDER BY bid
                """)) {
            q.set("code", code);
            List<BuildingRow> rows = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new BuildingRow(rs.getString(1), SubareaStore.geometry(rs.getBytes(2)), rs.getInt(3), rs.getString(4),
                            rs.getString(5), (Integer) rs.getObject(6), (Integer) rs.getObject(7)));
                }
            }
            return rows;
        }
    }

    private static List<Geometry> demolitionZones(Connection c, String code) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT ST_AsBinary(l.geom)
                  FROM landuse l JOIN area a ON a.code = :code
                 WHERE l.dlmc LIKE '%拆迁%' AND ST_Intersects(l.geom, a.geom)
                 ORDER BY l.district_code, l.fid
                """)) {
            q.set("code", code);
            List<Geometry> zones = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    zones.add(SubareaStore.geometry(rs.getBytes(1)));
                }
            }
            return zones;
        }
    }

    private static List<AreaRow> neighbours(Connection c, String code) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT n.code, n.name, n.street_code, ST_AsBinary(n.geom)
                  FROM area n JOIN area a ON a.code = :code
                 WHERE n.code <> a.code AND ST_DWithin(n.geom, a.geom, :near)
                 ORDER BY n.code
                """)) {
            q.set("code", code).set("near", NEAR);
            List<AreaRow> rows = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(areaRow(rs));
                }
            }
            return rows;
        }
    }

    private static AreaRow areaRow(ResultSet rs) throws SQLException {
        return new AreaRow(rs.getString(1), rs.getString(2), rs.getString(3), SubareaStore.geometry(rs.getBytes(4)));
    }
}
