package cn.jining.census.synthetic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;

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

    private DeliveryGenerator() {
    }

    /**
     * @param crs the system the delivery is written in (geometry is made in EPSG:4548)
     * @param keepResidential whether to return the residential buildings (for household records)
     */
    static Summary generate(LandscapePlan plan, DeliveryWriter writer, DeliveryCrs crs, boolean keepResidential) {
        Lattice lattice = plan.lattice;
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String layer : List.of("street", "area", "road", "water", "landuse", "building")) {
            counts.put(layer, 0);
        }

        int[] streetOfArea = new int[plan.areas.size()];
        for (int a = 0; a < streetOfArea.length; a++) {
            streetOfArea[a] = plan.streetIndexOf(a);
        }
        for (int s = 0; s < plan.streets.size(); s++) {
            final int street = s;
            Geometry shape = unionOfCells(plan, c -> streetOfArea[plan.areaOfCell[c]] == street);
            writer.street(plan.streets.get(s).code(), plan.streets.get(s).name(), crs.fromGaussKruger(shape));
            counts.merge("street", 1, Integer::sum);
        }
        Geometry[] areas = new Geometry[plan.areas.size()];
        for (int a = 0; a < areas.length; a++) {
            final int area = a;
            areas[a] = unionOfCells(plan, c -> plan.areaOfCell[c] == area);
        }
        List<DefectPlanter.PlantedDefect> defects = new ArrayList<>(DefectPlanter.applyToAreas(plan, areas));
        for (int a = 0; a < areas.length; a++) {
            LandscapePlan.AreaPlan area = plan.areas.get(a);
            writer.area(area.code(), area.name(), area.streetCode(), area.kind(), crs.fromGaussKruger(areas[a]));
            counts.merge("area", 1, Integer::sum);
        }

        writeRuns(plan, writer, crs, counts);
        if (plan.river != null && !plan.river.isEmpty()) {
            writer.water(plan.riverName, "河流", crs.fromGaussKruger(plan.river));
            counts.merge("water", 1, Integer::sum);
        }

        BlockFiller filler = new BlockFiller(plan);
        List<ResidentialBuilding> residential = new ArrayList<>();
        long[] households = {0};
        int[] serial = new int[plan.areas.size()];
        Geometry[] demolition = {null};
        int[] demolitionHouseholds = {0};
        // areas are drawn on all cores, a bounded window ahead, and written strictly in order
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
                    window.add(pool.submit(() -> drawArea(plan, filler, area)));
                }
                String code = plan.areas.get(a).code();
                for (Object item : window.poll().get()) {
                    if (item instanceof Parcel p) {
                        writer.landuse(p.dlbm(), p.dlmc(), crs.fromGaussKruger(p.shape()));
                        counts.merge("landuse", 1, Integer::sum);
                        if (p.dlmc().equals(BlockFiller.DEMOLITION_DLMC)) {
                            demolition[0] = demolition[0] == null ? p.shape() : demolition[0].union(p.shape());
                        }
                    } else if (item instanceof Water w) {
                        writer.water(w.name(), w.kind(), crs.fromGaussKruger(w.shape()));
                        counts.merge("water", 1, Integer::sum);
                    } else {
                        BlockFiller.DrawnBuilding b = (BlockFiller.DrawnBuilding) item;
                        String bid = String.format(Locale.ROOT, "%s-%05d", code, ++serial[a]);
                        writer.building(bid, b.floors(), b.use(), b.households(), b.address(), crs.fromGaussKruger(b.footprint()));
                        counts.merge("building", 1, Integer::sum);
                        households[0] += b.households();
                        if (a == plan.demolitionArea) {
                            demolitionHouseholds[0] += b.households();
                        }
                        if (b.households() > 0 && keepResidential) {
                            residential.add(new ResidentialBuilding(bid, code, b.footprint().getCentroid().getCoordinate(), b.households()));
                        }
                        if (b.households() > 999) {
                            Coordinate at = b.footprint().getCentroid().getCoordinate();
                            defects.add(new DefectPlanter.PlantedDefect("HIGHRISE-1", "high_rise_over_999", "building",
                                    List.of(bid), at.x, at.y, b.footprint().getArea(),
                                    b.households() + " households: " + b.floors() + " floors × 4 units × 8, " + b.address()));
                        }
                    }
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
        for (DefectPlanter.CutBuilding cut : DefectPlanter.cutBuildings(plan)) {
            String code = plan.areas.get(cut.area()).code();
            String bid = String.format(Locale.ROOT, "%s-%05d", code, ++serial[cut.area()]);
            String place = plan.areas.get(cut.area()).placeName();
            writer.building(bid, cut.floors(), cut.use(), cut.households(), place + "田间" + cut.site().id().substring(4) + "号",
                    crs.fromGaussKruger(cut.footprint()));
            counts.merge("building", 1, Integer::sum);
            households[0] += cut.households();
            int[] beside = lattice.cellsBeside(cut.site().edge());
            Coordinate at = cut.footprint().getCentroid().getCoordinate();
            defects.add(new DefectPlanter.PlantedDefect(cut.site().id(), "building_cut", "building", List.of(bid), at.x, at.y,
                    cut.footprint().getArea(), String.format(Locale.ROOT, "%s building across the boundary of %s (%s) and %s (%s)",
                            cut.use(), plan.areas.get(plan.areaOfCell[beside[0]]).name(), plan.areas.get(plan.areaOfCell[beside[0]]).code(),
                            plan.areas.get(plan.areaOfCell[beside[1]]).name(), plan.areas.get(plan.areaOfCell[beside[1]]).code())));
        }
        if (demolition[0] != null) {
            Coordinate at = demolition[0].getInteriorPoint().getCoordinate();
            LandscapePlan.AreaPlan area = plan.areas.get(plan.demolitionArea);
            defects.add(new DefectPlanter.PlantedDefect("DEMOLITION-1", "demolition_zone", "landuse", List.of(area.code()),
                    at.x, at.y, demolition[0].getArea(), String.format(Locale.ROOT,
                            "village of %s marked 拆迁区 (dlbm 0702); its houses still hold %d registered households",
                            area.name(), demolitionHouseholds[0])));
        }
        defects.sort((x, y) -> Integer.compare(order(plan, x.id()), order(plan, y.id())));
        return new Summary(counts, households[0], defects, residential);
    }

    private record Parcel(String dlbm, String dlmc, Geometry shape) {
    }

    private record Water(String name, String kind, Geometry shape) {
    }

    /** Everything drawn in one area's cells, in drawing order: parcels, water and buildings. */
    private static List<Object> drawArea(LandscapePlan plan, BlockFiller filler, int area) {
        List<Object> drawn = new ArrayList<>();
        Map<String, Integer> placeNumbers = new java.util.HashMap<>();
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

    private static int order(LandscapePlan plan, String id) {
        for (int k = 0; k < plan.defectSites.size(); k++) {
            if (plan.defectSites.get(k).id().equals(id)) {
                return k;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Geometry unionOfCells(LandscapePlan plan, java.util.function.IntPredicate member) {
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
    private static void writeRuns(LandscapePlan plan, DeliveryWriter writer, DeliveryCrs crs, Map<String, Integer> counts) {
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
                        counts.merge("road", 1, Integer::sum);
                        road = new CoordinateList();
                    }
                    roadKey = nextRoad;
                    if (nextRoad != null) {
                        road.add(lattice.edgePath(e), false);
                    }
                    String nextDitch = e >= 0 && plan.ditchHalfWidth[e] > 0 ? plan.ditchName[e] : null;
                    if (ditchKey != null && !ditchKey.equals(nextDitch)) {
                        Geometry water = line(ditch).buffer(ditchWidth, 4);
                        writer.water(ditchKey, "沟渠", crs.fromGaussKruger(org.locationtech.jts.precision.GeometryPrecisionReducer
                                .reduce(water, Lattice.MILLIMETRE)));
                        counts.merge("water", 1, Integer::sum);
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
}
