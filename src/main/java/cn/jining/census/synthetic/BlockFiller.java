package cn.jining.census.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.precision.GeometryPrecisionReducer;

/**
 * Draws the contents of one lattice cell: the land-use parcels between its road, river and
 * ditch corridors, ponds, and buildings laid out in the cell's own orientation according to its
 * {@link CellUse}, housing about the households the plan gives the cell.
 *
 * <p>Every building lies inside the cell at least {@link LandscapePlan#clearance} from each
 * edge's centreline (more than the road or ditch footprint) and outside the river's footprint
 * plus {@link LandscapePlan#RIVER_MARGIN}: buildings never touch a road, a water surface or a
 * census-area boundary, and no two buildings overlap. Footprints are rectangles on the 1 mm
 * grid. Land-use parcels are snapped to 1 mm and valid; they cover the cell but for pieces under
 * 0.5 m² that snapping leaves.
 */
final class BlockFiller {

    /** Receives what is drawn, in a deterministic order. */
    interface Output {
        void landuse(String dlbm, String dlmc, Geometry g);

        void water(String name, String kind, Geometry g);

        void building(DrawnBuilding building);
    }

    /** A building as drawn, before it receives its bid. */
    record DrawnBuilding(Polygon footprint, int floors, String use, int households, String address) {
    }

    /** Households of the planted oversized tower: 33 floors × 4 units × 8 per floor. */
    static final int OVERSIZED_TOWER_HOUSEHOLDS = 33 * 4 * 8;
    /** How a delivery marks a demolition zone: the landuse name, on a real land-use code. */
    static final String DEMOLITION_DLMC = "拆迁区";

    private static final PreparedGeometryFactory PREPARE = new PreparedGeometryFactory();

    private final LandscapePlan plan;
    private final Lattice lattice;
    private final Geometry riverClearance;

    /** A filler holds no mutable state: cells may be filled on several threads at once. */
    BlockFiller(LandscapePlan plan) {
        this.plan = plan;
        this.lattice = plan.lattice;
        this.riverClearance = plan.river == null ? null : plan.river.buffer(LandscapePlan.RIVER_MARGIN, 4);
        if (riverClearance != null) {
            riverClearance.getEnvelopeInternal(); // cached now, before threads share it
        }
    }

    /**
     * Draws one cell of the territory into {@code out}.
     *
     * @param placeNumbers the last house number given per place name (villages number their
     *     houses 江庄村1号, 江庄村2号, …); one map per area, the area's cells filled in order
     */
    void fill(int cell, Output out, Map<String, Integer> placeNumbers) {
        SplittableRandom random = RandomStreams.of(plan.seed, 41, cell);
        Polygon shape = lattice.cellPolygon(cell);
        Geometry corridors = drawCorridors(cell, shape, out);
        Geometry block = PolygonOverlay.difference(shape, corridors);
        Geometry buildable = buildable(cell, shape);
        Frame frame = new Frame(lattice.cellCentre(cell), lattice.cellBearing(cell));
        Site site = new Site(cell, PREPARE.create(buildable), frame, random, out, placeNumbers);
        switch (plan.use[cell]) {
            case HOUSING -> towers(site);
            case OLD_HOUSING -> walkUps(site);
            case URBAN_VILLAGE -> urbanVillage(site);
            case COMMERCE -> commerce(site);
            case PUBLIC_SERVICE -> school(site);
            case PARK -> park(site);
            case INDUSTRY -> sheds(site, "工业", 150, 95, 80, 130, 35, 60, 2);
            case LOGISTICS -> sheds(site, "其他", 160, 75, 110, 140, 40, 55, 1);
            case VILLAGE, RESETTLEMENT, FARMLAND -> {
                countryside(site, block);
                return;
            }
        }
        emitParcel(out, plan.use[cell].dlbm, plan.use[cell].dlmc, block);
    }

    /**
     * Writes the corridor parcels of the cell (river, railway, roads, ditches, in that order of
     * precedence where they cross) and returns their union.
     */
    private Geometry drawCorridors(int cell, Polygon shape, Output out) {
        List<Geometry> rail = new ArrayList<>();
        List<Geometry> highway = new ArrayList<>();
        List<Geometry> town = new ArrayList<>();
        List<Geometry> lane = new ArrayList<>();
        List<Geometry> ditch = new ArrayList<>();
        for (int e : lattice.edgesAround(cell)) {
            RoadClass road = plan.road[e];
            if (road != null) {
                Geometry footprint = lattice.edgeLine(e).buffer(road.halfWidth(), 4);
                if (road == RoadClass.RAIL) {
                    rail.add(footprint);
                } else if (plan.urbanEdge(e)) {
                    town.add(footprint);
                } else if (road == RoadClass.MAIN || road == RoadClass.SECONDARY) {
                    highway.add(footprint);
                } else {
                    lane.add(footprint);
                }
            } else if (plan.ditchHalfWidth[e] > 0) {
                ditch.add(lattice.edgeLine(e).buffer(plan.ditchHalfWidth[e], 4));
            }
        }
        Geometry taken = Lattice.FACTORY.createPolygon();
        if (plan.river != null && plan.besideRiver(cell)) {
            taken = emitCorridor(out, "1101", "河流水面", List.of(plan.river), shape, taken);
        }
        taken = emitCorridor(out, "1001", "铁路用地", rail, shape, taken);
        taken = emitCorridor(out, "1003", "公路用地", highway, shape, taken);
        taken = emitCorridor(out, "1004", "城镇村道路用地", town, shape, taken);
        taken = emitCorridor(out, "1006", "农村道路", lane, shape, taken);
        return emitCorridor(out, "1107", "沟渠", ditch, shape, taken);
    }

    private Geometry emitCorridor(Output out, String dlbm, String dlmc, List<Geometry> footprints, Polygon shape, Geometry taken) {
        if (footprints.isEmpty()) {
            return taken;
        }
        Geometry within = PolygonOverlay.intersection(UnaryUnionOp.union(footprints), shape);
        Geometry piece = PolygonOverlay.difference(within, taken);
        emitParcel(out, dlbm, dlmc, piece);
        return PolygonOverlay.union(taken, within);
    }

    /** The part of the cell where a building may stand: clear of every edge and of the river. */
    private Geometry buildable(int cell, Polygon shape) {
        List<Geometry> keepOut = new ArrayList<>();
        for (int e : lattice.edgesAround(cell)) {
            if (!plan.onRiver(e)) {
                keepOut.add(lattice.edgeLine(e).buffer(plan.clearance(e), 2));
            }
        }
        Geometry free = PolygonOverlay.difference(shape, UnaryUnionOp.union(keepOut));
        if (riverClearance != null && plan.besideRiver(cell)
                && riverClearance.getEnvelopeInternal().intersects(shape.getEnvelopeInternal())) {
            free = PolygonOverlay.difference(free, riverClearance);
        }
        return free;
    }

    /** Writes the polygonal part of {@code g}, snapped to 1 mm, unless nothing is left of it. */
    static void emitParcel(Output out, String dlbm, String dlmc, Geometry g) {
        Geometry snapped = GeometryPrecisionReducer.reduce(g, Lattice.MILLIMETRE);
        List<Polygon> parts = new ArrayList<>();
        for (Object p : PolygonExtracter.getPolygons(snapped)) {
            if (((Polygon) p).getArea() > 0.5) {
                parts.add((Polygon) p);
            }
        }
        if (!parts.isEmpty()) {
            out.landuse(dlbm, dlmc, parts.size() == 1 ? parts.get(0)
                    : Lattice.FACTORY.createMultiPolygon(parts.toArray(new Polygon[0])));
        }
    }

    // ---- building layouts ----------------------------------------------------------------

    /** High-rise estate: towers of 2–4 units, 11–33 floors, two households per unit and floor. */
    private void towers(Site site) {
        List<Coordinate> grid = site.slots(75, 62, 0);
        int budget = plan.households[site.cell];
        int count = Math.max(1, Math.min(grid.size(), budget / 60));
        // spread the towers evenly over the estate rather than filling it row by row
        List<Coordinate> slots = new ArrayList<>();
        for (int k = 0; k < grid.size(); k++) {
            if ((k * (long) count) % grid.size() < count) {
                slots.add(grid.get(k));
            }
        }
        for (Coordinate at : grid) {
            if (!slots.contains(at)) {
                slots.add(at);
            }
        }
        String estate = site.newNumber();
        boolean[] taken = new boolean[slots.size()];
        int housed = 0;
        int tower = 0;
        for (int k = 0; k < slots.size() && tower < count; k++) {
            // the planted oversized tower is the estate's first
            boolean oversized = site.cell == plan.oversizedTowerCell && tower == 0;
            double wanted = Math.max(44, (budget - housed) / (double) (count - tower));
            int units = oversized ? 4 : 2 + site.random.nextInt(3);
            int floors = oversized ? 33 : (int) Math.max(11, Math.min(33, Math.round(wanted / (units * 2.0))));
            int households = oversized ? OVERSIZED_TOWER_HOUSEHOLDS : floors * units * 2;
            Polygon footprint = oversized ? site.rectangle(slots.get(k), 64, 24) : site.rectangle(slots.get(k), units * 15 + 4, 16);
            if (!site.fits(footprint)) {
                continue;
            }
            taken[k] = true;
            tower++;
            housed += oversized ? 0 : households;
            site.out.building(new DrawnBuilding(footprint, floors, "住宅", households, estate + tower + "号楼"));
        }
        for (int k = slots.size() - 1; k >= 0; k--) {
            // the estate's kindergarten in the last free slot where it fits
            Polygon footprint = site.rectangle(slots.get(k), 30, 20);
            if (!taken[k] && site.fits(footprint)) {
                site.out.building(new DrawnBuilding(footprint, 3, "公共", 0, estate + "幼儿园"));
                break;
            }
        }
    }

    /** Walk-up estate: six-storey slabs of 2–4 units, two households per unit and floor. */
    private void walkUps(Site site) {
        String estate = site.newNumber();
        int housed = 0;
        int slab = 0;
        for (Coordinate at : site.slots(60, 34, 0)) {
            if (housed >= plan.households[site.cell]) {
                break;
            }
            int units = 2 + site.random.nextInt(3);
            Polygon footprint = site.rectangle(at, units * 13, 12);
            if (site.fits(footprint)) {
                slab++;
                housed += 6 * units * 2;
                site.out.building(new DrawnBuilding(footprint, 6, "住宅", 6 * units * 2, estate + slab + "号楼"));
            }
        }
    }

    /** Urban village: three- or four-storey houses, each let to 2–5 households. */
    private void urbanVillage(Site site) {
        String compound = site.newNumber() + "院";
        int house = 0;
        int housed = 0;
        for (Coordinate at : site.slots(15, 18, 1)) {
            if (housed >= plan.households[site.cell]) {
                break;
            }
            Polygon footprint = site.rectangle(at, 12, 10);
            if (site.random.nextDouble() < 0.9 && site.fits(footprint)) {
                int households = 2 + site.random.nextInt(4);
                housed += households;
                site.out.building(new DrawnBuilding(footprint, 3 + site.random.nextInt(2), "住宅", households, compound + ++house + "号"));
            }
        }
    }

    private void commerce(Site site) {
        for (Coordinate at : site.slots(95, 80, 0)) {
            if (site.random.nextDouble() < 0.8) {
                Polygon footprint = site.rectangle(at, RandomStreams.between(site.random, 40, 80),
                        RandomStreams.between(site.random, 25, 45));
                if (site.fits(footprint)) {
                    site.out.building(new DrawnBuilding(footprint, 3 + site.random.nextInt(6), "商业", 0, site.newNumber()));
                }
            }
        }
    }

    /** A school: teaching blocks, a gymnasium, and a clinic. */
    private void school(Site site) {
        String campus = site.newNumber();
        int k = 0;
        for (Coordinate at : site.slots(80, 60, 0)) {
            Polygon footprint = k % 4 == 3 ? site.rectangle(at, 40, 30) : site.rectangle(at, 60, 16);
            if (site.random.nextDouble() < 0.6 && site.fits(footprint)) {
                k++;
                site.out.building(new DrawnBuilding(footprint, k % 4 == 0 ? 2 : 4 + site.random.nextInt(2), "公共", 0,
                        campus + k + "号楼"));
            }
        }
    }

    private void park(Site site) {
        List<Coordinate> slots = site.slots(120, 120, 0);
        for (int k = 0; k < slots.size(); k += 3) {
            Polygon footprint = site.rectangle(slots.get(k), 10, 10);
            if (site.fits(footprint)) {
                site.out.building(new DrawnBuilding(footprint, 1, "其他", 0, site.newNumber()));
            }
        }
    }

    private void sheds(Site site, String use, double pitchAlong, double pitchAcross, double minLength, double maxLength,
            double minDepth, double maxDepth, int maxFloors) {
        for (Coordinate at : site.slots(pitchAlong, pitchAcross, 0)) {
            if (site.random.nextDouble() < 0.8) {
                Polygon footprint = site.rectangle(at, RandomStreams.between(site.random, minLength, Math.min(maxLength, pitchAlong - 12)),
                        RandomStreams.between(site.random, minDepth, Math.min(maxDepth, pitchAcross - 12)));
                if (site.fits(footprint)) {
                    site.out.building(new DrawnBuilding(footprint, 1 + site.random.nextInt(maxFloors), use, 0, site.newNumber()));
                }
            }
        }
    }

    /**
     * Fields, possibly with a pond, and for VILLAGE a settlement of one-household houses, for
     * RESETTLEMENT a compound of six- to eleven-storey blocks.
     */
    private void countryside(Site site, Geometry block) {
        CellUse use = plan.use[site.cell];
        Geometry settlement = null;
        if (use == CellUse.VILLAGE) {
            settlement = village(site);
        } else if (use == CellUse.RESETTLEMENT) {
            settlement = resettlement(site);
        }
        Geometry fields = block;
        if (settlement != null) {
            Geometry plot = PolygonOverlay.intersection(settlement, block);
            boolean demolished = use == CellUse.VILLAGE && plan.areaOfCell[site.cell] == plan.demolitionArea;
            emitParcel(site.out, use == CellUse.VILLAGE ? "0702" : "0701",
                    demolished ? DEMOLITION_DLMC : use == CellUse.VILLAGE ? "农村宅基地" : "城镇住宅用地", plot);
            fields = PolygonOverlay.difference(fields, settlement);
        }
        Polygon pond = site.random.nextDouble() < 0.35 ? pond(site, settlement) : null;
        if (pond != null) {
            site.out.water("", "坑塘", pond);
            emitParcel(site.out, "1104", "坑塘水面", pond);
            fields = PolygonOverlay.difference(fields, pond);
        }
        double draw = site.random.nextDouble();
        String[] crop = use != CellUse.FARMLAND || draw < 0.6 ? new String[] {"0103", "旱地"}
                : draw < 0.85 ? new String[] {"0102", "水浇地"} : draw < 0.92 ? new String[] {"0201", "果园"}
                : new String[] {"1202", "设施农用地"};
        emitParcel(site.out, crop[0], crop[1], fields);
        if (crop[0].equals("1202")) {
            greenhouses(site, pond);
        } else {
            farmSheds(site, settlement, pond);
        }
    }

    /** A hamlet: rows of courtyard houses inside an irregular outline sized for its households. */
    private Geometry village(Site site) {
        int houses = plan.households[site.cell];
        double radius = Math.sqrt(houses * 16 * 22 / 0.8 / Math.PI);
        Coordinate centre = site.frame.at(RandomStreams.between(site.random, -30, 30), RandomStreams.between(site.random, -30, 30));
        Polygon outline = site.blob(centre, radius * 1.1, radius / 1.1, 0.12);
        PreparedGeometry inside = PREPARE.create(outline);
        int built = 0;
        String place = plan.areas.get(plan.areaOfCell[site.cell]).placeName();
        for (Coordinate at : site.slots(16, 22, 1)) {
            if (built >= houses) {
                break;
            }
            Polygon footprint = site.rectangle(at, RandomStreams.between(site.random, 10.5, 13), RandomStreams.between(site.random, 8.5, 10.5));
            if (site.random.nextDouble() < 0.92 && inside.containsProperly(footprint) && site.fits(footprint)) {
                built++;
                site.out.building(new DrawnBuilding(footprint, site.random.nextDouble() < 0.6 ? 1 : 2, "住宅", 1,
                        place + site.nextOfPlace(place) + "号"));
            }
        }
        return outline;
    }

    /** A resettlement compound: blocks nearest the cell centre until the households are housed. */
    private Geometry resettlement(Site site) {
        List<Coordinate> slots = site.slots(55, 34, 0);
        Coordinate centre = site.frame.origin;
        slots.sort((a, b) -> Double.compare(a.distance(centre), b.distance(centre)));
        String place = plan.areas.get(plan.areaOfCell[site.cell]).placeName();
        List<Geometry> drawn = new ArrayList<>();
        int housed = 0;
        for (Coordinate at : slots) {
            if (housed >= plan.households[site.cell]) {
                break;
            }
            int units = 2 + site.random.nextInt(2);
            int floors = site.random.nextDouble() < 0.3 ? 11 : 6;
            Polygon footprint = site.rectangle(at, units * 14, 12);
            if (site.fits(footprint)) {
                drawn.add(footprint);
                housed += floors * units * 2;
                site.out.building(new DrawnBuilding(footprint, floors, "住宅", floors * units * 2, place + site.nextOfPlace(place) + "号楼"));
            }
        }
        if (drawn.isEmpty()) {
            return null;
        }
        return Lattice.FACTORY.buildGeometry(drawn).convexHull().buffer(12, 2);
    }

    private Polygon pond(Site site, Geometry settlement) {
        for (int attempt = 0; attempt < 6; attempt++) {
            Coordinate centre = site.frame.at(RandomStreams.between(site.random, -150, 150), RandomStreams.between(site.random, -150, 150));
            double radius = RandomStreams.between(site.random, 15, 35);
            Polygon pond = site.blob(centre, radius * 1.3, radius, 0.1);
            if (site.buildable.containsProperly(pond.buffer(4, 2))
                    && (settlement == null || !settlement.buffer(10, 2).intersects(pond))) {
                return pond;
            }
        }
        return null;
    }

    private void farmSheds(Site site, Geometry settlement, Polygon pond) {
        int sheds = site.random.nextInt(3);
        for (int k = 0; k < sheds; k++) {
            Coordinate at = site.frame.at(RandomStreams.between(site.random, -170, 170), RandomStreams.between(site.random, -170, 170));
            Polygon footprint = site.rectangle(at, RandomStreams.between(site.random, 8, 18), RandomStreams.between(site.random, 5, 9));
            if (site.fits(footprint) && (settlement == null || !settlement.buffer(5, 2).intersects(footprint))
                    && (pond == null || !pond.buffer(5, 2).intersects(footprint))) {
                site.out.building(new DrawnBuilding(footprint, 1, "其他", 0, site.newNumber()));
            }
        }
    }

    private void greenhouses(Site site, Polygon pond) {
        String farm = site.newNumber();
        int shed = 0;
        for (Coordinate at : site.slots(70, 14, 0)) {
            Polygon footprint = site.rectangle(at, 60, 8);
            if (site.random.nextDouble() < 0.7 && site.fits(footprint) && (pond == null || !pond.buffer(5, 2).intersects(footprint))) {
                site.out.building(new DrawnBuilding(footprint, 1, "其他", 0, farm + ++shed + "号棚"));
            }
        }
    }

    // ---- addresses ------------------------------------------------------------------------

    /**
     * The edge whose road a cell's buildings take their numbers on: its most important named
     * road, or -1 when none is named (the buildings then number on the area's place name).
     */
    private int addressEdge(int cell) {
        int best = -1;
        for (int e : lattice.edgesOf(cell)) {
            if (plan.road[e] != null && plan.road[e] != RoadClass.RAIL && plan.roadName[e] != null
                    && !plan.roadName[e].isEmpty() && (best < 0 || plan.road[e].ordinal() < plan.road[best].ordinal())) {
                best = e;
            }
        }
        return best;
    }

    // ---- geometry helpers -----------------------------------------------------------------

    /**
     * A rectangle centred on ({@code x}, {@code y}), {@code length} metres along
     * {@code bearing} (radians from east) and {@code depth} across, corners on the 1 mm grid.
     */
    static Polygon rectangle(double x, double y, double bearing, double length, double depth) {
        double ux = StrictMath.cos(bearing);
        double uy = StrictMath.sin(bearing);
        double hl = length / 2;
        double hd = depth / 2;
        Coordinate a = Lattice.snapped(x - ux * hl + uy * hd, y - uy * hl - ux * hd);
        Coordinate b = Lattice.snapped(x + ux * hl + uy * hd, y + uy * hl - ux * hd);
        Coordinate c = Lattice.snapped(x + ux * hl - uy * hd, y + uy * hl + ux * hd);
        Coordinate d = Lattice.snapped(x - ux * hl - uy * hd, y - uy * hl + ux * hd);
        return Lattice.FACTORY.createPolygon(new Coordinate[] {a, b, c, d, a});
    }

    /** A cell's own axes: origin at its centre, u along its south edge, v across. */
    private record Frame(Coordinate origin, double bearing) {
        Coordinate at(double u, double v) {
            double cos = StrictMath.cos(bearing);
            double sin = StrictMath.sin(bearing);
            return new Coordinate(origin.x + u * cos - v * sin, origin.y + u * sin + v * cos);
        }
    }

    /** The drawing state of one cell. */
    private final class Site {
        final int cell;
        final PreparedGeometry buildable;
        final Frame frame;
        final SplittableRandom random;
        final Output out;
        final Map<String, Integer> placeNumbers;
        final String road;
        /** Next house number on {@link #road}: odd on one side of the road, even on the other. */
        int number;

        Site(int cell, PreparedGeometry buildable, Frame frame, SplittableRandom random, Output out,
                Map<String, Integer> placeNumbers) {
            this.cell = cell;
            this.buildable = buildable;
            this.frame = frame;
            this.random = random;
            this.out = out;
            this.placeNumbers = placeNumbers;
            int edge = addressEdge(cell);
            if (edge >= 0) {
                // numbers grow along the road, 120 per block: 60 a side, so neighbours never share one
                road = plan.roadName[edge];
                number = lattice.positionOnLine(edge) * 120 + (lattice.cellsBeside(edge)[0] == cell ? 1 : 2);
            } else {
                road = plan.areas.get(plan.areaOfCell[cell]).placeName();
                number = -1;
            }
        }

        /** Slot centres on a grid in the cell's frame, row by row, jittered by up to {@code jitter} m. */
        List<Coordinate> slots(double pitchAlong, double pitchAcross, double jitter) {
            double reach = lattice.spacing * 0.75;
            List<Coordinate> slots = new ArrayList<>();
            for (double v = -reach; v <= reach; v += pitchAcross) {
                for (double u = -reach; u <= reach; u += pitchAlong) {
                    Coordinate at = frame.at(u + RandomStreams.between(random, -jitter, jitter),
                            v + RandomStreams.between(random, -jitter, jitter));
                    if (buildable.getGeometry().getEnvelopeInternal().contains(at)) {
                        slots.add(at);
                    }
                }
            }
            return slots;
        }

        Polygon rectangle(Coordinate at, double length, double depth) {
            return BlockFiller.rectangle(at.x, at.y, frame.bearing, length, depth);
        }

        boolean fits(Polygon footprint) {
            return buildable.containsProperly(footprint);
        }

        /** The next house number on this cell's address road, e.g. 海川路17号. */
        String newNumber() {
            if (number < 0) {
                return road + nextOfPlace(road) + "号";
            }
            number += 2;
            return road + (number - 2) + "号";
        }

        int nextOfPlace(String place) {
            return placeNumbers.merge(place, 1, Integer::sum);
        }

        /** An irregular round outline (48 vertices), radii in metres, wobble as a fraction. */
        Polygon blob(Coordinate centre, double radiusAlong, double radiusAcross, double wobble) {
            double p1 = random.nextDouble() * 6.283;
            double p2 = random.nextDouble() * 6.283;
            Coordinate[] ring = new Coordinate[49];
            for (int k = 0; k < 48; k++) {
                double phi = k * 2 * Math.PI / 48;
                double r = 1 + wobble * StrictMath.sin(3 * phi + p1) + wobble * 0.7 * StrictMath.sin(5 * phi + p2);
                double u = radiusAlong * r * StrictMath.cos(phi);
                double v = radiusAcross * r * StrictMath.sin(phi);
                double cos = StrictMath.cos(frame.bearing);
                double sin = StrictMath.sin(frame.bearing);
                ring[k] = Lattice.snapped(centre.x + u * cos - v * sin, centre.y + u * sin + v * cos);
            }
            ring[48] = ring[0];
            return Lattice.FACTORY.createPolygon(ring);
        }
    }
}
