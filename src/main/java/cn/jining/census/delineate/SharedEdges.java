package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;

/**
 * Who borders whom in a tiling whose neighbours share edges vertex for vertex, as the faces of
 * one noding do: two polygons are neighbours when they hold the same segment, and the length of
 * those segments is how long their common boundary is. Touching at a point is no neighbourhood,
 * which is the contiguity census rules ask for.
 */
final class SharedEdges {

    private record Segment(double x0, double y0, double x1, double y1) {

        static Segment of(Coordinate a, Coordinate b) {
            boolean ordered = a.x < b.x || (a.x == b.x && a.y <= b.y);
            return ordered ? new Segment(a.x, a.y, b.x, b.y) : new Segment(b.x, b.y, a.x, a.y);
        }

        double length() {
            return Math.hypot(x1 - x0, y1 - y0);
        }
    }

    /** A common boundary of polygons {@code a} &lt; {@code b}, {@code length} in metres. */
    record Border(int a, int b, double length) {
    }

    private SharedEdges() {
    }

    /**
     * The borders between polygons, each pair once.
     *
     * @param polygons polygons of one tiling, indexed by position
     */
    static List<Border> borders(List<Polygon> polygons) {
        Map<Segment, Integer> owner = new HashMap<>();
        Map<Long, double[]> lengths = new HashMap<>();
        for (int i = 0; i < polygons.size(); i++) {
            Polygon p = polygons.get(i);
            addRing(p.getExteriorRing(), i, owner, lengths);
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                addRing(p.getInteriorRingN(h), i, owner, lengths);
            }
        }
        List<Border> borders = new ArrayList<>(lengths.size());
        lengths.forEach((key, len) -> borders.add(new Border((int) (key >>> 32), (int) (key & 0xffffffffL), len[0])));
        borders.sort((x, y) -> x.a != y.a ? Integer.compare(x.a, y.a) : Integer.compare(x.b, y.b));
        return borders;
    }

    /** Neighbour lists with border lengths: {@code result.get(i)} maps neighbour index to length. */
    static List<Map<Integer, Double>> neighbours(List<Polygon> polygons) {
        List<Map<Integer, Double>> result = new ArrayList<>(polygons.size());
        for (int i = 0; i < polygons.size(); i++) {
            result.add(new HashMap<>());
        }
        for (Border b : borders(polygons)) {
            result.get(b.a).put(b.b, b.length);
            result.get(b.b).put(b.a, b.length);
        }
        return result;
    }

    /**
     * The union of polygons that share edges vertex for vertex, keeping every vertex. Where the
     * polygons close around a hole that touches the outside at one point, the coverage union
     * chains the edges into one ring touching itself, which is invalid; it is rebuilt as a shell
     * with a hole touching it there, the valid form of the same set of points, vertices unchanged.
     */
    static Geometry union(List<? extends Geometry> polygons) {
        if (polygons.size() == 1) {
            return polygons.get(0);
        }
        Geometry union = CoverageUnion.union(polygons.toArray(Geometry[]::new));
        return union.isValid() ? union : GeometryFixer.fix(union);
    }

    private static void addRing(LineString ring, int index, Map<Segment, Integer> owner, Map<Long, double[]> lengths) {
        Coordinate[] cs = ring.getCoordinates();
        for (int k = 1; k < cs.length; k++) {
            if (cs[k - 1].equals2D(cs[k])) {
                continue;
            }
            Segment s = Segment.of(cs[k - 1], cs[k]);
            Integer other = owner.putIfAbsent(s, index);
            if (other != null && other != index) {
                int a = Math.min(other, index);
                int b = Math.max(other, index);
                lengths.computeIfAbsent(((long) a << 32) | b, key -> new double[1])[0] += s.length();
            }
        }
    }
}
