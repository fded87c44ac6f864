package cn.jining.census.load;

import org.locationtech.jts.algorithm.LineIntersector;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.algorithm.RobustLineIntersector;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

import cn.jining.census.geo.GeometryDefects;

/**
 * Proves valid, without JTS's {@code IsValidOp}, the features most deliveries are made of: one
 * polygon without holes and with few vertices (a building footprint, a parcel). Such a polygon
 * is valid when its ring is closed, has at least four points not counting repeats, and no two of
 * its segments meet except neighbours at the vertex they share — checked pair by pair with the
 * same robust intersector JTS's validity check uses, which for a handful of segments is far
 * cheaper than building its noding index.
 *
 * <p>It only ever says "valid": anything else (holes, several parts, many vertices, lines, or a
 * ring that fails a test) is left to {@link GeometryDefects#invalidity}, which names the defect
 * and where it is. Thread-safe.
 */
final class SimpleRingValidity {

    /** Most segments tested pair by pair; beyond, the pairs cost more than JTS's index. */
    static final int MAX_SEGMENTS = 48;

    private SimpleRingValidity() {
    }

    /** True when {@code geometry} (finite coordinates) is shown valid here; false means "not shown". */
    static boolean provenValid(Geometry geometry) {
        Polygon polygon = geometry instanceof Polygon p ? p
                : geometry instanceof MultiPolygon m && m.getNumGeometries() == 1 ? (Polygon) m.getGeometryN(0)
                : null;
        if (polygon == null || polygon.isEmpty() || polygon.getNumInteriorRing() > 0) {
            return false;
        }
        CoordinateSequence ring = polygon.getExteriorRing().getCoordinateSequence();
        int size = ring.size();
        if (size < 4 || size > MAX_SEGMENTS + 1
                || ring.getX(0) != ring.getX(size - 1) || ring.getY(0) != ring.getY(size - 1)) {
            return false;
        }
        // the ring without repeated consecutive points, as JTS's validity check reads it
        Coordinate[] points = new Coordinate[size];
        int n = 0;
        for (int i = 0; i < size; i++) {
            double x = ring.getX(i);
            double y = ring.getY(i);
            if (n == 0 || points[n - 1].x != x || points[n - 1].y != y) {
                points[n++] = new Coordinate(x, y);
            }
        }
        if (n < 4) {
            return false;
        }
        int segments = n - 1;
        LineIntersector intersector = new RobustLineIntersector();
        for (int i = 0; i < segments; i++) {
            for (int j = i + 1; j < segments; j++) {
                boolean next = j == i + 1;
                boolean neighbours = next || (i == 0 && j == segments - 1);
                // Neighbours that turn at their common vertex meet there only: the intersector
                // answers a point for them, decided by this same robust orientation test.
                // Half of all pairs on a building's few segments, they were most of the work.
                if (neighbours && (next ? Orientation.index(points[i], points[i + 1], points[i + 2])
                        : Orientation.index(points[segments - 1], points[0], points[1])) != Orientation.COLLINEAR) {
                    continue;
                }
                intersector.computeIntersection(points[i], points[i + 1], points[j], points[j + 1]);
                // neighbours share exactly their common vertex; others may not meet at all
                if (neighbours ? intersector.getIntersectionNum() != LineIntersector.POINT_INTERSECTION
                        : intersector.hasIntersection()) {
                    return false;
                }
            }
        }
        return true;
    }
}
