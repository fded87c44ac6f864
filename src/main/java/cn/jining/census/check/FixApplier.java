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
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
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
 * <li>{@code SNAP_CHILDREN} moves the target's children onto its boundary and onto each other by
 * at most the vertex tolerance ({@link VertexSnapper}), then the children of every child that
 * moved onto it; the target stays where it is.</li>
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
    private final VertexSnapper snapper;

    public FixApplier(CheckSettings settings) {
        this.settings = settings;
        this.snapper = new VertexSnapper(settings.vertexToleranceM());
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
            if (current == null && e.op() != Fix.Op.SNAP_CHILDREN) {
                // a district without outline still has children to snap
                continue;
            }
            switch (e.op()) {
                case UNION -> unionInto(e.code(), e.geometry(), working, changed, named);
                case DIFFERENCE -> cutFrom(e.code(), e.geometry(), working, changed);
                case SNAP_CHILDREN -> snapChildren(e.code(), working, changed);
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
            // a snap is its own noding, and moves nothing outside its parent
            if (e.geometry() != null && e.op() != Fix.Op.MAKE_VALID && e.op() != Fix.Op.SNAP_CHILDREN) {
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
            replace(code, snapper.insertVertices(working.get(code), points), working, changed);
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
            unionInto(receiver(rest, children, working), rest, working, changed, named);
        }
    }

    /** The unit sharing the longest edge with {@code piece}; for a piece touching none, the nearest. */
    private String receiver(Polygon piece, List<String> candidates, Map<String, Geometry> working) {
        String best = null;
        double bestLength = -1;
        double bestDistance = Double.MAX_VALUE;
        for (String code : candidates) {
            Geometry g = working.get(code);
            double distance = g.distance(piece);
            double length = distance <= settings.vertexToleranceM()
                    ? Polygons.sharedLength(piece, g, settings.vertexToleranceM()) : 0;
            if (length > bestLength || (length == bestLength && distance < bestDistance)) {
                best = code;
                bestLength = length;
                bestDistance = distance;
            }
        }
        return best;
    }

    /**
     * Snaps the children of {@code code} onto it and each other, then removes the hairline pieces
     * snapping cannot reach (a child doubling back along the parent's edge between vertices it
     * already has): parts outside the parent are cut, overlaps cut from the later code, gaps given
     * to the child sharing the longest edge. Then the same for the children of each child that
     * changed.
     */
    private void snapChildren(String code, Map<String, Geometry> working, Set<String> changed) {
        List<String> codes = childrenOf(code, working);
        if (codes.isEmpty()) {
            return;
        }
        Map<String, Geometry> before = new LinkedHashMap<>();
        codes.forEach(c -> before.put(c, working.get(c)));
        snapper.snapChildren(working.get(code), before).forEach((c, g) -> replace(c, g, working, changed));
        Geometry parent = working.get(code);
        if (parent != null) {
            for (String child : codes) {
                for (Polygon piece : hairlines(Polygons.difference(working.get(child), parent))) {
                    cutFrom(child, piece, working, changed);
                }
            }
        }
        for (int i = 0; i < codes.size(); i++) {
            for (int j = i + 1; j < codes.size(); j++) {
                Geometry a = working.get(codes.get(i));
                Geometry b = working.get(codes.get(j));
                if (a.getEnvelopeInternal().intersects(b.getEnvelopeInternal()) && a.intersects(b)) {
                    for (Polygon piece : hairlines(Polygons.intersection(a, b))) {
                        cutFrom(codes.get(j), piece, working, changed);
                    }
                }
            }
        }
        if (parent != null) {
            Geometry covered = Polygons.union(codes.stream().map(working::get).toList());
            for (Polygon piece : hairlines(Polygons.difference(parent, covered))) {
                unionInto(receiver(piece, codes, working), piece, working, changed, Set.of());
            }
        }
        for (String child : codes) {
            if (!working.get(child).equalsExact(before.get(child))) {
                snapChildren(child, working, changed);
            }
        }
    }

    /** The pieces of {@code g} above the noise that are narrower than the vertex tolerance. */
    private List<Polygon> hairlines(Geometry g) {
        return Polygons.pieces(g, settings.noiseAreaM2()).stream()
                .filter(p -> Polygons.narrowerThan(p, settings.vertexToleranceM())).toList();
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
}
