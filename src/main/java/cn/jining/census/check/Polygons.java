package cn.jining.census.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.noding.snap.SnappingNoder;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Polygon operations the checks share. Overlay runs through {@link OverlayNGRobust}, which falls
 * back to snapping when floating-point noding fails, so bad input yields an answer instead of a
 * {@code TopologyException}.
 */
final class Polygons {

    static final GeometryFactory FACTORY = new GeometryFactory(new org.locationtech.jts.geom.PrecisionModel(), 4548);

    private Polygons() {
    }

    static List<Polygon> of(Geometry g) {
        List<Polygon> polygons = new ArrayList<>();
        if (g != null) {
            PolygonExtracter.getPolygons(g, polygons);
        }
        return polygons;
    }

    static Geometry union(Collection<Geometry> geometries) {
        if (geometries.isEmpty()) {
            return FACTORY.createPolygon();
        }
        return OverlayNGRobust.union(geometries, FACTORY);
    }

    /**
     * The polygonal part of {@code a} minus {@code b}: overlay in its default (non-strict) mode
     * keeps the lines and points where boundaries collapse, and such a mixed collection is no
     * input to a further overlay.
     */
    static Geometry difference(Geometry a, Geometry b) {
        return polygonal(OverlayNGRobust.overlay(a, b, OverlayNG.DIFFERENCE));
    }

    /** The polygonal part of the intersection, for the reason given at {@link #difference}. */
    static Geometry intersection(Geometry a, Geometry b) {
        return polygonal(OverlayNGRobust.overlay(a, b, OverlayNG.INTERSECTION));
    }

    /**
     * Overlay whose noder snaps vertices and crossing points lying within {@code snapTolerance}
     * metres of each other. A piece cut out by an earlier overlay carries computed crossing
     * points a few 1e-10 m off the boundary it came from; plain floating overlay of that piece
     * against the boundary leaves zero-width slivers and spikes, snapping merges them. Falls back
     * to {@link OverlayNGRobust} if snapping fails.
     */
    static Geometry snapOverlay(Geometry a, Geometry b, int opCode, double snapTolerance) {
        try {
            return polygonal(OverlayNG.overlay(a, b, opCode, new SnappingNoder(snapTolerance)));
        } catch (RuntimeException e) {
            return polygonal(OverlayNGRobust.overlay(a, b, opCode));
        }
    }

    /** The polygons of {@code g} of at least {@code minArea} m²; lines and points of a collapsed overlay are dropped. */
    static List<Polygon> pieces(Geometry g, double minArea) {
        List<Polygon> pieces = new ArrayList<>();
        for (Polygon p : of(g)) {
            if (p.getArea() >= minArea) {
                pieces.add(p);
            }
        }
        return pieces;
    }

    /** The polygonal part of {@code g} as one geometry (a multipolygon or polygon). */
    static Geometry polygonal(Geometry g) {
        List<Polygon> polygons = of(g);
        return polygons.size() == 1 ? polygons.get(0) : FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    /**
     * True when the polygon is narrower than {@code limit} everywhere: its largest inscribed
     * circle has a diameter below the limit, which is exactly when shrinking it by half the limit
     * leaves nothing. That negative buffer runs only for polygons whose mean width 2A/P is below
     * twice the limit: for a convex polygon the inscribed diameter is at least 2A/P, and the
     * factor 2 covers the census shapes' reflex corners; a wider mean with a narrow neck is not a
     * sliver but a unit with a narrow part, which this does not look for.
     */
    static boolean narrowerThan(Polygon p, double limit) {
        if (p.getLength() == 0) {
            return true;
        }
        if (meanWidth(p) >= 2 * limit) {
            return false;
        }
        return p.buffer(-limit / 2).getArea() == 0;
    }

    /**
     * Mean width 2A/P in metres: the width of a strip, and a fair figure for any thin piece. The
     * largest inscribed circle would be the exact maximum width, but on a strip 1 cm wide and
     * 500 m long it costs a second.
     */
    static double meanWidth(Polygon p) {
        double perimeter = p.getLength();
        return perimeter == 0 ? 0 : 2 * p.getArea() / perimeter;
    }

    /**
     * Length in metres of the boundary of {@code piece} lying on the boundary of {@code unit}
     * (within {@code tolerance}): a segment counts when both its ends and its midpoint do.
     */
    static double sharedLength(Geometry piece, Geometry unit, double tolerance) {
        IndexedFacetDistance boundary = new IndexedFacetDistance(unit.getBoundary());
        double length = 0;
        for (Polygon p : of(piece)) {
            length += sharedLength(p.getExteriorRing(), boundary, tolerance);
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                length += sharedLength(p.getInteriorRingN(i), boundary, tolerance);
            }
        }
        return length;
    }

    private static double sharedLength(LineString ring, IndexedFacetDistance boundary, double tolerance) {
        Coordinate[] cs = ring.getCoordinates();
        double length = 0;
        for (int i = 1; i < cs.length; i++) {
            Coordinate a = cs[i - 1];
            Coordinate b = cs[i];
            Coordinate mid = new Coordinate((a.x + b.x) / 2, (a.y + b.y) / 2);
            if (near(boundary, a, tolerance) && near(boundary, b, tolerance) && near(boundary, mid, tolerance)) {
                length += a.distance(b);
            }
        }
        return length;
    }

    private static boolean near(IndexedFacetDistance boundary, Coordinate c, double tolerance) {
        return boundary.isWithinDistance(FACTORY.createPoint(c), tolerance);
    }

}
