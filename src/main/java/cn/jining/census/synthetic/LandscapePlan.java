package cn.jining.census.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.buffer.VariableBuffer;
import org.locationtech.jts.precision.GeometryPrecisionReducer;

/**
 * Everything decided about a synthetic landscape before anything is drawn: the lattice, which
 * census area owns each cell, what each cell is used for and how many households it should
 * house, and what runs along each lattice edge (a road of some class, the river, a ditch, or
 * nothing but a field boundary). Built by {@link DistrictPlanner} or {@link CityPlanner};
 * drawn by {@link DeliveryGenerator}.
 */
final class LandscapePlan {

    /**
     * A census area to draw.
     *
     * @param placeName the name used in addresses, e.g. 江庄村 for 江庄村村委会
     * @param seedCell the cell its territory grew from: where its village or centre is
     */
    record AreaPlan(String code, String name, String streetCode, String kind, String placeName, int seedCell) {
        boolean community() {
            return kind.equals("社区");
        }
    }

    record StreetPlan(String code, String name) {
    }

    /** Corridor of a ditch on each side of its edge, metres. */
    static final double DITCH_MARGIN = 3;
    /** Distance buildings keep from an area boundary that no road or water marks, metres. */
    static final double BARE_BOUNDARY_CLEARANCE = 6;
    /** Distance buildings keep from the river's water surface, metres. */
    static final double RIVER_MARGIN = 15;

    final Lattice lattice;
    final long seed;
    /** Index into {@link #areas} for each cell; -1 for cells outside the territory. */
    final int[] areaOfCell;
    final List<AreaPlan> areas = new ArrayList<>();
    final List<StreetPlan> streets = new ArrayList<>();
    final CellUse[] use;
    /** Households to house in each cell (a target the drawing approaches, not a promise). */
    final int[] households;
    final RoadClass[] road;
    final String[] roadName;
    /** Half the water width of a ditch along the edge, metres; 0 for none. */
    final double[] ditchHalfWidth;
    final String[] ditchName;
    /** The vertical lattice line the river follows, or -1. */
    int riverLine = -1;
    String riverName = "";
    /** The river's water surface, clipped to the territory; null until {@link #drawRiver}. */
    Geometry river;
    /** The cell whose first high-rise is the planted one of more than 999 households, or -1. */
    int oversizedTowerCell = -1;
    /** The area whose village is a demolition zone still housing registered households, or -1. */
    int demolitionArea = -1;
    /** Defects to plant, with the lattice places chosen for them; empty for a clean delivery. */
    final List<DefectPlanter.Site> defectSites = new ArrayList<>();

    LandscapePlan(Lattice lattice, long seed) {
        this.lattice = lattice;
        this.seed = seed;
        areaOfCell = new int[lattice.cellCount()];
        Arrays.fill(areaOfCell, -1);
        use = new CellUse[lattice.cellCount()];
        households = new int[lattice.cellCount()];
        road = new RoadClass[lattice.edgeCount()];
        roadName = new String[lattice.edgeCount()];
        ditchHalfWidth = new double[lattice.edgeCount()];
        ditchName = new String[lattice.edgeCount()];
    }

    boolean inside(int cell) {
        return cell >= 0 && areaOfCell[cell] >= 0;
    }

    int streetIndexOf(int area) {
        String code = areas.get(area).streetCode();
        for (int s = 0; s < streets.size(); s++) {
            if (streets.get(s).code().equals(code)) {
                return s;
            }
        }
        throw new IllegalStateException("area " + areas.get(area).code() + " has no street " + code);
    }

    /** Cells of an area in index order. */
    int[] cellsOf(int area) {
        return IntStream.range(0, areaOfCell.length).filter(c -> areaOfCell[c] == area).toArray();
    }

    /** Whether an edge has territory on at least one side. */
    boolean edgeInTerritory(int edge) {
        int[] beside = lattice.cellsBeside(edge);
        return inside(beside[0]) || inside(beside[1]);
    }

    boolean onRiver(int edge) {
        return riverLine >= 0 && lattice.isVertical(edge) && lattice.lineOf(edge) == riverLine && edgeInTerritory(edge);
    }

    /** Whether an edge separates two different areas, or an area from the outside. */
    boolean isBoundary(int edge) {
        int[] beside = lattice.cellsBeside(edge);
        int a = beside[0] < 0 ? -1 : areaOfCell[beside[0]];
        int b = beside[1] < 0 ? -1 : areaOfCell[beside[1]];
        return a != b;
    }

    /** How far a building stays from the centreline of an edge, metres (river handled apart). */
    double clearance(int edge) {
        if (road[edge] != null) {
            return road[edge].clearance();
        }
        if (ditchHalfWidth[edge] > 0) {
            return ditchHalfWidth[edge] + DITCH_MARGIN;
        }
        return BARE_BOUNDARY_CLEARANCE;
    }

    /** Whether a town road rather than a country lane runs beside this edge's cells. */
    boolean urbanEdge(int edge) {
        for (int c : lattice.cellsBeside(edge)) {
            if (inside(c) && use[c].urban) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decides what runs along each edge inside the territory. Lines of class MAIN and
     * SECONDARY (and the railway line) carry their road throughout; the other lines carry
     * 支路 in town, and in the country a lane, a ditch or nothing, drawn edge by edge.
     *
     * @param lineClass the road class of a whole lattice line, or null for an ordinary line
     * @param lineName the name of a whole line's road ("" for unnamed)
     */
    void classifyEdges(BiFunction<Boolean, Integer, RoadClass> lineClass, BiFunction<Boolean, Integer, String> lineName,
            String[] ditchNames) {
        for (int e = 0; e < lattice.edgeCount(); e++) {
            if (!edgeInTerritory(e) || onRiver(e)) {
                continue;
            }
            boolean vertical = lattice.isVertical(e);
            int line = lattice.lineOf(e);
            RoadClass whole = lineClass.apply(vertical, line);
            SplittableRandom random = RandomStreams.of(seed, 11, e);
            if (whole != null) {
                road[e] = whole;
                roadName[e] = lineName.apply(vertical, line);
            } else if (urbanEdge(e)) {
                road[e] = RoadClass.BRANCH;
                roadName[e] = lineName.apply(vertical, line);
            } else {
                double draw = random.nextDouble();
                if (draw < 0.5) {
                    road[e] = RoadClass.RURAL;
                    roadName[e] = "";
                } else if (draw < 0.78) {
                    // one width per line, so a ditch keeps its width along a run of edges
                    ditchHalfWidth[e] = RandomStreams.of(seed, 13, vertical ? 1 : 0, line).nextInt(1500, 3001) / 1000.0;
                    // ditches keep the name of their line, so a named channel runs on for kilometres
                    int pick = Math.floorMod(line * 7 + (vertical ? 3 : 0), ditchNames.length + 3);
                    ditchName[e] = pick < ditchNames.length ? ditchNames[pick] : "";
                }
            }
        }
    }

    /**
     * Bends the river line's edges into meanders (arcs of 20–55 m off the straight chord,
     * alternating side), before any cell polygon is built.
     */
    void meanderRiver() {
        for (int j = 0; j < lattice.rows; j++) {
            int e = lattice.verticalEdge(riverLine, j);
            SplittableRandom random = RandomStreams.of(seed, 12, j);
            double amplitude = RandomStreams.between(random, 20, 55) * (j % 2 == 0 ? 1 : -1);
            Coordinate a = lattice.edgePath(e)[0];
            Coordinate b = lattice.edgePath(e)[1];
            double length = a.distance(b);
            double nx = -(b.y - a.y) / length;
            double ny = (b.x - a.x) / length;
            List<Coordinate> interior = new ArrayList<>();
            for (int k = 1; k < 12; k++) {
                double t = k / 12.0;
                double off = amplitude * StrictMath.sin(StrictMath.PI * t);
                interior.add(Lattice.snapped(a.x + t * (b.x - a.x) + off * nx, a.y + t * (b.y - a.y) + off * ny));
            }
            lattice.reshapeEdge(e, interior);
        }
    }

    /** The union of all territory cells: the outline of the district or city. */
    Geometry territory() {
        List<Geometry> cells = new ArrayList<>();
        for (int c = 0; c < areaOfCell.length; c++) {
            if (inside(c)) {
                cells.add(lattice.cellPolygon(c));
            }
        }
        return CoverageUnion.union(cells.toArray(new Geometry[0]));
    }

    /**
     * Draws the river's water surface: the meandering line buffered by a half-width that
     * swells and narrows between 20 and 40 m (40–80 m wide), clipped to the territory.
     */
    void drawRiver(Geometry territory) {
        List<Coordinate> path = new ArrayList<>();
        for (int j = 0; j < lattice.rows; j++) {
            int e = lattice.verticalEdge(riverLine, j);
            if (!edgeInTerritory(e)) {
                continue;
            }
            Coordinate[] p = lattice.edgePath(e);
            for (int k = path.isEmpty() ? 0 : 1; k < p.length; k++) {
                path.add(p[k]);
            }
        }
        double[] halfWidths = new double[path.size()];
        for (int k = 0; k < halfWidths.length; k++) {
            halfWidths[k] = 30 + 10 * StrictMath.sin(k * 0.11 + 1.3);
        }
        Geometry water = new VariableBuffer(Lattice.FACTORY.createLineString(path.toArray(new Coordinate[0])), halfWidths)
                .getResult();
        river = GeometryPrecisionReducer.reduce(PolygonOverlay.intersection(water, territory),
                Lattice.MILLIMETRE);
    }

    /** Whether a cell lies beside the river line. */
    boolean besideRiver(int cell) {
        int i = lattice.cellColumn(cell);
        return riverLine >= 0 && (i == riverLine || i == riverLine - 1);
    }

    /**
     * The place name used in addresses: 江庄村村委会 → 江庄村, 东闸社区居民委会 → 东闸社区,
     * 菱花居委会 → 菱花社区, 杨村矿类似居委会 → 杨村矿社区.
     */
    static String placeName(String name, boolean community) {
        String stem = name;
        for (String suffix : new String[] {"类似居委会", "居民委员会", "居民委会", "居委会", "村民委员会", "村委会"}) {
            if (stem.endsWith(suffix)) {
                stem = stem.substring(0, stem.length() - suffix.length());
                break;
            }
        }
        if (community && !stem.endsWith("社区")) {
            stem = stem + "社区";
        }
        return stem;
    }
}
