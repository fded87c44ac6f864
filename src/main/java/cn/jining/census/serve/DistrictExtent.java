package cn.jining.census.serve;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where the loaded districts lie: the bounding box in degrees of all street offices, the outermost
 * units every other layer lies within. Tiles outside it are answered 404. Read on first use and
 * again when the street table changes ({@link #forget()}, called by the tile-change listener).
 */
@ApplicationScoped
public class DistrictExtent {

    private final DataSource dataSource;
    private volatile Optional<LonLatBox> known;

    public DistrictExtent(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The box of all loaded streets; empty when none is loaded. */
    public Optional<LonLatBox> box() throws SQLException {
        Optional<LonLatBox> box = known;
        if (box == null) {
            box = read();
            known = box;
        }
        return box;
    }

    /**
     * The box when read since the last change of the streets (an empty box when none is loaded),
     * empty when it has to be read first: for callers that must not wait on the database.
     */
    public Optional<Optional<LonLatBox>> ifKnown() {
        return Optional.ofNullable(known);
    }

    /**
     * Why a tile of {@code set} (with the set's margin) is refused as outside the districts whose
     * box is {@code box}; empty when it overlaps them.
     */
    static Optional<String> outside(TileSet set, TileAddress tile, Optional<LonLatBox> box) {
        if (box.flatMap(b -> tile.lonLatBounds(set.margin()).intersection(b)).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("tile " + set.name() + "/" + tile.z() + "/" + tile.x() + "/" + tile.y()
                + " lies outside the loaded districts " + box.map(b -> Arrays.toString(b.toArray())).orElse("(none loaded)"));
    }

    /** The streets changed: read the box again on next use. */
    public void forget() {
        known = null;
    }

    private Optional<LonLatBox> read() throws SQLException {
        // densified before projecting: the edges of a box in EPSG:4548 are curves in degrees
        String sql = """
                SELECT ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)
                  FROM (SELECT ST_Transform(ST_Segmentize(ST_SetSRID(ST_Extent(geom)::geometry, 4548), 500), 4326) AS b
                          FROM street) e
                 WHERE b IS NOT NULL
                """;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new LonLatBox(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)));
        }
    }
}
