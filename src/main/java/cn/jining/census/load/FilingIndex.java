package cn.jining.census.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.index.strtree.STRtree;

import cn.jining.census.geo.LargestOverlap;

/**
 * The streets or census areas that features are filed under, answering exactly as
 * {@link LargestOverlap} does, but without its prepared-geometry predicates and overlays for the
 * common case: a feature whose extent no boundary segment of any nearby polygon comes near.
 *
 * <p>Why that case is cheap and still exact: when no boundary segment's extent meets the
 * feature's extent, the boundary does not cross that rectangle, so the rectangle — and the
 * feature in it — lies wholly inside or wholly outside each polygon, and one vertex tells which.
 * Inside means the polygon covers the feature; outside means they do not overlap at all. A
 * feature near any candidate's boundary is handed to {@link LargestOverlap} unchanged. On a
 * delivery's buildings, most of which stand well inside one census area, this skips nearly
 * every overlay.
 *
 * <p>Built once, then thread-safe for lookups.
 */
final class FilingIndex {

    /** A polygon with a locator for its interior and an index of its boundary segments' extents. */
    private record Entry(String key, IndexedPointInAreaLocator interior, STRtree boundary) {
    }

    private enum Side { INSIDE, OUTSIDE, NEAR_BOUNDARY }

    private final LargestOverlap exact;
    private final STRtree polygons = new STRtree();

    /** @param polygonsByKey valid polygonal geometries by key, as for {@link LargestOverlap} */
    FilingIndex(Map<String, Geometry> polygonsByKey) {
        exact = new LargestOverlap(polygonsByKey);
        new TreeMap<>(polygonsByKey).forEach((key, polygon) -> {
            IndexedPointInAreaLocator interior = new IndexedPointInAreaLocator(polygon);
            // builds the locator's own index now, on one thread, rather than on first use
            interior.locate(new Coordinate(0, 0));
            polygons.insert(polygon.getEnvelopeInternal(), new Entry(key, interior, boundarySegments(polygon)));
        });
        polygons.build();
    }

    /** As {@link LargestOverlap#keyCovering}: the smallest key whose polygon covers {@code geometry}. */
    Optional<String> keyCovering(Geometry geometry) {
        Envelope extent = geometry.getEnvelopeInternal();
        List<Entry> candidates = candidates(extent);
        String found = null;
        for (Entry e : candidates) {
            Side side = side(e, extent, geometry);
            if (side == Side.NEAR_BOUNDARY) {
                return exact.keyCovering(geometry);
            }
            if (side == Side.INSIDE && (found == null || e.key().compareTo(found) < 0)) {
                found = e.key();
            }
        }
        return Optional.ofNullable(found);
    }

    /** As {@link LargestOverlap#keyOf}: the key of the polygon holding most of {@code geometry}. */
    Optional<String> keyOf(Geometry geometry) {
        Envelope extent = geometry.getEnvelopeInternal();
        String covering = null;
        for (Entry e : candidates(extent)) {
            Side side = side(e, extent, geometry);
            if (side == Side.NEAR_BOUNDARY) {
                return exact.keyOf(geometry);
            }
            if (side == Side.INSIDE && (covering == null || e.key().compareTo(covering) < 0)) {
                covering = e.key();
            }
        }
        // far from every boundary: covered by some polygons (the smallest key wins, as in
        // LargestOverlap) or overlapping none
        return Optional.ofNullable(covering);
    }

    @SuppressWarnings("unchecked")
    private List<Entry> candidates(Envelope extent) {
        return polygons.query(extent);
    }

    private static Side side(Entry e, Envelope extent, Geometry geometry) {
        boolean[] near = {false};
        e.boundary().query(extent, item -> near[0] = true);
        if (near[0]) {
            return Side.NEAR_BOUNDARY;
        }
        return e.interior().locate(geometry.getCoordinate()) == Location.INTERIOR ? Side.INSIDE : Side.OUTSIDE;
    }

    /** The extents of every segment of the polygon's rings, shells and holes alike. */
    private static STRtree boundarySegments(Geometry polygonal) {
        STRtree tree = new STRtree();
        List<LinearRing> rings = new ArrayList<>();
        for (int i = 0; i < polygonal.getNumGeometries(); i++) {
            Polygon p = (Polygon) polygonal.getGeometryN(i);
            rings.add(p.getExteriorRing());
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                rings.add(p.getInteriorRingN(h));
            }
        }
        for (LinearRing ring : rings) {
            CoordinateSequence seq = ring.getCoordinateSequence();
            for (int i = 1; i < seq.size(); i++) {
                Envelope segment = new Envelope(seq.getX(i - 1), seq.getX(i), seq.getY(i - 1), seq.getY(i));
                tree.insert(segment, segment);
            }
        }
        tree.build();
        return tree;
    }
}
