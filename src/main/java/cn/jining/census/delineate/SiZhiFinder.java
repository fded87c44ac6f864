package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.algorithm.Distance;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Finds 四至: for each side of a subarea, the feature its boundary runs along for the greatest
 * length facing that side.
 *
 * <p>The outer boundary is cut into stretches of at most {@value #STRETCH} m. A stretch runs along
 * a road, railway or water when the feature lies within {@value #ALONG} m of its middle and both
 * ends (a named feature wins over an unnamed one); otherwise the land just outside names it: the
 * neighbouring census area, the neighbouring subarea of the same area, or the district boundary
 * (区界). A stretch counts for a side by its length times the square of how squarely it faces it,
 * so every side gets a name, even on a triangle. A second name is added (joined with 、) when it
 * runs at least half as long as the first.
 */
public final class SiZhiFinder {

    static final double STRETCH = 10;
    static final double ALONG = 15;

    /** A subarea of the area being described, with its code. */
    public record Neighbourhood(String code, Geometry geometry) {
    }

    private record Named(String label, boolean named, Geometry geometry, PreparedGeometry prepared) {
    }

    /** One segment of a barrier's linework; distances are measured to segments, not whole features. */
    private record Piece(int feature, Coordinate a, Coordinate b) {
    }

    private final List<Named> features = new ArrayList<>();
    private final STRtree segments = new STRtree();
    private final STRtree waters = new STRtree();
    private final List<Named> areas = new ArrayList<>();
    private final STRtree subareas = new STRtree();
    private final PreparedGeometry ownArea;
    private final GeometryFactory factory;

    /**
     * @param area       the area the subareas tile
     * @param barriers   roads, railways and water near the area
     * @param neighbours census areas next to it
     * @param tiles      the area's subareas (not vertical, not virtual) with their codes
     */
    public SiZhiFinder(Geometry area, List<AreaInput.Barrier> barriers, List<AreaInput.Neighbour> neighbours,
            List<Neighbourhood> tiles) {
        this.factory = area.getFactory();
        this.ownArea = PreparedGeometryFactory.prepare(area);
        for (AreaInput.Barrier b : barriers) {
            boolean named = b.name() != null && !b.name().isBlank();
            String label = named ? b.name().strip() : switch (b.kind()) {
                case ROAD -> "无名道路";
                case RAILWAY -> "铁路";
                case WATER -> "无名水域";
            };
            int index = features.size();
            features.add(new Named(label, named, b.geometry(), null));
            for (Object line : org.locationtech.jts.geom.util.LinearComponentExtracter.getLines(b.linework())) {
                Coordinate[] cs = ((org.locationtech.jts.geom.LineString) line).getCoordinates();
                for (int i = 1; i < cs.length; i++) {
                    segments.insert(new Envelope(cs[i - 1], cs[i]), new Piece(index, cs[i - 1], cs[i]));
                }
            }
            if (b.kind() == AreaInput.BarrierKind.WATER) {
                // a boundary in the middle of a wide river is far from both banks, yet runs along it
                waters.insert(b.geometry().getEnvelopeInternal(),
                        new Named(label, named, b.geometry(), PreparedGeometryFactory.prepare(b.geometry())));
            }
        }
        for (AreaInput.Neighbour n : neighbours) {
            areas.add(new Named(n.name(), true, n.geometry(), PreparedGeometryFactory.prepare(n.geometry())));
        }
        for (Neighbourhood t : tiles) {
            subareas.insert(t.geometry().getEnvelopeInternal(), new Named("第" + t.code().substring(12) + "普查小区", true,
                    t.geometry(), PreparedGeometryFactory.prepare(t.geometry())));
        }
    }

    /** The 四至 of {@code subarea}, one of the tiles given at construction (or a part of them). */
    public SiZhi find(Geometry subarea) {
        List<Map<String, Double>> sides = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            sides.add(new HashMap<>());
        }
        PreparedGeometry self = PreparedGeometryFactory.prepare(subarea);
        List<Polygon> polygons = new ArrayList<>();
        PolygonExtracter.getPolygons(subarea, polygons);
        for (Polygon polygon : polygons) {
            Coordinate[] ring = polygon.getExteriorRing().getCoordinates();
            if (!Orientation.isCCW(ring)) {
                ring = ring.clone();
                java.util.Collections.reverse(java.util.Arrays.asList(ring));
            }
            for (int i = 1; i < ring.length; i++) {
                stretches(ring[i - 1], ring[i], self, sides);
            }
        }
        return new SiZhi(pick(sides.get(0)), pick(sides.get(1)), pick(sides.get(2)), pick(sides.get(3)));
    }

    /** East, south, west, north as unit vectors, in 四至 order. */
    private static final double[][] SIDES = { { 1, 0 }, { 0, -1 }, { -1, 0 }, { 0, 1 } };

    private void stretches(Coordinate a, Coordinate b, PreparedGeometry self, List<Map<String, Double>> sides) {
        double length = a.distance(b);
        if (length == 0) {
            return;
        }
        // outward normal of a counter-clockwise ring: to the right of the direction of travel
        double nx = (b.y - a.y) / length;
        double ny = -(b.x - a.x) / length;
        int count = (int) Math.ceil(length / STRETCH);
        for (int k = 0; k < count; k++) {
            Coordinate from = interpolate(a, b, k / (double) count);
            Coordinate to = interpolate(a, b, (k + 1) / (double) count);
            Coordinate mid = interpolate(from, to, 0.5);
            String label = label(from, mid, to, nx, ny, self);
            double piece = length / count;
            for (int s = 0; s < 4; s++) {
                double facing = nx * SIDES[s][0] + ny * SIDES[s][1];
                if (facing > 0) {
                    sides.get(s).merge(label, piece * facing * facing, Double::sum);
                }
            }
        }
    }

    private String label(Coordinate from, Coordinate mid, Coordinate to, double nx, double ny, PreparedGeometry self) {
        Envelope near = new Envelope(from, to);
        near.expandBy(ALONG);
        Map<Integer, double[]> closest = new HashMap<>();
        for (Object o : segments.query(near)) {
            Piece piece = (Piece) o;
            double[] d = closest.computeIfAbsent(piece.feature(), k -> new double[] {
                    Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY });
            d[0] = Math.min(d[0], Distance.pointToSegment(mid, piece.a(), piece.b()));
            d[1] = Math.min(d[1], Distance.pointToSegment(from, piece.a(), piece.b()));
            d[2] = Math.min(d[2], Distance.pointToSegment(to, piece.a(), piece.b()));
        }
        Named best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Map.Entry<Integer, double[]> e : closest.entrySet()) {
            double[] d = e.getValue();
            if (d[0] > ALONG || d[1] > ALONG || d[2] > ALONG) {
                continue;
            }
            Named candidate = features.get(e.getKey());
            boolean better = best == null || (candidate.named() && !best.named())
                    || (candidate.named() == best.named() && d[0] < bestDistance);
            if (better) {
                best = candidate;
                bestDistance = d[0];
            }
        }
        if (best != null) {
            return best.label();
        }
        Point m = factory.createPoint(mid);
        for (Object o : waters.query(m.getEnvelopeInternal())) {
            Named water = (Named) o;
            if (water.prepared().covers(m)) {
                return water.label();
            }
        }
        Point outside = factory.createPoint(new Coordinate(mid.x + nx * 0.5, mid.y + ny * 0.5));
        if (!ownArea.covers(outside)) {
            return areas.stream().filter(a -> a.prepared().covers(outside)).map(Named::label).findFirst().orElse("区界");
        }
        for (Object o : subareas.query(outside.getEnvelopeInternal())) {
            Named tile = (Named) o;
            if (tile.prepared().covers(outside) && !self.covers(outside)) {
                return tile.label();
            }
        }
        return "区界";
    }

    private static Coordinate interpolate(Coordinate a, Coordinate b, double f) {
        return new Coordinate(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
    }

    private static String pick(Map<String, Double> weights) {
        List<Map.Entry<String, Double>> ranked = weights.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .toList();
        if (ranked.isEmpty()) {
            return "区界";
        }
        if (ranked.size() > 1 && ranked.get(1).getValue() >= 0.5 * ranked.get(0).getValue()) {
            return ranked.get(0).getKey() + "、" + ranked.get(1).getKey();
        }
        return ranked.get(0).getKey();
    }
}
