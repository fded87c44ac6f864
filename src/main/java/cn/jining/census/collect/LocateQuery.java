package cn.jining.census.collect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

import cn.jining.census.geo.ToEpsg4548;

import cn.jining.census.store.NamedStatement;

/**
 * Street office, census area and census subarea at a longitude/latitude.
 *
 * <p>Boundary rule: at each level, among the units whose closed polygon (boundary included, as
 * PostGIS {@code ST_Intersects}) holds the point, the one with the smallest code. A point on the
 * line between two subareas therefore always goes to the same one, and the answer equals
 * {@code min(code) WHERE ST_Intersects(geom, point)} exactly. Each level is decided on its own,
 * so the answer follows the stored polygons even where a subarea strays over its area's edge.
 * Virtual subareas (no geometry) and the vertical parts of a split high-rise (which repeat the
 * footprint of the main part) are never answered.
 *
 * <p>Most points are answered from memory ({@link LocateIndex}), without blocking; a point within
 * {@link LocateIndex#BOUNDARY_GUARD} of a boundary is projected to EPSG:4548 by PostGIS and looked
 * up there, in one prepared statement (cached by the driver per connection) whose three look-ups
 * each use their table's GiST index.
 */
@ApplicationScoped
public class LocateQuery {

    /** What lies at a point; a null code when the point is outside every unit of that level. */
    public record Place(String streetCode, String streetName, String areaCode, String areaName, String subareaCode) {
    }

    static final String SQL = """
            WITH p AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), 4548) AS pt)
            SELECT st.code, st.name, ar.code, ar.name, su.code
              FROM p
              LEFT JOIN LATERAL (SELECT s.code, s.name FROM street s
                                  WHERE ST_Intersects(s.geom, p.pt) ORDER BY s.code LIMIT 1) st ON true
              LEFT JOIN LATERAL (SELECT a.code, a.name FROM area a
                                  WHERE ST_Intersects(a.geom, p.pt) ORDER BY a.code LIMIT 1) ar ON true
              LEFT JOIN LATERAL (SELECT s.code FROM subarea s
                                  WHERE ST_Intersects(s.geom, p.pt) AND s.vertical_of IS NULL
                                  ORDER BY s.code LIMIT 1) su ON true
            """;

    /** Longitude, latitude to the storage system; off from PostGIS by well under {@link LocateIndex#BOUNDARY_GUARD}. */
    private static final ToEpsg4548 LONLAT_TO_4548 = new ToEpsg4548(4490, false);
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private final DataSource dataSource;
    private final LocateIndex index;

    public LocateQuery(DataSource dataSource, LocateIndex index) {
        this.dataSource = dataSource;
        this.index = index;
    }

    /**
     * The units at {@code lon}, {@code lat} (degrees, EPSG:4326): from the in-memory index, or from
     * PostGIS for a point near a boundary. May block on the database.
     */
    public Place at(double lon, double lat) throws SQLException {
        Coordinate projected = projected(lon, lat);
        Optional<Place> place = index.at(projected.x, projected.y);
        return place.isPresent() ? place.get() : inPostGis(lon, lat);
    }

    /**
     * The units at {@code lon}, {@code lat} when memory alone can tell, without blocking; empty
     * for the points {@link #at} has to ask the database about.
     */
    public Optional<Place> fromMemory(double lon, double lat) {
        Coordinate projected = projected(lon, lat);
        return index.atWithoutWaiting(projected.x, projected.y);
    }

    private static Coordinate projected(double lon, double lat) {
        return LONLAT_TO_4548.apply(FACTORY.createPoint(new Coordinate(lon, lat))).getCoordinate();
    }

    /** The units at {@code lon}, {@code lat} as PostGIS finds them, the documented rule exactly. */
    Place inPostGis(double lon, double lat) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, SQL)) {
            q.set("lon", lon).set("lat", lat);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                return new Place(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
            }
        }
    }
}
