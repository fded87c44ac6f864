package cn.jining.census.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Plants the defects real deliveries carry, each at a deterministic place, so the checks of the
 * service have something to find. Nothing else in a planted delivery is wrong.
 *
 * <p>Kinds (the {@code kind} column of {@code planted-defects.csv}):
 * <ul>
 * <li>{@code gap}: a strip or wedge 0.3–5 m wide cut out of one area along a boundary it
 * shares with a neighbour, covered by neither.
 * <li>{@code overlap}: a strip or wedge of one area pushed over its neighbour, covered by both.
 * <li>{@code sliver}: a 0.25 m × 60 m separate part of one area lying inside its neighbour,
 * which has the matching hole (a left-over of a boundary drawn twice).
 * <li>{@code enclave}: a block of one area (飞地) surrounded by a neighbour, which has the hole.
 * <li>{@code building_cut}: a building straddling a boundary of two areas.
 * <li>{@code high_rise_over_999}: a residential tower of 1 056 households (33 floors × 4 units
 * × 8), more than one subarea may hold.
 * <li>{@code demolition_zone}: a village marked 拆迁区 in the landuse layer whose houses still
 * hold registered households.
 * </ul>
 * Gap, overlap and sliver sites are boundaries between two areas of one street, so the street
 * layer stays clean: there the streets differ from the union of their areas.
 */
final class DefectPlanter {

    /**
     * One defect to plant: its lattice edge (gap, overlap, sliver, building_cut) or cell
     * (enclave, high_rise_over_999) or area (demolition_zone); {@code width} in metres.
     */
    record Site(String id, String kind, int edge, int cell, int area, double width, boolean wedge) {
    }

    /** A planted defect as listed in planted-defects.csv; x, y in EPSG:4548 metres, size in m². */
    record PlantedDefect(String id, String kind, String layer, List<String> codes, double x, double y,
            double sizeM2, String note) {
    }

    /** A building drawn across a boundary, to be written as part of {@code area}. */
    record CutBuilding(Site site, int area, Polygon footprint, int floors, String use, int households) {
    }

    private static final double MIN_SITE_DISTANCE = 1500;
    private static final double SLIVER_LENGTH = 60;
    private static final double SLIVER_OFFSET = 2;

    private DefectPlanter() {
    }

    /**
     * Chooses the places of all defects and prepares the lattice for them: inserts the corner
     * vertices of gaps and overlaps into their edges, hands the enclave block to its owner,
     * clears the road or ditch off the edges buildings will straddle. Call after the edges are
     * classified and before any cell polygon is built.
     */
    static void chooseSites(LandscapePlan plan, Coordinate townCentre) {
        Lattice lattice = plan.lattice;
        SplittableRandom random = RandomStreams.of(plan.seed, 31);
        List<Coordinate> taken = new ArrayList<>();
        taken.add(lattice.cellCentre(plan.oversizedTowerCell));
        taken.add(lattice.cellCentre(plan.areas.get(plan.demolitionArea).seedCell()));
        List<Integer> boundaryEdges = new ArrayList<>();
        for (int e = 0; e < lattice.edgeCount(); e++) {
            int[] beside = lattice.cellsBeside(e);
            if (plan.inside(beside[0]) && plan.inside(beside[1]) && plan.isBoundary(e) && !plan.onRiver(e)
                    && plan.road[e] != RoadClass.RAIL && lattice.edgePath(e).length == 2
                    && lattice.edgePath(e)[0].distance(lattice.edgePath(e)[1]) > 300) {
                boundaryEdges.add(e);
            }
        }
        // shuffled once, then taken in order: a deterministic but unpatterned choice
        for (int k = boundaryEdges.size() - 1; k > 0; k--) {
            int swap = random.nextInt(k + 1);
            boundaryEdges.set(k, boundaryEdges.set(swap, boundaryEdges.get(k)));
        }
        double[][] gaps = {{0.3, 0}, {1.8, 1}, {4.5, 0}};
        double[][] overlaps = {{0.6, 0}, {2.5, 1}, {4.0, 0}};
        for (int k = 0; k < gaps.length; k++) {
            int e = takeEdge(plan, boundaryEdges, taken, true, false);
            plan.defectSites.add(new Site("GAP-" + (k + 1), "gap", e, -1, -1, gaps[k][0], gaps[k][1] > 0));
            insertCorners(lattice, e, gaps[k][1] > 0);
        }
        for (int k = 0; k < overlaps.length; k++) {
            int e = takeEdge(plan, boundaryEdges, taken, true, false);
            plan.defectSites.add(new Site("OVERLAP-" + (k + 1), "overlap", e, -1, -1, overlaps[k][0], overlaps[k][1] > 0));
            insertCorners(lattice, e, overlaps[k][1] > 0);
        }
        int sliverEdge = takeEdge(plan, boundaryEdges, taken, true, false);
        plan.defectSites.add(new Site("SLIVER-1", "sliver", sliverEdge, -1, -1, 0.25, false));
        plan.defectSites.add(enclave(plan, taken));
        for (int k = 0; k < 3; k++) {
            int e = takeEdge(plan, boundaryEdges, taken, false, true);
            plan.road[e] = null;
            plan.roadName[e] = null;
            plan.ditchHalfWidth[e] = 0;
            plan.ditchName[e] = null;
            plan.defectSites.add(new Site("CUT-" + (k + 1), "building_cut", e, -1, -1, 0, false));
        }
        plan.defectSites.add(new Site("HIGHRISE-1", "high_rise_over_999", -1, plan.oversizedTowerCell,
                plan.areaOfCell[plan.oversizedTowerCell], 0, false));
        plan.defectSites.add(new Site("DEMOLITION-1", "demolition_zone", -1, -1, plan.demolitionArea, 0, false));
    }

    private static int takeEdge(LandscapePlan plan, List<Integer> edges, List<Coordinate> taken,
            boolean sameStreet, boolean bareFarmland) {
        Lattice lattice = plan.lattice;
        for (int k = 0; k < edges.size(); k++) {
            int e = edges.get(k);
            int[] beside = lattice.cellsBeside(e);
            int a = plan.areaOfCell[beside[0]];
            int b = plan.areaOfCell[beside[1]];
            if (sameStreet && !plan.areas.get(a).streetCode().equals(plan.areas.get(b).streetCode())) {
                continue;
            }
            if (bareFarmland && (plan.use[beside[0]] != CellUse.FARMLAND || plan.use[beside[1]] != CellUse.FARMLAND
                    || plan.road[e] == RoadClass.MAIN || plan.road[e] == RoadClass.SECONDARY)) {
                continue;
            }
            Coordinate middle = lattice.alongChord(e, 0.5);
            if (taken.stream().anyMatch(t -> t.distance(middle) < MIN_SITE_DISTANCE)) {
                continue;
            }
            edges.remove(k);
            taken.add(middle);
            return e;
        }
        throw new IllegalStateException("no lattice edge left for a planted defect");
    }

    /** Inserts the defect's corner vertices into the shared edge, so both areas carry them. */
    private static void insertCorners(Lattice lattice, int edge, boolean wedge) {
        double from = wedge ? 0.35 : 0.3;
        double to = wedge ? 0.65 : 0.7;
        lattice.reshapeEdge(edge, List.of(lattice.alongChord(edge, from), lattice.alongChord(edge, to)));
    }

    /**
     * A farmland block whose eight neighbours belong to one area, given to the area two blocks
     * away in the same street: the owner's field across its neighbour's land.
     */
    private static Site enclave(LandscapePlan plan, List<Coordinate> taken) {
        Lattice lattice = plan.lattice;
        for (int c = 0; c < lattice.cellCount(); c++) {
            if (!plan.inside(c) || plan.use[c] != CellUse.FARMLAND) {
                continue;
            }
            int host = plan.areaOfCell[c];
            int i = lattice.cellColumn(c);
            int j = lattice.cellRow(c);
            if (i < 2 || j < 2 || i > lattice.columns - 3 || j > lattice.rows - 3 || c == plan.areas.get(host).seedCell()) {
                continue;
            }
            boolean surrounded = true;
            for (int di = -1; di <= 1; di++) {
                for (int dj = -1; dj <= 1; dj++) {
                    surrounded &= plan.areaOfCell[lattice.cell(i + di, j + dj)] == host;
                }
            }
            Coordinate centre = lattice.cellCentre(c);
            if (!surrounded || taken.stream().anyMatch(t -> t.distance(centre) < MIN_SITE_DISTANCE)) {
                continue;
            }
            for (int[] step : new int[][] {{2, 0}, {0, 2}, {-2, 0}, {0, -2}}) {
                int owner = plan.areaOfCell[lattice.cell(i + step[0], j + step[1])];
                if (owner >= 0 && owner != host
                        && plan.areas.get(owner).streetCode().equals(plan.areas.get(host).streetCode())) {
                    plan.areaOfCell[c] = owner;
                    taken.add(centre);
                    return new Site("ENCLAVE-1", "enclave", -1, c, host, 0, false);
                }
            }
        }
        throw new IllegalStateException("no farmland block fit for an enclave");
    }

    /**
     * Applies the gap, overlap and sliver sites to the clean area polygons (indexed like
     * {@code plan.areas}) and describes every planted defect except the two the block filler
     * reports (the oversized tower and the demolition zone, see {@link BlockFiller}).
     */
    static List<PlantedDefect> applyToAreas(LandscapePlan plan, Geometry[] areas) {
        Lattice lattice = plan.lattice;
        List<PlantedDefect> planted = new ArrayList<>();
        for (Site site : plan.defectSites) {
            switch (site.kind()) {
                case "gap", "overlap" -> {
                    int[] beside = lattice.cellsBeside(site.edge());
                    int changed = plan.areaOfCell[beside[0]];
                    int neighbour = plan.areaOfCell[beside[1]];
                    boolean gap = site.kind().equals("gap");
                    // a gap is cut from the area's own side; an overlap reaches over to the neighbour's
                    Polygon piece = bulge(lattice, site.edge(), beside[gap ? 0 : 1], site.width(), site.wedge());
                    areas[changed] = gap ? PolygonOverlay.difference(areas[changed], piece) : PolygonOverlay.union(areas[changed], piece);
                    Coordinate at = piece.getInteriorPoint().getCoordinate();
                    planted.add(new PlantedDefect(site.id(), site.kind(), "area",
                            List.of(plan.areas.get(changed).code(), plan.areas.get(neighbour).code()), at.x, at.y,
                            piece.getArea(), String.format(Locale.ROOT, "%s %.1f m wide, %.0f m long along the boundary of %s and %s",
                                    site.wedge() ? "wedge" : "strip", site.width(), length(lattice, site),
                                    plan.areas.get(changed).name(), plan.areas.get(neighbour).name())));
                }
                case "sliver" -> {
                    int[] beside = lattice.cellsBeside(site.edge());
                    int owner = plan.areaOfCell[beside[0]];
                    int host = plan.areaOfCell[beside[1]];
                    Polygon strip = sliver(lattice, site.edge(), beside[1], site.width());
                    areas[owner] = PolygonOverlay.union(areas[owner], strip);
                    areas[host] = PolygonOverlay.difference(areas[host], strip);
                    Coordinate at = strip.getCentroid().getCoordinate();
                    planted.add(new PlantedDefect(site.id(), site.kind(), "area",
                            List.of(plan.areas.get(owner).code(), plan.areas.get(host).code()), at.x, at.y, strip.getArea(),
                            String.format(Locale.ROOT, "separate part %.2f m × %.0f m of %s inside %s, %.0f m from their boundary",
                                    site.width(), SLIVER_LENGTH, plan.areas.get(owner).name(), plan.areas.get(host).name(),
                                    SLIVER_OFFSET)));
                }
                case "enclave" -> {
                    int owner = plan.areaOfCell[site.cell()];
                    Polygon block = lattice.cellPolygon(site.cell());
                    Coordinate at = block.getInteriorPoint().getCoordinate();
                    planted.add(new PlantedDefect(site.id(), site.kind(), "area",
                            List.of(plan.areas.get(owner).code(), plan.areas.get(site.area()).code()), at.x, at.y,
                            block.getArea(), "飞地: block of " + plan.areas.get(owner).name() + " inside "
                                    + plan.areas.get(site.area()).name() + ", which has the matching hole"));
                }
                default -> { }
            }
        }
        return planted;
    }

    /** The buildings of the building_cut sites: a house, a workshop and a shed across a field boundary. */
    static List<CutBuilding> cutBuildings(LandscapePlan plan) {
        Lattice lattice = plan.lattice;
        List<CutBuilding> buildings = new ArrayList<>();
        double[][] sizes = {{13, 10}, {30, 11}, {16, 8}};
        String[] uses = {"住宅", "工业", "其他"};
        int[] floors = {2, 1, 1};
        int k = 0;
        for (Site site : plan.defectSites) {
            if (!site.kind().equals("building_cut")) {
                continue;
            }
            Coordinate a = lattice.edgePath(site.edge())[0];
            Coordinate b = lattice.edgePath(site.edge())[1];
            Coordinate middle = lattice.alongChord(site.edge(), 0.5);
            double bearing = StrictMath.atan2(b.y - a.y, b.x - a.x);
            Polygon footprint = BlockFiller.rectangle(middle.x, middle.y, bearing, sizes[k][0], sizes[k][1]);
            int area = plan.areaOfCell[lattice.cellsBeside(site.edge())[0]];
            buildings.add(new CutBuilding(site, area, footprint, floors[k], uses[k], uses[k].equals("住宅") ? 1 : 0));
            k++;
        }
        return buildings;
    }

    private static double length(Lattice lattice, Site site) {
        Coordinate[] p = lattice.edgePath(site.edge());
        return p[1].distance(p[2]);
    }

    /**
     * The piece between the edge's inserted corner vertices and a parallel line {@code width}
     * metres into {@code towardCell}: a strip (rectangle) or a wedge (triangle).
     */
    private static Polygon bulge(Lattice lattice, int edge, int towardCell, double width, boolean wedge) {
        Coordinate[] p = lattice.edgePath(edge);
        Coordinate a = p[1];
        Coordinate b = p[2];
        double[] n = normalToward(lattice, a, b, towardCell);
        if (wedge) {
            Coordinate apex = Lattice.snapped((a.x + b.x) / 2 + width * n[0], (a.y + b.y) / 2 + width * n[1]);
            return Lattice.FACTORY.createPolygon(new Coordinate[] {a, b, apex, a});
        }
        Coordinate b2 = Lattice.snapped(b.x + width * n[0], b.y + width * n[1]);
        Coordinate a2 = Lattice.snapped(a.x + width * n[0], a.y + width * n[1]);
        return Lattice.FACTORY.createPolygon(new Coordinate[] {a, b, b2, a2, a});
    }

    private static Polygon sliver(Lattice lattice, int edge, int hostCell, double width) {
        Coordinate a = lattice.alongChord(edge, 0.42);
        Coordinate[] p = lattice.edgePath(edge);
        double length = p[0].distance(p[p.length - 1]);
        Coordinate b = lattice.alongChord(edge, 0.42 + SLIVER_LENGTH / length);
        double[] n = normalToward(lattice, a, b, hostCell);
        double near = SLIVER_OFFSET;
        double far = SLIVER_OFFSET + width;
        return Lattice.FACTORY.createPolygon(new Coordinate[] {
            Lattice.snapped(a.x + near * n[0], a.y + near * n[1]), Lattice.snapped(b.x + near * n[0], b.y + near * n[1]),
            Lattice.snapped(b.x + far * n[0], b.y + far * n[1]), Lattice.snapped(a.x + far * n[0], a.y + far * n[1]),
            Lattice.snapped(a.x + near * n[0], a.y + near * n[1])});
    }

    /** The unit normal of segment a→b pointing into {@code cell}. */
    private static double[] normalToward(Lattice lattice, Coordinate a, Coordinate b, int cell) {
        double length = a.distance(b);
        double nx = -(b.y - a.y) / length;
        double ny = (b.x - a.x) / length;
        Coordinate centre = lattice.cellCentre(cell);
        if ((centre.x - a.x) * nx + (centre.y - a.y) * ny < 0) {
            nx = -nx;
            ny = -ny;
        }
        return new double[] {nx, ny};
    }
}
