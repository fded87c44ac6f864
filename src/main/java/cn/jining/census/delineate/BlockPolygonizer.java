package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.precision.GeometryPrecisionReducer;

/**
 * Nodes an area's boundary with the linework crossing it (roads, railways, water outlines, cut
 * lines) and polygonizes the result into blocks that tile the area.
 *
 * <p>Contract: the blocks of one call do not overlap and their union is the area itself: the
 * linework is noded on the {@link #PRECISION} grid, then every vertex on the rounded boundary is
 * put back onto the area's own edge ({@link AreaEdge}): the area's vertices keep their delivered
 * coordinates and a node where a line crosses the boundary lies on the area's segment. Two
 * neighbouring blocks share their common edge vertex for vertex, so that unions of blocks
 * (subareas) again form an exact coverage of the area. Linework outside the area is ignored, dangling
 * lines (a dead-end road) bound nothing. A face smaller than {@code minBlockArea} m² or thinner
 * than {@code minBlockWidth} m on average (2·area/perimeter) is a sliver: it is folded into the
 * neighbour of the same part with which it shares the longest edge, so a road drawn a metre inside
 * the area boundary leaves no strip behind. Each part of a MultiPolygon area (an enclave, 飞地)
 * keeps its own blocks: a part is never folded into another, even when it is a sliver.
 *
 * <p>Coordinates are metres (EPSG:4548); all output vertices off the area's boundary lie on the
 * 1 mm grid.
 */
public final class BlockPolygonizer {

    /** The grid every block vertex is snapped to: 1 mm in a metric CRS. */
    public static final PrecisionModel PRECISION = new PrecisionModel(1000);

    private final double minArea;
    private final double minWidth;

    public BlockPolygonizer(double minArea, double minWidth) {
        this.minArea = minArea;
        this.minWidth = minWidth;
    }

    public BlockPolygonizer(DelineationSettings settings) {
        this(settings.minBlockArea(), settings.minBlockWidth());
    }

    /**
     * The blocks of {@code area}.
     *
     * @param area  Polygon or MultiPolygon, valid
     * @param lines linework of any geometry type; only its linear components count
     * @return blocks ordered by part, then by descending area; ids are list positions
     */
    public List<Block> polygonize(Geometry area, Collection<? extends Geometry> lines) {
        Geometry reduced = GeometryPrecisionReducer.reduce(area, PRECISION);
        GeometryFactory factory = reduced.getFactory();
        List<Polygon> parts = new ArrayList<>();
        PolygonExtracter.getPolygons(reduced, parts);
        // the largest part first: the others are enclaves
        parts.sort(Comparator.comparingDouble(Polygon::getArea).reversed());

        List<LineString> linework = new ArrayList<>();
        LinearComponentExtracter.getLines(reduced.getBoundary(), linework);
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(reduced);
        for (Geometry line : lines) {
            if (line == null || line.isEmpty() || !prepared.intersects(line)) {
                continue;
            }
            Geometry inside = prepared.containsProperly(line) ? line
                    : OverlayNGRobust.overlay(line, reduced, OverlayNG.INTERSECTION);
            LinearComponentExtracter.getLines(inside, linework);
        }
        Geometry noded = UnaryUnionNG.union(factory.buildGeometry(linework), PRECISION);

        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(noded);
        List<PreparedGeometry> preparedParts = parts.stream().map(PreparedGeometryFactory::prepare).toList();
        List<Polygon> rounded = new ArrayList<>();
        List<Integer> roundedParts = new ArrayList<>();
        for (Object o : polygonizer.getPolygons()) {
            Polygon face = (Polygon) o;
            Geometry inner = face.getInteriorPoint();
            for (int p = 0; p < preparedParts.size(); p++) {
                if (preparedParts.get(p).contains(inner)) {
                    rounded.add(face);
                    roundedParts.add(p);
                    break;
                }
            }
        }
        List<Polygon> restored = new AreaEdge(area).restore(rounded);
        List<Polygon> faces = new ArrayList<>();
        List<Integer> faceParts = new ArrayList<>();
        for (int f = 0; f < restored.size(); f++) {
            if (restored.get(f) != null) {
                faces.add(restored.get(f));
                faceParts.add(roundedParts.get(f));
            }
        }
        return foldSlivers(faces, faceParts, factory);
    }

    private boolean isSliver(Polygon face) {
        double area = face.getArea();
        return area < minArea || 2 * area / face.getLength() < minWidth;
    }

    private List<Block> foldSlivers(List<Polygon> faces, List<Integer> faceParts, GeometryFactory factory) {
        int n = faces.size();
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[i] = i;
        }
        List<Map<Integer, Double>> neighbours = SharedEdges.neighbours(faces);
        List<Integer> slivers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (isSliver(faces.get(i))) {
                slivers.add(i);
            }
        }
        // smallest first, so a sliver between a larger sliver and a block ends in the block
        slivers.sort(Comparator.comparingDouble(i -> faces.get(i).getArea()));
        for (int s : slivers) {
            int target = -1;
            double longest = 0;
            for (Map.Entry<Integer, Double> e : neighbours.get(s).entrySet()) {
                int g = find(group, e.getKey());
                if (g != find(group, s) && e.getValue() > longest) {
                    longest = e.getValue();
                    target = g;
                }
            }
            if (target >= 0) {
                group[find(group, s)] = target;
            }
        }

        Map<Integer, List<Integer>> members = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            members.computeIfAbsent(find(group, i), k -> new ArrayList<>()).add(i);
        }
        record Merged(int part, Polygon polygon) {
        }
        List<Merged> merged = new ArrayList<>();
        for (List<Integer> m : members.values()) {
            int part = faceParts.get(m.get(0));
            if (m.size() == 1) {
                merged.add(new Merged(part, faces.get(m.get(0))));
                continue;
            }
            Geometry union = SharedEdges.union(m.stream().map(faces::get).toList());
            // faces joined through shared edges form one polygon; a pinch point could still make
            // several, each of which then stands as a block of its own
            for (int k = 0; k < union.getNumGeometries(); k++) {
                merged.add(new Merged(part, (Polygon) union.getGeometryN(k)));
            }
        }
        merged.sort(Comparator.comparingInt(Merged::part)
                .thenComparing(Comparator.comparingDouble((Merged m) -> m.polygon().getArea()).reversed()));
        List<Block> blocks = new ArrayList<>(merged.size());
        for (Merged m : merged) {
            blocks.add(new Block(blocks.size(), m.part(), m.polygon()));
        }
        return blocks;
    }

    private static int find(int[] group, int i) {
        while (group[i] != i) {
            group[i] = group[group[i]];
            i = group[i];
        }
        return i;
    }
}
