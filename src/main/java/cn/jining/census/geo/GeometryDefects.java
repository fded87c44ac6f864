package cn.jining.census.geo;

import java.util.Optional;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * The geometric defects a stored feature must not have, each with the place it shows. The
 * checks run in the geometry's own coordinates, so locations are in them too.
 */
public final class GeometryDefects {

    /** A defect: what is wrong, and where (null when no finite coordinate exists). */
    public record Defect(String reason, Coordinate location) {
    }

    private GeometryDefects() {
    }

    /** The first NaN or infinite coordinate, located at the first finite coordinate of the geometry. */
    public static Optional<Defect> nonFinite(Geometry geometry) {
        Coordinate[] found = new Coordinate[2];
        // a filter rather than getCoordinates(): no array copy for the common, all-finite case
        geometry.apply((CoordinateSequenceFilter) new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                double x = seq.getX(i);
                double y = seq.getY(i);
                boolean finite = Double.isFinite(x) && Double.isFinite(y);
                if (finite && found[0] == null) {
                    found[0] = new Coordinate(x, y);
                } else if (!finite && found[1] == null) {
                    found[1] = new Coordinate(x, y);
                }
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return false;
            }
        });
        if (found[1] == null) {
            return Optional.empty();
        }
        return Optional.of(new Defect("coordinate (" + found[1].x + ", " + found[1].y + ") is not a finite number", found[0]));
    }

    /**
     * The OGC validity error of a geometry with finite coordinates (self-intersection, ring not
     * closed, too few points, …) at the point where it occurs.
     */
    public static Optional<Defect> invalidity(Geometry geometry) {
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error == null) {
            return Optional.empty();
        }
        return Optional.of(new Defect("invalid geometry: " + error.getMessage(), error.getCoordinate()));
    }

    /**
     * A point on the geometry to show where a feature is: an interior point when one can be
     * computed, else its first coordinate; null for an empty geometry.
     */
    public static Coordinate pointOn(Geometry geometry) {
        if (geometry.isEmpty()) {
            return null;
        }
        try {
            Point p = geometry.getInteriorPoint();
            if (p != null && !p.isEmpty() && Double.isFinite(p.getX()) && Double.isFinite(p.getY())) {
                return p.getCoordinate();
            }
        } catch (RuntimeException e) {
            // invalid input can make the interior-point search fail: fall back to a vertex
        }
        return geometry.getCoordinate();
    }
}
