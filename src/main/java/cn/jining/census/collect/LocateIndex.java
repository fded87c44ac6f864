package cn.jining.census.collect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.index.hprtree.HPRtree;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;

/**
 * Street offices, census areas and drawn subareas held in memory, so that most look-ups of
 * {@link LocateQuery} need no query.
 *
 * <p>The index answers only points farther than {@link #BOUNDARY_GUARD} from every boundary near
 * them; there the units holding the point are the same whatever the last millimetre of
 * reprojection, so the answer equals PostGIS {@code ST_Intersects}. A point nearer a boundary is
 * left to PostGIS ({@link #at} answers empty), which applies the documented boundary rule exactly.
 *
 * <p>Freshness: the index is rebuilt when the tables it copies changed, as seen by a stamp (counts
 * of streets, areas and subareas, the largest subarea version, the latest import and the latest
 * edit-log entry, which every change of an outline writes) read at most
 * once per {@code census.app.locate-refresh-millis}; until then, for at most that long after a
 * planner's edit, answers follow the previous subareas. Rebuilding reads every outline once (the
 * 123 areas and ~1 000 subareas of the bundled district in well under a second).
 */
@ApplicationScoped
public class LocateIndex {

    /** m: points nearer a boundary than this are asked of PostGIS. */
    static final double BOUNDARY_GUARD = 0.05;

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4548);

    private record Unit(String code, String name, IndexedPointInAreaLocator inside) {
    }

    /**
     * One level's units by envelope and the segments of all their boundaries. Read by many
     * threads at once: both trees are built before the level is published and are only queried
     * afterwards, which in {@link HPRtree} takes no lock (JTS's STRtree synchronises every
     * query), and each locator's index is built at load for the same reason.
     */
    private record Level(HPRtree units, HPRtree boundaries) {
    }

    private record Levels(String stamp, Level streets, Level areas, Level subareas) {
    }

    private static final String STAMP = """
            SELECT (SELECT count(*) FROM street) || '/' || (SELECT count(*) FROM area) || '/'
                   || (SELECT count(*) || ':' || coalesce(max(version), 0) FROM subarea) || '/'
                   || (SELECT coalesce(max(id), 0) FROM import_run) || '/'
                   || (SELECT coalesce(max(id), 0) FROM edit_log)
            """;

    private final DataSource dataSource;
    private final long refreshNanos;
    private final AtomicLong checkedAt = new AtomicLong(Long.MIN_VALUE);
    private volatile Levels levels;

    public LocateIndex(DataSource dataSource, AppSettings settings) {
        this.dataSource = dataSource;
        this.refreshNanos = settings.locateRefreshMillis() * 1_000_000L;
    }

    /**
     * The place at {@code x}, {@code y} (EPSG:4548), or empty when the point lies within
     * {@link #BOUNDARY_GUARD} of a boundary at any level. Checks first, when due, whether the
     * tables changed and rebuilds the index if they did: may block on the database.
     */
    public Optional<LocateQuery.Place> at(double x, double y) throws SQLException {
        return answer(fresh(), x, y);
    }

    /**
     * The same answer without waiting for anything: empty also when the index was never built or
     * its check is due, so that the caller can leave those points to a thread that may block.
     */
    public Optional<LocateQuery.Place> atWithoutWaiting(double x, double y) {
        Levels current = levels;
        if (current == null || System.nanoTime() - checkedAt.get() >= refreshNanos) {
            return Optional.empty();
        }
        return answer(current, x, y);
    }

    private static Optional<LocateQuery.Place> answer(Levels current, double x, double y) {
        Coordinate point = new Coordinate(x, y);
        Envelope near = new Envelope(x - BOUNDARY_GUARD, x + BOUNDARY_GUARD, y - BOUNDARY_GUARD, y + BOUNDARY_GUARD);
        Envelope at = new Envelope(point);
        Level[] byLevel = { current.streets(), current.areas(), current.subareas() };
        Unit[] found = new Unit[3];
        for (int level = 0; level < 3; level++) {
            boolean[] nearBoundary = { false };
            byLevel[level].boundaries().query(near, segment -> {
                if (((LineSegment) segment).distance(point) <= BOUNDARY_GUARD) {
                    nearBoundary[0] = true;
                }
            });
            if (nearBoundary[0]) {
                return Optional.empty();
            }
            int index = level;
            byLevel[level].units().query(at, candidate -> {
                Unit unit = (Unit) candidate;
                if (unit.inside().locate(point) != Location.EXTERIOR
                        && (found[index] == null || unit.code().compareTo(found[index].code()) < 0)) {
                    found[index] = unit;
                }
            });
        }
        return Optional.of(new LocateQuery.Place(code(found[0]), name(found[0]), code(found[1]), name(found[1]),
                code(found[2])));
    }

    private static String code(Unit unit) {
        return unit == null ? null : unit.code();
    }

    private static String name(Unit unit) {
        return unit == null ? null : unit.name();
    }

    /** The index, rebuilt first when the stamp read now (at most once per refresh period) differs. */
    private Levels fresh() throws SQLException {
        long now = System.nanoTime();
        long last = checkedAt.get();
        Levels current = levels;
        if (current != null && now - last < refreshNanos) {
            return current;
        }
        if (current != null && !checkedAt.compareAndSet(last, now)) {
            return current; // another request is checking right now
        }
        synchronized (this) {
            String stamp = stamp();
            if (levels == null || !levels.stamp().equals(stamp)) {
                levels = load(stamp);
            }
            checkedAt.set(System.nanoTime());
            return levels;
        }
    }

    private String stamp() throws SQLException {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(STAMP)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Levels load(String stamp) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return new Levels(stamp,
                    level(c, "SELECT code, name, ST_AsBinary(geom) FROM street"),
                    level(c, "SELECT code, name, ST_AsBinary(geom) FROM area"),
                    level(c, "SELECT code, NULL, ST_AsBinary(geom) FROM subarea WHERE geom IS NOT NULL AND vertical_of IS NULL"));
        }
    }

    private static Level level(Connection c, String sql) throws SQLException {
        HPRtree units = new HPRtree();
        HPRtree boundaries = new HPRtree();
        WKBReader reader = new WKBReader(FACTORY);
        try (var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Geometry g;
                try {
                    g = reader.read(rs.getBytes(3));
                } catch (ParseException e) {
                    throw new SQLException("unreadable outline of " + rs.getString(1), e);
                }
                if (g.isEmpty()) {
                    continue; // holds no point
                }
                IndexedPointInAreaLocator inside = new IndexedPointInAreaLocator(g);
                inside.locate(g.getCoordinate()); // builds its index now, not under concurrent queries
                units.insert(g.getEnvelopeInternal(), new Unit(rs.getString(1), rs.getString(2), inside));
                Geometry rings = g.getBoundary();
                for (int i = 0; i < rings.getNumGeometries(); i++) {
                    Coordinate[] line = rings.getGeometryN(i).getCoordinates();
                    for (int k = 1; k < line.length; k++) {
                        LineSegment segment = new LineSegment(line[k - 1], line[k]);
                        boundaries.insert(new Envelope(segment.p0, segment.p1), segment);
                    }
                }
            }
        }
        units.build();
        boundaries.build();
        return new Level(units, boundaries);
    }
}
