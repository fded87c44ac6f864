package cn.jining.census.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.algorithm.Distance;
import org.locationtech.jts.operation.overlayng.OverlayNG;

/**
 * Applies a {@link Fix} to unit geometries, keeping every level a coverage.
 *
 * <ul>
 * <li>{@code UNION} of a piece into a unit also gives the piece to the unit's children: the part
 * no child covers yet goes to the child sharing the longest edge with it, and so on down, so a
 * gap closed between streets does not open one between their areas. A fix that names the child
 * itself (a building part moved between subareas of different areas) is followed instead.</li>
 * <li>{@code DIFFERENCE} removes the piece from the unit and all its descendants.</li>
 * <li>Afterwards the units around the edited pieces are noded against each other: every vertex
 * there is inserted into (or snaps a vertex of) each unit whose boundary passes within the
 * vertex tolerance. Overlay computes nodes where boundaries cross that the neighbour on the other
 * side does not have, and a unit that grows along a neighbour's edge brings vertices that
 * neighbour lacks; noding keeps all levels edge-matched.</li>
 * </ul>
 *
 * <p>Pure: works on a map of geometries and returns the changed ones; the caller loads and stores.
 */
public final class FixApplier {

    /**
     * Snap distance of the overlays applying an edit, in metres: far above the 1e-10 m by which
     * computed crossing points miss the boundary they lie on, far below any real feature.
     */
    private static final double SNAP_M = 1e-6;

    private final CheckSettings settings;

    public FixApplier(CheckSettings settings) {
        this.settings = settings;
    }

    /**
     * Applies {@code fix}.
     *
     * @param units the current geometry (EPSG:4548) of every tiling unit the fix may touch, keyed
     *              by code, at any level: its targets, their descendants and every unit near its
     *              pieces. Units missing from the map are left alone.
     * @return the changed units with their new geometries, in the order they first changed;
     *         empty when the fix changes nothing (it was applied already)
     */
    public Map<String, Geometry> apply(Fix fix, Map<String, Geometry> units) {
        Map<String, Geometry> working = new TreeMap<>(units);
        Set<String> changed = new LinkedHashSet<>();
        Set<String> named = new HashSet<>();
        for (Fix.Edit e : fix.edits()) {
            if (e.op() == Fix.Op.UNION) {
                named.add(e.code());
            }
        }
        for (Fix.Edit e : fix.edits()) {
            Geometry current = working.get(e.code());
            if (current == null) {
                continue;
            }
            switch (e.op()) {
                case UNION -> unionInto(e.code(), e.geometry(), working, changed, named);
                case DIFFERENCE -> cutFrom(e.code(), e.geometry(), working, changed);
                case INSERT_VERTICES -> {
                    Geometry moved = insertVertices(current, List.of(e.geometry().getCoordinates()));
                    replace(e.code(), moved, working, changed);
                }
                case MAKE_VALID -> replace(e.code(), Polygons.polygonal(GeometryFixer.fix(current)), working, changed);
            }
        }
        nodeAround(fix, working, changed);
        Map<String, Geometry> result = new LinkedHashMap<>();
        for (String code : changed) {
            if (!working.get(code).equalsExact(units.get(code))) {
                result.put(code, working.get(code));
            }
        }
        return result;
    }

    /** Mutually nodes every unit near the fix's pieces, at every level. */
    private void nodeAround(Fix fix, Map<String, Geometry> working, Set<String> changed) {
        Envelope region = new Envelope();
        for (Fix.Edit e : fix.edits()) {
            if (e.geometry() != null && e.op() != Fix.Op.MAKE_VALID) {
                region.expandToInclude(e.geometry().getEnvelopeInternal());
            }
        }
        if (region.isNull()) {
            return;
        }
        region.expandBy(settings.vertexToleranceM());
        Set<Coordinate> vertices = new LinkedHashSet<>();
        List<String> near = new ArrayList<>();
        for (Map.Entry<String, Geometry> e : working.entrySet()) {
            if (!e.getValue().getEnvelopeInternal().intersects(region)) {
                continue;
            }
            near.add(e.getKey());
            for (Coordinate c : e.getValue().getCoordinates()) {
                if (region.contains(c)) {
                    vertices.add(c);
                }
            }
        }
        List<Coordinate> points = new ArrayList<>(vertices);
        for (String code : near) {
            replace(code, insertVertices(working.get(code), points), working, changed);
        }
    }

    private void replace(String code, Geometry g, Map<String, Geometry> working, Set<String> changed) {
        if (!g.equalsExact(working.get(code))) {
            working.put(code, g);
            changed.add(code);
        }
    }

    private void unionInto(String code, Geometry piece, Map<String, Geometry> working, Set<String> changed,
            Set<String> named) {
        Geometry current = working.get(code);
        if (current == null) {
            return;
        }
        replace(code, Polygons.snapOverlay(current, piece, OverlayNG.UNION, SNAP_M), working, changed);
        List<String> children = childrenOf(code, working);
        if (children.isEmpty() || children.stream().anyMatch(named::contains)) {
            return;
        }
        List<Geometry> covering = new ArrayList<>();
        for (String child : children) {
            Geometry g = working.get(child);
            if (g.getEnvelopeInternal().intersects(piece.getEnvelopeInternal())) {
                covering.add(g);
            }
        }
        Geometry remainder = covering.isEmpty() ? piece : Polygons.difference(piece, Polygons.union(covering));
        for (Polygon rest : Polygons.pieces(remainder, settings.noiseAreaM2())) {
            String best = null;
            double bestLength = -1;
            double bestDistance = Double.MAX_VALUE;
            for (String child : children) {
                Geometry g = working.get(child);
                double distance = g.distance(rest);
                double length = distance <= settings.vertexToleranceM()
                        ? Polygons.sharedLength(rest, g, settings.vertexToleranceM()) : 0;
                // longest shared edge first; a piece touching no child goes to the nearest one
                if (length > bestLength || (length == bestLength && distance < bestDistance)) {
                    best = child;
                    bestLength = length;
                    bestDistance = distance;
                }
            }
            unionInto(best, rest, working, changed, named);
        }
    }

    private void cutFrom(String code, Geometry piece, Map<String, Geometry> working, Set<String> changed) {
        Envelope env = piece.getEnvelopeInternal();
        for (String c : new ArrayList<>(working.keySet())) {
            if (!c.startsWith(code)) {
                continue;
            }
            Geometry g = working.get(c);
            if (g.getEnvelopeInternal().intersects(env) && g.intersects(piece)) {
                replace(c, Polygons.snapOverlay(g, piece, OverlayNG.DIFFERENCE, SNAP_M), working, changed);
            }
        }
    }

    /** Codes of the next level below {@code code} that the map holds. */
    private static List<String> childrenOf(String code, Map<String, Geometry> working) {
        int length = code.length() == 6 ? 9 : code.length() + 3;
        List<String> children = new ArrayList<>();
        for (String c : working.keySet()) {
            if (c.length() == length && c.startsWith(code)) {
                children.add(c);
            }
        }
        return children;
    }

    /**
     * Inserts each point lying within the vertex tolerance of a ring of {@code g} into that ring:
     * an existing vertex that close is moved onto the point (so both sides end up with the very
     * same coordinate), otherwise the point splits the nearest segment.
     */
    Geometry insertVertices(Geometry g, List<Coordinate> points) {
        double tol = settings.vertexToleranceM();
        Envelope reach = new Envelope(g.getEnvelopeInternal());
        reach.expandBy(tol);
        List<Coordinate> relevant = points.stream().filter(reach::contains).toList();
        if (relevant.isEmpty()) {
            return g;
        }
        List<Polygon> polygons = new ArrayList<>();
        boolean any = false;
        for (Polygon p : Polygons.of(g)) {
            LinearRing shell = ring(p.getExteriorRing(), relevant, tol);
            LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
            boolean touched = shell != p.getExteriorRing();
            for (int i = 0; i < holes.length; i++) {
                holes[i] = ring(p.getInteriorRingN(i), relevant, tol);
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

    private static LinearRing ring(LinearRing ring, List<Coordinate> points, double tol) {
        Envelope env = new Envelope(ring.getEnvelopeInternal());
        env.expandBy(tol);
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
            if (vertexDistance <= tol) {
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
            if (segmentDistance <= tol) {
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
