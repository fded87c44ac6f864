package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateArrays;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineSegment;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * An area's own edge, onto which the faces noded on the 1 mm grid are put back. Snap rounding
 * moves the area's vertices and the points where lines cross its edge by up to half a grid cell's
 * diagonal and bends the edge through them, so the faces would miss the area by a hairline. Each
 * vertex on the outer boundary of the faces (on a segment that only one face holds) goes back to
 * the area vertex it came from, or, where a line crossed the edge, onto the nearest point of the
 * area's own segment. The new position depends on the coordinate alone, so two faces sharing a
 * vertex still share it afterwards and the faces keep tiling the area, now exactly along its edge.
 */
final class AreaEdge {

    /** Snap rounding moves a point by at most half the diagonal of a 1 mm cell; a little more for safety. */
    private static final double ROUNDING_REACH = 0.0008;

    private final STRtree segments = new STRtree();

    /** @param area the area as delivered, not rounded */
    AreaEdge(Geometry area) {
        List<LineString> rings = new ArrayList<>();
        LinearComponentExtracter.getLines(area.getBoundary(), rings);
        for (LineString ring : rings) {
            Coordinate[] cs = ring.getCoordinates();
            for (int k = 1; k < cs.length; k++) {
                LineSegment s = new LineSegment(cs[k - 1], cs[k]);
                segments.insert(new Envelope(s.p0, s.p1), s);
            }
        }
    }

    /**
     * The faces with their outer boundary put back onto the area's edge, in the same order; a face
     * that collapses to nothing in doing so (narrower than the rounding) is null.
     *
     * @param faces faces of one noding that tile the rounded area, sharing edges vertex for vertex
     */
    List<Polygon> restore(List<Polygon> faces) {
        Map<Coordinate, Coordinate> moved = new HashMap<>();
        for (Coordinate c : outerVertices(faces)) {
            moved.put(c, onAreaEdge(c));
        }
        List<Polygon> result = new ArrayList<>(faces.size());
        for (Polygon face : faces) {
            result.add(restore(face, moved));
        }
        return result;
    }

    /** Endpoints of segments held by one face only: the outer boundary of the faces. */
    private static Set<Coordinate> outerVertices(List<Polygon> faces) {
        Map<LineSegment, Integer> holders = new HashMap<>();
        for (Polygon face : faces) {
            forEachRing(face, ring -> {
                Coordinate[] cs = ring.getCoordinates();
                for (int k = 1; k < cs.length; k++) {
                    LineSegment s = new LineSegment(cs[k - 1], cs[k]);
                    s.normalize();
                    holders.merge(s, 1, Integer::sum);
                }
            });
        }
        Set<Coordinate> outer = new HashSet<>();
        holders.forEach((s, n) -> {
            if (n == 1) {
                outer.add(s.p0);
                outer.add(s.p1);
            }
        });
        return outer;
    }

    private static void forEachRing(Polygon face, Consumer<LinearRing> action) {
        action.accept(face.getExteriorRing());
        for (int h = 0; h < face.getNumInteriorRing(); h++) {
            action.accept(face.getInteriorRingN(h));
        }
    }

    private static Polygon restore(Polygon face, Map<Coordinate, Coordinate> moved) {
        LinearRing shell = restore(face.getExteriorRing(), moved);
        if (shell == null) {
            return null;
        }
        List<LinearRing> holes = new ArrayList<>();
        for (int h = 0; h < face.getNumInteriorRing(); h++) {
            LinearRing hole = restore(face.getInteriorRingN(h), moved);
            if (hole != null) {
                holes.add(hole);
            }
        }
        return face.getFactory().createPolygon(shell, holes.toArray(LinearRing[]::new));
    }

    private static LinearRing restore(LinearRing ring, Map<Coordinate, Coordinate> moved) {
        Coordinate[] cs = ring.getCoordinates();
        Coordinate[] restored = new Coordinate[cs.length];
        for (int k = 0; k < cs.length; k++) {
            restored[k] = moved.getOrDefault(cs[k], cs[k]).copy();
        }
        Coordinate[] distinct = CoordinateArrays.removeRepeatedPoints(restored);
        return distinct.length < 4 ? null : ring.getFactory().createLinearRing(distinct);
    }

    /** The area vertex within rounding reach of {@code c}, else the nearest point of the area's edge. */
    private Coordinate onAreaEdge(Coordinate c) {
        Envelope reach = new Envelope(c);
        reach.expandBy(ROUNDING_REACH);
        Coordinate vertex = null;
        double vertexDistance = ROUNDING_REACH;
        LineSegment nearest = null;
        double segmentDistance = Double.MAX_VALUE;
        for (Object o : segments.query(reach)) {
            LineSegment s = (LineSegment) o;
            for (Coordinate end : new Coordinate[] { s.p0, s.p1 }) {
                double d = end.distance(c);
                if (d <= vertexDistance) {
                    vertexDistance = d;
                    vertex = end;
                }
            }
            double d = s.distance(c);
            if (d < segmentDistance) {
                segmentDistance = d;
                nearest = s;
            }
        }
        if (vertex != null) {
            return vertex;
        }
        // beyond the reach of rounding, the vertex was not moved by it: it stays
        return nearest == null || segmentDistance > ROUNDING_REACH ? c : nearest.closestPoint(c);
    }
}
