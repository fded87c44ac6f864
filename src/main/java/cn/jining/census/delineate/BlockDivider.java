package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.locationtech.jts.algorithm.MinimumDiameter;
import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Divides a block with more households than the band allows into pieces along gaps between its
 * buildings, never through a building.
 *
 * <p>The block is bisected recursively. Each cut is a straight line through a gap between the
 * buildings' projections on one of twelve directions (every 15°): a gap in the projection is a
 * strip no building enters, so the line crosses none. Among the gaps, the cut that balances the
 * households of the two sides best for the number of pieces wanted, across the narrowest span of the
 * block and through the widest gap, wins. When no direction has a gap (buildings that overlap in every projection), the
 * block is split along the edges of a Voronoi partition of the buildings' outlines, grouped by
 * position along the block's long axis: those edges keep to the gaps between footprints.
 *
 * <p>Number of pieces: a block above the band's maximum is divided into pieces of about a quarter
 * of the band's width in households (5 for 80–100): a subarea a little outside the band can then
 * be brought into it by moving a piece or two to or from a neighbour. A block inside the band stays
 * whole, so subareas follow roads where the households allow; a piece holding a single building is
 * never divided further.
 *
 * <p>Output is cut linework only: lines inside the block whose ends lie on its boundary or on an
 * earlier cut. Re-noding them with the area's other linework ({@link BlockPolygonizer}) gives pieces
 * whose edges match their neighbours exactly.
 */
public final class BlockDivider {

    /** A building's footprint and the households that count for it here (after vertical splits). */
    public record Load(Geometry footprint, int households) {
    }

    private static final int DIRECTIONS = 12;
    private static final int DEEPEST = 16;
    private static final double OVERSHOOT = 0.05;
    /** Footprint outlines are sampled this densely (m) for the Voronoi fallback. */
    private static final double SAMPLE_SPACING = 2.0;

    private final DelineationSettings settings;

    public BlockDivider(DelineationSettings settings) {
        this.settings = settings;
    }

    /** How many pieces a block of {@code households} is divided into; 1 means leave it whole. */
    public int pieceCount(int households) {
        return households <= settings.bandMax() ? 1 : Math.max(2, piecesWithin(households));
    }

    /** Pieces for part of a block being divided: about a quarter of the band's width each. */
    private int piecesWithin(int households) {
        double piece = Math.max(1, (settings.bandMax() - settings.bandMin()) / 4.0);
        return (int) Math.round(households / piece);
    }

    /**
     * The cut lines dividing {@code block}.
     *
     * @param block polygon in metres
     * @param loads buildings of the block; footprints may reach outside it (cut buildings)
     * @return lines inside the block, empty when it needs no division or has no gap to cut along
     */
    public List<LineString> cutLines(Polygon block, List<Load> loads) {
        List<LineString> out = new ArrayList<>();
        if (loads.size() < 2) {
            return out;
        }
        Projections projections = new Projections(loads);
        int households = loads.stream().mapToInt(Load::households).sum();
        divide(block, projections, projections.all(), pieceCount(households), out, 0);
        return out;
    }

    /**
     * Each building's extent along each direction, computed once per block; a piece keeps its
     * buildings sorted by extent start in every direction, so no level of the recursion sorts again.
     */
    private static final class Projections {
        final List<Load> loads;
        final double[][] lo = new double[DIRECTIONS][];
        final double[][] hi = new double[DIRECTIONS][];
        final Point[] inner;

        Projections(List<Load> loads) {
            this.loads = loads;
            int n = loads.size();
            inner = new Point[n];
            Coordinate[][] coordinates = new Coordinate[n][];
            for (int i = 0; i < n; i++) {
                coordinates[i] = loads.get(i).footprint().getCoordinates();
                inner[i] = loads.get(i).footprint().getInteriorPoint();
            }
            for (int a = 0; a < DIRECTIONS; a++) {
                double dx = Math.cos(Math.PI * a / DIRECTIONS);
                double dy = Math.sin(Math.PI * a / DIRECTIONS);
                lo[a] = new double[n];
                hi[a] = new double[n];
                for (int i = 0; i < n; i++) {
                    double least = Double.POSITIVE_INFINITY;
                    double most = Double.NEGATIVE_INFINITY;
                    for (Coordinate c : coordinates[i]) {
                        double t = c.x * dx + c.y * dy;
                        least = Math.min(least, t);
                        most = Math.max(most, t);
                    }
                    lo[a][i] = least;
                    hi[a][i] = most;
                }
            }
        }

        /** Every building, sorted by extent start in each direction. */
        int[][] all() {
            int[][] sorted = new int[DIRECTIONS][];
            for (int a = 0; a < DIRECTIONS; a++) {
                double[] start = lo[a];
                sorted[a] = java.util.stream.IntStream.range(0, loads.size()).boxed()
                        .sorted(Comparator.comparingDouble(i -> start[i])).mapToInt(Integer::intValue).toArray();
            }
            return sorted;
        }

        int households(int[] members) {
            int sum = 0;
            for (int i : members) {
                sum += loads.get(i).households();
            }
            return sum;
        }
    }

    private void divide(Polygon p, Projections projections, int[][] sorted, int k, List<LineString> out, int depth) {
        int[] members = sorted[0];
        if (k <= 1 || members.length < 2 || depth > DEEPEST) {
            return;
        }
        int total = projections.households(members);
        Geometry cut = gapCut(p, projections, sorted, k, total);
        if (cut == null) {
            List<Load> loads = java.util.Arrays.stream(members).mapToObj(projections.loads::get).toList();
            cut = voronoiCut(p, loads, k, total);
        }
        if (cut == null || cut.isEmpty()) {
            return;
        }
        List<LineString> lines = new ArrayList<>();
        LinearComponentExtracter.getLines(cut, lines);
        lines = lines.stream().map(BlockDivider::overshoot).toList();
        List<Polygon> pieces = split(p, p.getFactory().buildGeometry(lines));
        if (pieces.size() < 2) {
            return;
        }
        out.addAll(lines);
        int[] pieceOf = new int[projections.loads.size()];
        List<PreparedGeometry> prepared = pieces.stream().map(PreparedGeometryFactory::prepare).toList();
        int[] counts = new int[pieces.size()];
        for (int i : members) {
            pieceOf[i] = pieceOf(projections.inner[i], pieces, prepared);
            counts[pieceOf[i]]++;
        }
        for (int piece = 0; piece < pieces.size(); piece++) {
            int[][] within = new int[DIRECTIONS][];
            for (int a = 0; a < DIRECTIONS; a++) {
                within[a] = new int[counts[piece]];
                int next = 0;
                for (int i : sorted[a]) {
                    if (pieceOf[i] == piece) {
                        within[a][next++] = i;
                    }
                }
            }
            divide(pieces.get(piece), projections, within, piecesWithin(projections.households(within[0])), out, depth + 1);
        }
    }

    /**
     * The line lengthened by {@value #OVERSHOOT} m at both ends. A cut computed inside a piece ends
     * on the piece's boundary only up to rounding; crossing it a little makes sure noding joins the
     * two, and the overshoot left dangling in the neighbour bounds nothing.
     */
    private static LineString overshoot(LineString line) {
        Coordinate[] c = line.getCoordinates().clone();
        if (c.length < 2 || line.getLength() == 0) {
            return line;
        }
        c[0] = extend(c[1], c[0]);
        c[c.length - 1] = extend(c[c.length - 2], c[c.length - 1]);
        return line.getFactory().createLineString(c);
    }

    private static Coordinate extend(Coordinate from, Coordinate end) {
        double length = from.distance(end);
        if (length == 0) {
            return end;
        }
        double f = OVERSHOOT / length;
        return new Coordinate(end.x + (end.x - from.x) * f, end.y + (end.y - from.y) * f);
    }

    private static int pieceOf(Point point, List<Polygon> pieces, List<PreparedGeometry> prepared) {
        int best = 0;
        double distance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < pieces.size(); i++) {
            if (prepared.get(i).covers(point)) {
                return i;
            }
            double d = pieces.get(i).distance(point);
            if (d < distance) {
                distance = d;
                best = i;
            }
        }
        return best;
    }

    private record Gap(double angle, double at, double width, double balance) {
    }

    /** The best straight cut through a gap, clipped to {@code p}; null when there is no gap. */
    private Geometry gapCut(Polygon p, Projections projections, int[][] sorted, int k, int total) {
        List<Gap> gaps = new ArrayList<>();
        double lowShare = (k / 2) / (double) k;
        for (int a = 0; a < DIRECTIONS; a++) {
            double angle = Math.PI * a / DIRECTIONS;
            double[] lo = projections.lo[a];
            double[] hi = projections.hi[a];
            int[] order = sorted[a];
            double reach = hi[order[0]];
            int below = projections.loads.get(order[0]).households();
            for (int j = 1; j < order.length; j++) {
                int i = order[j];
                if (lo[i] > reach) {
                    // households on the low side, as a share of all, against either share wanted
                    double share = total == 0 ? 0.5 : below / (double) total;
                    double balance = Math.min(Math.abs(share - lowShare), Math.abs(share - (1 - lowShare)));
                    gaps.add(new Gap(angle, (reach + lo[i]) / 2, lo[i] - reach, balance));
                }
                reach = Math.max(reach, hi[i]);
                below += projections.loads.get(i).households();
            }
        }
        if (gaps.isEmpty()) {
            return null;
        }
        // the span of the block across each direction stands in for the cut's length: one overlay
        // for the winner instead of one per candidate
        double size = Math.sqrt(p.getArea());
        double[] span = new double[DIRECTIONS];
        Coordinate[] ring = p.getExteriorRing().getCoordinates();
        for (int a = 0; a < DIRECTIONS; a++) {
            double angle = Math.PI * a / DIRECTIONS;
            double least = Double.POSITIVE_INFINITY;
            double most = Double.NEGATIVE_INFINITY;
            for (Coordinate c : ring) {
                double t = -c.x * Math.sin(angle) + c.y * Math.cos(angle);
                least = Math.min(least, t);
                most = Math.max(most, t);
            }
            span[a] = (most - least) / size;
        }
        gaps.sort(Comparator.comparingDouble(g -> g.balance + 0.2 * span[(int) Math.round(g.angle * DIRECTIONS / Math.PI)]
                - 0.05 * Math.min(g.width, 10) / 10));
        for (Gap g : gaps) {
            Geometry cut = OverlayNGRobust.overlay(line(p, g.angle, g.at), p, OverlayNG.INTERSECTION);
            if (!cut.isEmpty()) {
                return cut;
            }
        }
        return null;
    }

    /** The line perpendicular to direction {@code angle} at {@code at}, across {@code p}'s envelope. */
    private static LineString line(Polygon p, double angle, double at) {
        Envelope e = p.getEnvelopeInternal();
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        double reach = Math.hypot(e.getWidth(), e.getHeight()) + 1;
        double cx = e.centre().x;
        double cy = e.centre().y;
        // foot of the centre on the line t = at, then out both ways along the line
        double shift = at - (cx * dx + cy * dy);
        double fx = cx + shift * dx;
        double fy = cy + shift * dy;
        return p.getFactory().createLineString(new Coordinate[] {
                new Coordinate(fx + reach * dy, fy - reach * dx), new Coordinate(fx - reach * dy, fy + reach * dx) });
    }

    /**
     * The edges between two groups of Voronoi cells of the buildings' outlines, clipped to
     * {@code p}; null when there are too few buildings to build cells.
     */
    private Geometry voronoiCut(Polygon p, List<Load> loads, int k, int total) {
        Map<Coordinate, Integer> owner = new HashMap<>();
        for (int i = 0; i < loads.size(); i++) {
            for (Coordinate c : Densifier.densify(loads.get(i).footprint(), SAMPLE_SPACING).getCoordinates()) {
                owner.putIfAbsent(new Coordinate(c.x, c.y), i);
            }
        }
        if (owner.size() < 3) {
            return null;
        }
        GeometryFactory factory = p.getFactory();
        VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
        builder.setSites(owner.keySet());
        Envelope clip = new Envelope(p.getEnvelopeInternal());
        clip.expandBy(10);
        builder.setClipEnvelope(clip);
        Geometry cells = builder.getDiagram(factory);

        // group buildings along the block's long axis, the low group holding the wanted share
        LineString axis = longAxis(p);
        Coordinate a0 = axis.getCoordinateN(0);
        Coordinate a1 = axis.getCoordinateN(1);
        double ax = a1.x - a0.x;
        double ay = a1.y - a0.y;
        Integer[] order = new Integer[loads.size()];
        double[] position = new double[loads.size()];
        for (int i = 0; i < loads.size(); i++) {
            Coordinate c = loads.get(i).footprint().getCentroid().getCoordinate();
            position[i] = c.x * ax + c.y * ay;
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> position[i]));
        double wanted = total * (k / 2) / (double) k;
        boolean[] low = new boolean[loads.size()];
        int below = 0;
        for (int j = 0; j < order.length - 1; j++) {
            int h = loads.get(order[j]).households();
            if (j > 0 && Math.abs(below + h - wanted) > Math.abs(below - wanted)) {
                break;
            }
            below += h;
            low[order[j]] = true;
        }
        List<Geometry> lowCells = new ArrayList<>();
        for (int c = 0; c < cells.getNumGeometries(); c++) {
            Geometry cell = cells.getGeometryN(c);
            Integer building = owner.get((Coordinate) cell.getUserData());
            if (building != null && low[building]) {
                lowCells.add(cell);
            }
        }
        Geometry lowRegion = UnaryUnionNG.union(factory.buildGeometry(lowCells), BlockPolygonizer.PRECISION);
        Geometry cut = OverlayNGRobust.overlay(lowRegion.getBoundary(), p, OverlayNG.INTERSECTION);
        return cut.getLength() > 0 ? cut : null;
    }

    private static LineString longAxis(Polygon p) {
        Geometry rectangle = new MinimumDiameter(p).getMinimumRectangle();
        Coordinate[] c = rectangle.getCoordinates();
        if (c.length < 4) {
            return p.getFactory().createLineString(new Coordinate[] { new Coordinate(0, 0), new Coordinate(1, 0) });
        }
        boolean firstLonger = c[0].distance(c[1]) >= c[1].distance(c[2]);
        return p.getFactory().createLineString(firstLonger ? new Coordinate[] { c[0], c[1] } : new Coordinate[] { c[1], c[2] });
    }

    /** The faces of {@code p} cut by {@code cut}. */
    static List<Polygon> split(Polygon p, Geometry cut) {
        Geometry noded = UnaryUnionNG.union(p.getFactory().createGeometryCollection(
                new Geometry[] { p.getBoundary(), cut }), BlockPolygonizer.PRECISION);
        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(noded);
        PreparedGeometry inside = PreparedGeometryFactory.prepare(p);
        List<Polygon> faces = new ArrayList<>();
        for (Object o : polygonizer.getPolygons()) {
            Polygon face = (Polygon) o;
            if (inside.contains(face.getInteriorPoint())) {
                faces.add(face);
            }
        }
        if (faces.isEmpty()) {
            PolygonExtracter.getPolygons(p, faces);
        }
        return faces;
    }
}
