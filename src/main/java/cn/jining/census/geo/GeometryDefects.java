package cn.jining.census.geo;

import java.util.Optional;

import org.locationtech.jts.geom.Coordinate;
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
        Coordinate[] coordinates = geometry.getCoordinates();
        Coordinate bad = null;
        Coordinate firstFinite = null;
        for (Coordinate c : coordinates) {
            boolean finite = Double.isFinite(c.x) && Double.isFinite(c.y);
            if (finite && firstFinite == null) {
                firstFinite = c;
            }
            if (!finite && bad == null) {
                bad = c;
            }
        }
        if (bad == null) {
            return Optional.empty();
        }
        return Optional.of(new Defect("coordinate (" + bad.x + ", " + bad.y + ") is not a finite number",
                firstFinite == null ? null : firstFinite.copy()));
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
