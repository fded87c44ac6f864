package cn.jining.census.geo;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Lineal;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Finds, among keyed polygons, the one that holds most of a geometry: the largest area of
 * overlap for polygons, the longest length for lines, any containing polygon for points. Ties
 * go to the smallest key, so the answer does not depend on input order. A geometry that only
 * touches the polygons (no overlap of positive measure) belongs to none.
 *
 * <p>Built once, then thread-safe for lookups (prepared geometries build their indexes under
 * lock). Both sides must be in the same coordinate system.
 */
public final class LargestOverlap {

    private record Entry(String key, Geometry geometry, PreparedGeometry prepared) {
    }

    private final STRtree tree = new STRtree();
    private final int size;

    /** @param polygonsByKey valid polygonal geometries by key */
    public LargestOverlap(Map<String, Geometry> polygonsByKey) {
        new TreeMap<>(polygonsByKey).forEach((key, polygon) ->
                tree.insert(polygon.getEnvelopeInternal(), new Entry(key, polygon, PreparedGeometryFactory.prepare(polygon))));
        tree.build();
        size = polygonsByKey.size();
    }

    /** True when there are no polygons to look in. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The smallest key whose polygon covers {@code geometry} wholly; empty when none does. */
    public Optional<String> keyCovering(Geometry geometry) {
        @SuppressWarnings("unchecked")
        List<Entry> candidates = tree.query(geometry.getEnvelopeInternal());
        String found = null;
        for (Entry e : candidates) {
            if ((found == null || e.key.compareTo(found) < 0) && e.prepared.covers(geometry)) {
                found = e.key;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The key of the polygon holding most of {@code geometry}; empty when none overlaps it. */
    public Optional<String> keyOf(Geometry geometry) {
        @SuppressWarnings("unchecked")
        List<Entry> candidates = tree.query(geometry.getEnvelopeInternal());
        if (candidates.size() > 1) {
            // in key order, so that the first polygon covering the geometry is the smallest key among equals
            candidates.sort(Comparator.comparing(Entry::key));
        }
        Entry best = null;
        double bestMeasure = 0;
        for (Entry e : candidates) {
            // most features lie wholly inside one polygon: one covers test answers then
            if (e.prepared.covers(geometry)) {
                return Optional.of(e.key);
            }
            if (!e.prepared.intersects(geometry)) {
                continue;
            }
            double measure = overlap(e.geometry, geometry);
            if (measure > bestMeasure || (measure == bestMeasure && measure > 0 && e.key.compareTo(best.key) < 0)) {
                best = e;
                bestMeasure = measure;
            }
        }
        return Optional.ofNullable(best).map(Entry::key);
    }

    private static double overlap(Geometry polygon, Geometry geometry) {
        if (!(geometry instanceof Polygonal) && !(geometry instanceof Lineal)) {
            return 1;
        }
        Geometry common = OverlayNGRobust.overlay(polygon, geometry, OverlayNG.INTERSECTION);
        return geometry instanceof Polygonal ? common.getArea() : common.getLength();
    }
}
