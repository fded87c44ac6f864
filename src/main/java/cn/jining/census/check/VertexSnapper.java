package cn.jining.census.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.locationtech.jts.algorithm.Distance;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.index.kdtree.KdNode;
import org.locationtech.jts.index.kdtree.KdTree;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;
import org.locationtech.jts.operation.valid.IsValidOp;

/**
 * Moves vertices by at most the vertex tolerance so that boundaries meant to be shared become
 * shared vertex for vertex: points inserted into the rings they lie on, and the children of one
 * parent snapped onto the parent's boundary and onto each other.
 *
 * <p>Every vertex is moved by a function of its coordinate alone, so two children holding the
 * same vertex move it to the same place and stay edge-matched.
 */
final class VertexSnapper {

    private final double tolerance;
    /**
     * Two vertices closer than this become one: half the tolerance, since deliveries drawn on a
     * grid as fine as the tolerance (1 mm) hold distinct vertices exactly one tolerance apart,
     * while the offsets to repair (a node rounded to that grid) stay under 0.71 of it.
     */
    private final double mergeDistance;

    VertexSnapper(double tolerance) {
        this.tolerance = tolerance;
        this.mergeDistance = tolerance / 2;
    }

    /**
     * The children snapped onto the parent and onto each other: each vertex closer than the
     * merge distance to a parent's vertex moves onto it, else onto the parent's boundary if within
     * the tolerance of it, else onto the first (in coordinate order) of the children's vertices
     * closer than the merge distance; then the parent's vertices and all vertices of the children
     * are inserted into the child segments they lie within the tolerance of. The parent does not move: it is the
     * authority, and edge-matched with its own neighbours.
     *
     * @param parent   the parent's geometry, or null for a top level without an outline
     * @param children geometries by code
     * @return the children that changed, with their new geometries
     */
    Map<String, Geometry> snapChildren(Geometry parent, Map<String, Geometry> children) {
        Map<Coordinate, Coordinate> moves = moves(parent, children.values());
        Map<String, Geometry> moved = new LinkedHashMap<>();
        TreeSet<Coordinate> points = new TreeSet<>();
        children.forEach((code, g) -> {
            Geometry m = moved(g, moves);
            moved.put(code, m);
            points.addAll(List.of(m.getCoordinates()));
        });
        if (parent != null) {
            points.addAll(List.of(parent.getCoordinates()));
        }
        List<Coordinate> all = List.copyOf(points);
        Map<String, Geometry> changed = new LinkedHashMap<>();
        for (Map.Entry<String, Geometry> e : children.entrySet()) {
            Geometry snapped = insertVertices(moved.get(e.getKey()), all);
            if (!IsValidOp.isValid(snapped)) {
                snapped = Polygons.polygonal(GeometryFixer.fix(snapped));
            }
            if (!snapped.equalsExact(e.getValue())) {
                changed.put(e.getKey(), snapped);
            }
        }
        return changed;
    }

    /** Where each vertex of the children goes (vertices that stay are left out). */
    private Map<Coordinate, Coordinate> moves(Geometry parent, Iterable<Geometry> children) {
        TreeSet<Coordinate> vertices = new TreeSet<>();
        children.forEach(g -> vertices.addAll(List.of(g.getCoordinates())));
        KdTree parentVertices = new KdTree();
        IndexedFacetDistance parentBoundary = null;
        if (parent != null && !parent.isEmpty()) {
            for (Coordinate c : parent.getCoordinates()) {
                parentVertices.insert(c);
            }
            parentBoundary = new IndexedFacetDistance(parent.getBoundary());
        }
        KdTree inner = new KdTree(mergeDistance);
        Map<Coordinate, Coordinate> moves = new HashMap<>();
        for (Coordinate v : vertices) {
            Coordinate to = nearestWithin(parentVertices, v);
            if (to == null && parentBoundary != null) {
                Geometry point = Polygons.FACTORY.createPoint(v);
                if (parentBoundary.isWithinDistance(point, tolerance)) {
                    to = parentBoundary.nearestPoints(point)[0];
                }
            }
            if (to == null) {
                // vertices are visited in coordinate order: the first of a cluster is its anchor
                to = inner.insert(v).getCoordinate();
            }
            if (!to.equals2D(v)) {
                moves.put(v, new Coordinate(to.x, to.y));
            }
        }
        return moves;
    }

    private Coordinate nearestWithin(KdTree tree, Coordinate v) {
        Envelope around = new Envelope(v);
        around.expandBy(mergeDistance);
        Coordinate best = null;
        double bestDistance = Double.MAX_VALUE;
        for (Object o : tree.query(around)) {
            Coordinate c = ((KdNode) o).getCoordinate();
            double d = c.distance(v);
            if (d < mergeDistance && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** {@code g} with its vertices moved; rings that collapse are dropped. */
    private Geometry moved(Geometry g, Map<Coordinate, Coordinate> moves) {
        List<Polygon> polygons = new ArrayList<>();
        for (Polygon p : Polygons.of(g)) {
            LinearRing shell = moved(p.getExteriorRing(), moves);
            if (shell == null) {
                continue;
            }
            List<LinearRing> holes = new ArrayList<>();
            for (int i = 0; i < p.getNumInteriorRing(); i++) {
                LinearRing hole = moved(p.getInteriorRingN(i), moves);
                if (hole != null) {
                    holes.add(hole);
                }
            }
            polygons.add(Polygons.FACTORY.createPolygon(shell, holes.toArray(LinearRing[]::new)));
        }
        return polygons.size() == 1 && g instanceof Polygon ? polygons.get(0)
                : Polygons.FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    private static LinearRing moved(LinearRing ring, Map<Coordinate, Coordinate> moves) {
        List<Coordinate> cs = new ArrayList<>();
        for (Coordinate c : ring.getCoordinates()) {
            Coordinate to = moves.getOrDefault(c, c);
            if (cs.isEmpty() || !cs.get(cs.size() - 1).equals2D(to)) {
                cs.add(new Coordinate(to.x, to.y));
            }
        }
        return cs.size() < 4 ? null : Polygons.FACTORY.createLinearRing(cs.toArray(Coordinate[]::new));
    }

    /**
     * Inserts each point lying within the vertex tolerance of a ring of {@code g} into that ring:
     * an existing vertex closer than the merge distance is moved onto the point (so both sides
     * end up with the very same coordinate), otherwise the point splits the nearest segment.
     */
    Geometry insertVertices(Geometry g, List<Coordinate> points) {
        Envelope reach = new Envelope(g.getEnvelopeInternal());
        reach.expandBy(tolerance);
        List<Coordinate> relevant = points.stream().filter(reach::contains).toList();
        if (relevant.isEmpty()) {
            return g;
        }
        List<Polygon> polygons = new ArrayList<>();
        boolean any = false;
        for (Polygon p : Polygons.of(g)) {
            LinearRing shell = ring(p.getExteriorRing(), relevant);
            LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
            boolean touched = shell != p.getExteriorRing();
            for (int i = 0; i < holes.length; i++) {
                holes[i] = ring(p.getInteriorRingN(i), relevant);
                touched |= holes[i] != p.getInteriorRingN(i);
            }
            polygons.add(touched ? Polygons.FACTORY.createPolygon(shell, holes) : p);
            any |= touched;
        }
        if (!any) {
            return g;
        }
        return polygons.size() == 1 && g instanceof Polygon ? polygons.get(0)
                : Polygons.FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    private LinearRing ring(LinearRing ring, List<Coordinate> points) {
        Envelope env = new Envelope(ring.getEnvelopeInternal());
        env.expandBy(tolerance);
        List<Coordinate> cs = null;
        for (Coordinate p : points) {
            if (!env.contains(p)) {
                continue;
            }
            if (cs == null) {
                cs = new ArrayList<>(List.of(ring.getCoordinates()));
                cs.remove(cs.size() - 1);
            }
            int nearestVertex = -1;
            double vertexDistance = Double.MAX_VALUE;
            for (int i = 0; i < cs.size(); i++) {
                double d = cs.get(i).distance(p);
                if (d < vertexDistance) {
                    vertexDistance = d;
                    nearestVertex = i;
                }
            }
            if (vertexDistance == 0) {
                continue;
            }
            if (vertexDistance < mergeDistance) {
                cs.set(nearestVertex, new Coordinate(p.x, p.y));
                continue;
            }
            int nearestSegment = -1;
            double segmentDistance = Double.MAX_VALUE;
            for (int i = 0; i < cs.size(); i++) {
                double d = Distance.pointToSegment(p, cs.get(i), cs.get((i + 1) % cs.size()));
                if (d < segmentDistance) {
                    segmentDistance = d;
                    nearestSegment = i;
                }
            }
            if (segmentDistance <= tolerance) {
                cs.add(nearestSegment + 1, new Coordinate(p.x, p.y));
            }
        }
        if (cs == null) {
            return ring;
        }
        cs.add(new Coordinate(cs.get(0)));
        LinearRing result = Polygons.FACTORY.createLinearRing(cs.toArray(Coordinate[]::new));
        return result.getCoordinateSequence().size() == ring.getCoordinateSequence().size()
                && result.equalsExact(ring) ? ring : result;
    }
}
