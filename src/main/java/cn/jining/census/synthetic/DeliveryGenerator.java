package cn.jining.census.synthetic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;

import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.precision.GeometryPrecisionReducer;

/**
 * Draws a {@link LandscapePlan} into a delivery: streets and areas as unions of their cells
 * (with the planted defects applied), roads and ditches as runs of lattice edges, the river, and
 * then cell by cell the land-use parcels, ponds and buildings. Areas are drawn on all cores a
 * few at a time and written strictly in area order as they complete, so memory stays flat
 * however many buildings there are and the file does not depend on thread timing.
 *
 * <p>Building ids are the area code, a dash and a five-digit serial within the area
 * ({@code 370871001001-00042}); the serial follows the drawing order.
 */
final class DeliveryGenerator {

    /** A residential building as household records need it: id, a point inside, households. */
    record ResidentialBuilding(String bid, String areaCode, Coordinate inside, int households) {
    }

    /** What was written. */
    record Summary(Map<String, Integer> featuresPerLayer, long households, List<DefectPlanter.PlantedDefect> defects,
            List<ResidentialBuilding> residential) {
    }

    private record Parcel(String dlbm, String dlmc, Geometry shape) {
    }

    private record Water(String name, String kind, Geometry shape) {
    }

    private final LandscapePlan plan;
    private final DeliveryWriter writer;
    private final DeliveryCrs crs;
    private final boolean keepResidential;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<DefectPlanter.PlantedDefect> defects = new ArrayList<>();
    private final List<ResidentialBuilding> residential = new ArrayList<>();
    private final int[] serial;
    private long households;
    private Geometry demolitionZone;
    private int demolitionHouseholds;

    private DeliveryGenerator(LandscapePlan plan, DeliveryWriter writer, DeliveryCrs crs, boolean keepResidential) {
        this.plan = plan;
        this.writer = writer;
        this.crs = crs;
        this.keepResidential = keepResidential;
        this.serial = new int[plan.areas.size()];
        for (String layer : List.of("street", "area", "road", "water", "landuse", "building")) {
            counts.put(layer, 0);
        }
    }

    /**
     * @param crs the system the delivery is written in (geometry is made in EPSG:4548)
     * @param keepResidential whether to return the residential buildings (for household records)
     */
    static Summary generate(LandscapePlan plan, DeliveryWriter writer, DeliveryCrs crs, boolean keepResidential) {
        DeliveryGenerator run = new DeliveryGenerator(plan, writer, crs, keepResidential);
        run.writeStreetsAndAreas();
        run.writeRoadsAndDitches();
        if (plan.river != null && !plan.river.isEmpty()) {
            writer.water(plan.riverName, "河流", crs.fromGaussKruger(plan.river));
            run.counted("water");
        }
        run.drawCells();
        run.writeCutBuildings();
        run.describeDemolitionZone();
        run.defects.sort((x, y) -> Integer.compare(run.siteOrder(x.id()), run.siteOrder(y.id())));
        return new Summary(run.counts, run.households, run.defects, run.residential);
    }

    private void counted(String layer) {
        counts.merge(layer, 1, Integer::sum);
    }

    private void writeStreetsAndAreas() {
        int[] streetOfArea = new int[plan.areas.size()];
        for (int a = 0; a < streetOfArea.length; a++) {
            streetOfArea[a] = plan.streetIndexOf(a);
        }
        for (int s = 0; s < plan.streets.size(); s++) {
            final int street = s;
            Geometry shape = unionOfCells(c -> streetOfArea[plan.areaOfCell[c]] == street);
            writer.street(plan.streets.get(s).code(), plan.streets.get(s).name(), crs.fromGaussKruger(shape));
            counted("street");
        }
        Geometry[] areas = new Geometry[plan.areas.size()];
        for (int a = 0; a < areas.length; a++) {
            final int area = a;
            areas[a] = unionOfCells(c -> plan.areaOfCell[c] == area);
        }
        defects.addAll(DefectPlanter.applyToAreas(plan, areas));
        for (int a = 0; a < areas.length; a++) {
            LandscapePlan.AreaPlan area = plan.areas.get(a);
            writer.area(area.code(), area.name(), area.streetCode(), area.kind(), crs.fromGaussKruger(areas[a]));
            counted("area");
        }
    }

    private Geometry unionOfCells(IntPredicate member) {
        List<Geometry> cells = new ArrayList<>();
        for (int c = 0; c < plan.areaOfCell.length; c++) {
            if (plan.inside(c) && member.test(c)) {
                cells.add(plan.lattice.cellPolygon(c));
            }
        }
        return CoverageUnion.union(cells.toArray(new Geometry[0]));
    }

    /**
     * Roads and ditches: along each lattice line, consecutive edges of the same road (class and
     * name) or the same ditch become one feature.
     */
    private void writeRoadsAndDitches() {
        Lattice lattice = plan.lattice;
        for (int vertical = 0; vertical <= 1; vertical++) {
            int lines = vertical == 1 ? lattice.columns + 1 : lattice.rows + 1;
            int positions = vertical == 1 ? lattice.rows : lattice.columns;
            for (int line = 0; line < lines; line++) {
                String roadKey = null;
                String ditchKey = null;
                CoordinateList road = new CoordinateList();
                CoordinateList ditch = new CoordinateList();
                double ditchWidth = 0;
                for (int p = 0; p <= positions; p++) {
                    int e = p == positions ? -1 : vertical == 1 ? lattice.verticalEdge(line, p) : lattice.horizontalEdge(p, line);
                    String nextRoad = e >= 0 && plan.road[e] != null ? plan.road[e].label + "|" + plan.roadName[e] : null;
                    if (roadKey != null && !roadKey.equals(nextRoad)) {
                        String[] key = roadKey.split("\\|", -1);
                        writer.road(key[1], key[0], crs.fromGaussKruger(line(road)));
                        counted("road");
                        road = new CoordinateList();
                    }
                    roadKey = nextRoad;
                    if (nextRoad != null) {
                        road.add(lattice.edgePath(e), false);
                    }
                    String nextDitch = e >= 0 && plan.ditchHalfWidth[e] > 0 ? plan.ditchName[e] : null;
                    if (ditchKey != null && !ditchKey.equals(nextDitch)) {
                        Geometry water = GeometryPrecisionReducer.reduce(line(ditch).buffer(ditchWidth, 4), Lattice.MILLIMETRE);
                        writer.water(ditchKey, "沟渠", crs.fromGaussKruger(water));
                        counted("water");
                        ditch = new CoordinateList();
                    }
                    ditchKey = nextDitch;
                    if (nextDitch != null) {
                        ditch.add(lattice.edgePath(e), false);
                        ditchWidth = plan.ditchHalfWidth[e];
                    }
                }
            }
        }
    }

    private static LineString line(CoordinateList coordinates) {
        return Lattice.FACTORY.createLineString(coordinates.toCoordinateArray());
    }

    /** Draws the areas' cells on all cores, a bounded window ahead, and writes them in area order. */
    private void drawCells() {
        BlockFiller filler = new BlockFiller(plan);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "block-filler");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<List<Object>>> window = new ArrayDeque<>();
            int nextToDraw = 0;
            for (int a = 0; a < plan.areas.size(); a++) {
                while (nextToDraw < plan.areas.size() && window.size() < 4 * threads) {
                    final int area = nextToDraw++;
                    window.add(pool.submit(() -> drawArea(filler, area)));
                }
                for (Object item : window.poll().get()) {
                    write(a, item);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("drawing an area failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Everything drawn in one area's cells, in drawing order: parcels, water and buildings. */
    private List<Object> drawArea(BlockFiller filler, int area) {
        List<Object> drawn = new ArrayList<>();
        Map<String, Integer> placeNumbers = new HashMap<>();
        BlockFiller.Output out = new BlockFiller.Output() {
            @Override
            public void landuse(String dlbm, String dlmc, Geometry g) {
                drawn.add(new Parcel(dlbm, dlmc, g));
            }

            @Override
            public void water(String name, String kind, Geometry g) {
                drawn.add(new Water(name, kind, g));
            }

            @Override
            public void building(BlockFiller.DrawnBuilding building) {
                drawn.add(building);
            }
        };
        for (int cell : plan.cellsOf(area)) {
            filler.fill(cell, out, placeNumbers);
        }
        return drawn;
    }

    private void write(int area, Object item) {
        if (item instanceof Parcel p) {
            writer.landuse(p.dlbm(), p.dlmc(), crs.fromGaussKruger(p.shape()));
            counted("landuse");
            if (p.dlmc().equals(BlockFiller.DEMOLITION_DLMC)) {
                demolitionZone = demolitionZone == null ? p.shape() : demolitionZone.union(p.shape());
            }
        } else if (item instanceof Water w) {
            writer.water(w.name(), w.kind(), crs.fromGaussKruger(w.shape()));
            counted("water");
        } else {
            BlockFiller.DrawnBuilding b = (BlockFiller.DrawnBuilding) item;
            String bid = writeBuilding(area, b.floors(), b.use(), b.households(), b.address(), b.footprint());
            if (area == plan.demolitionArea) {
                demolitionHouseholds += b.households();
            }
            if (b.households() > 0 && keepResidential) {
                residential.add(new ResidentialBuilding(bid, plan.areas.get(area).code(),
                        b.footprint().getCentroid().getCoordinate(), b.households()));
            }
            if (b.households() > 999) {
                Coordinate at = b.footprint().getCentroid().getCoordinate();
                defects.add(new DefectPlanter.PlantedDefect("HIGHRISE-1", "high_rise_over_999", "building",
                        List.of(bid), at.x, at.y, b.footprint().getArea(),
                        b.households() + " households: " + b.floors() + " floors × 4 units × 8, " + b.address()));
            }
        }
    }

    private String writeBuilding(int area, int floors, String use, int households, String address, Geometry footprint) {
        String bid = String.format(Locale.ROOT, "%s-%05d", plan.areas.get(area).code(), ++serial[area]);
        writer.building(bid, floors, use, households, address, crs.fromGaussKruger(footprint));
        counted("building");
        this.households += households;
        return bid;
    }

    private void writeCutBuildings() {
        for (DefectPlanter.CutBuilding cut : DefectPlanter.cutBuildings(plan)) {
            String address = plan.areas.get(cut.area()).placeName() + "田间" + cut.site().id().substring(4) + "号";
            String bid = writeBuilding(cut.area(), cut.floors(), cut.use(), cut.households(), address, cut.footprint());
            int[] beside = plan.lattice.cellsBeside(cut.site().edge());
            LandscapePlan.AreaPlan one = plan.areas.get(plan.areaOfCell[beside[0]]);
            LandscapePlan.AreaPlan other = plan.areas.get(plan.areaOfCell[beside[1]]);
            Coordinate at = cut.footprint().getCentroid().getCoordinate();
            defects.add(new DefectPlanter.PlantedDefect(cut.site().id(), "building_cut", "building", List.of(bid), at.x, at.y,
                    cut.footprint().getArea(), String.format(Locale.ROOT, "%s building across the boundary of %s (%s) and %s (%s)",
                            cut.use(), one.name(), one.code(), other.name(), other.code())));
        }
    }

    private void describeDemolitionZone() {
        if (demolitionZone == null) {
            return;
        }
        Coordinate at = demolitionZone.getInteriorPoint().getCoordinate();
        LandscapePlan.AreaPlan area = plan.areas.get(plan.demolitionArea);
        defects.add(new DefectPlanter.PlantedDefect("DEMOLITION-1", "demolition_zone", "landuse", List.of(area.code()),
                at.x, at.y, demolitionZone.getArea(), String.format(Locale.ROOT,
                        "village of %s marked 拆迁区 (dlbm 0702); its houses still hold %d registered households",
                        area.name(), demolitionHouseholds)));
    }

    private int siteOrder(String id) {
        for (int k = 0; k < plan.defectSites.size(); k++) {
            if (plan.defectSites.get(k).id().equals(id)) {
                return k;
            }
        }
        return Integer.MAX_VALUE;
    }
}
