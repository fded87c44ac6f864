package cn.jining.census.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import org.locationtech.jts.geom.Coordinate;

/**
 * Plans the synthetic 济宁高新区: the real five streets and 123 census areas of the division
 * list laid over a 52 × 28 lattice of 480 m cells east of Jining's centre (EPSG:4548 easting
 * about 465 000–490 000, northing 3 914 000–3 928 000, i.e. 116.6–116.9°E, 35.36–35.48°N).
 *
 * <p>The 洸府河 runs north–south through the west and no street crosses it: 洸河 and 柳行 lie
 * west of it around the town centre, 接庄, 王因 and 黄屯 east. Residents' committees take the
 * cells nearest the town centre, industrial parks fill the near-town country east of the
 * river, villages (one settlement each, 新村 as resettlement compounds) and fields the rest.
 */
final class DistrictPlanner {

    static final int COLUMNS = 52;
    static final int ROWS = 28;
    static final double SPACING = 480;
    static final double ORIGIN_X = 465_000;
    static final double ORIGIN_Y = 3_914_200;
    static final int RIVER_LINE = 15;
    static final int RAIL_LINE = 21;

    private static final String[] NORTH_SOUTH_MAIN = {"海川路", "同济路", "火炬路", "杏林路", "康泰路", "开源路", "科苑路",
        "创新路", "嘉和路", "接庄大道", "宏源路", "黄屯路", "东外环路"};
    private static final String[] NORTH_SOUTH_SECONDARY = {"崇德路", "万福路", "金城路", "兴业路", "荣昌路", "仁美路",
        "贯集路", "前苏路", "袁庄路", "栗园路", "郝庄路", "蒋屯路", "任桥路"};
    private static final String[] EAST_WEST_MAIN = {"南外环路", "金宇路", "327国道", "崇文大道", "蓼河路", "柳行大街", "北外环路"};
    private static final String[] EAST_WEST_SECONDARY = {"王因大街", "诗仙路", "山博路", "吴泰闸路", "永丰街", "惠民路", "兴唐路", "北环街"};
    private static final String[] LANES = {"荷花路", "紫薇路", "玉兰路", "桂花路", "枫林路", "青年路", "宁安路", "富民路",
        "丰收路", "福安街", "和顺街", "学府街", "文昌街", "育才路", "新华街", "民生路", "春晖路", "秋实路"};
    private static final String[] DITCHES = {"跃进沟", "幸福渠", "团结沟", "红旗沟", "胜利渠"};

    /** Street seeds as lattice cells (column, row): 洸河, 柳行, 接庄, 王因, 黄屯. */
    private static final int[][] STREET_SEEDS = {{7, 10}, {7, 19}, {30, 19}, {27, 6}, {44, 13}};

    private DistrictPlanner() {
    }

    /**
     * @param divisions the district's division list (district, 5 streets, 123 areas)
     * @param seed the random seed; the same seed gives the same plan
     * @param plantDefects whether to choose places for the planted defects
     */
    static LandscapePlan plan(List<Division> divisions, long seed, boolean plantDefects) {
        Lattice lattice = new Lattice(COLUMNS, ROWS, ORIGIN_X, ORIGIN_Y, SPACING, RandomStreams.of(seed, 1));
        LandscapePlan plan = new LandscapePlan(lattice, seed);
        plan.riverLine = RIVER_LINE;
        plan.riverName = "洸府河";
        boolean[] inside = TerritoryMask.blob(lattice, RandomStreams.of(seed, 2), 0.93);
        Coordinate[] centres = IntStream.range(0, lattice.cellCount()).mapToObj(lattice::cellCentre).toArray(Coordinate[]::new);
        Coordinate townCentre = lattice.cellCentre(lattice.cell(7, 13));

        List<Division> streetRows = divisions.stream().filter(d -> d.level().equals("street")).toList();
        for (Division s : streetRows) {
            plan.streets.add(new LandscapePlan.StreetPlan(s.code(), s.name()));
        }
        List<List<Division>> areasByStreet = new ArrayList<>();
        double[] streetTargets = new double[streetRows.size()];
        for (int s = 0; s < streetRows.size(); s++) {
            String code = streetRows.get(s).code();
            List<Division> rows = divisions.stream().filter(d -> d.level().equals("area") && d.parentCode().equals(code)).toList();
            areasByStreet.add(rows);
            streetTargets[s] = rows.stream().mapToDouble(d -> d.areaKind().equals("社区") ? 0.45 : 1.0).sum();
        }

        // streets: grown from their seeds, never across the river
        int[] streetSeeds = new int[streetRows.size()];
        for (int s = 0; s < streetSeeds.length; s++) {
            int[] at = STREET_SEEDS[s];
            boolean west = at[0] < RIVER_LINE;
            streetSeeds[s] = nearestCell(lattice, centres, inside, lattice.cellCentre(lattice.cell(at[0], at[1])),
                    c -> (lattice.cellColumn(c) < RIVER_LINE) == west);
        }
        int[] streetOfCell = RegionGrower.grow(lattice.cellCount(), c -> inside[c],
                c -> Arrays.stream(lattice.neighbours(c)).filter(n -> !crossesRiver(lattice, n[1])).mapToInt(n -> n[0]).toArray(),
                centres, streetSeeds, streetTargets);
        for (int c = 0; c < inside.length; c++) {
            inside[c] = inside[c] && streetOfCell[c] >= 0;
        }

        // areas: within each street, residents' committees on the seeds nearest the town centre
        for (int s = 0; s < streetRows.size(); s++) {
            final int street = s;
            int[] cells = IntStream.range(0, lattice.cellCount()).filter(c -> inside[c] && streetOfCell[c] == street).toArray();
            List<Division> rows = areasByStreet.get(s);
            int[] seeds = RegionGrower.spreadSeeds(cells, centres, townCentre, rows.size());
            Integer[] byNearness = Arrays.stream(seeds).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> centres[c].distance(townCentre)).thenComparing(c -> c))
                    .toArray(Integer[]::new);
            List<Division> communitiesFirst = new ArrayList<>(rows.stream().filter(d -> d.areaKind().equals("社区")).toList());
            communitiesFirst.addAll(rows.stream().filter(d -> !d.areaKind().equals("社区")).toList());
            int[] areaSeeds = new int[rows.size()];
            double[] targets = new double[rows.size()];
            int firstArea = plan.areas.size();
            for (int k = 0; k < communitiesFirst.size(); k++) {
                Division d = communitiesFirst.get(k);
                boolean community = d.areaKind().equals("社区");
                areaSeeds[k] = byNearness[k];
                targets[k] = community ? 0.45 : 1.0;
                plan.areas.add(new LandscapePlan.AreaPlan(d.code(), d.name(), d.parentCode(), d.areaKind(),
                        LandscapePlan.placeName(d.name(), community), areaSeeds[k]));
            }
            int[] owner = RegionGrower.grow(lattice.cellCount(), c -> inside[c] && streetOfCell[c] == street,
                    c -> Arrays.stream(lattice.neighbours(c)).mapToInt(n -> n[0]).toArray(), centres, areaSeeds, targets);
            for (int c : cells) {
                plan.areaOfCell[c] = firstArea + owner[c];
            }
        }
        // write areas in code order, as the division list does
        reorderAreasByCode(plan);

        assignUses(plan, townCentre);
        plan.classifyEdges((vertical, line) -> lineClass(vertical, line), (vertical, line) -> lineName(vertical, line), DITCHES);
        for (int e = 0; e < lattice.edgeCount(); e++) {
            if (plan.road[e] != null && !lattice.isVertical(e) && lattice.lineOf(e) == RAIL_LINE) {
                plan.roadName[e] = "新石铁路";
            }
        }
        if (plantDefects) {
            DefectPlanter.chooseSites(plan, townCentre);
        }
        plan.meanderRiver();
        plan.drawRiver(plan.territory());
        return plan;
    }

    private static boolean crossesRiver(Lattice lattice, int edge) {
        return lattice.isVertical(edge) && lattice.lineOf(edge) == RIVER_LINE;
    }

    private static RoadClass lineClass(boolean vertical, int line) {
        if (vertical) {
            return line % 4 == 1 ? RoadClass.MAIN : line % 4 == 3 ? RoadClass.SECONDARY : null;
        }
        if (line == RAIL_LINE) {
            return RoadClass.RAIL;
        }
        return line % 4 == 2 ? RoadClass.MAIN : line % 4 == 0 && line > 0 ? RoadClass.SECONDARY : null;
    }

    private static String lineName(boolean vertical, int line) {
        if (vertical) {
            if (line % 4 == 1) {
                return NORTH_SOUTH_MAIN[line / 4 % NORTH_SOUTH_MAIN.length];
            }
            if (line % 4 == 3) {
                return NORTH_SOUTH_SECONDARY[line / 4 % NORTH_SOUTH_SECONDARY.length];
            }
        } else {
            if (line % 4 == 2) {
                return EAST_WEST_MAIN[line / 4 % EAST_WEST_MAIN.length];
            }
            if (line % 4 == 0) {
                return EAST_WEST_SECONDARY[line / 4 % EAST_WEST_SECONDARY.length];
            }
        }
        // about one lane in three is unnamed on the bureau's map
        int pick = Math.floorMod(line * 5 + (vertical ? 0 : 9), LANES.length + 8);
        return pick < LANES.length ? LANES[pick] : "";
    }

    private static void reorderAreasByCode(LandscapePlan plan) {
        List<LandscapePlan.AreaPlan> sorted = new ArrayList<>(plan.areas);
        sorted.sort(Comparator.comparing(LandscapePlan.AreaPlan::code));
        int[] newIndex = new int[sorted.size()];
        for (int k = 0; k < plan.areas.size(); k++) {
            newIndex[k] = sorted.indexOf(plan.areas.get(k));
        }
        for (int c = 0; c < plan.areaOfCell.length; c++) {
            if (plan.areaOfCell[c] >= 0) {
                plan.areaOfCell[c] = newIndex[plan.areaOfCell[c]];
            }
        }
        plan.areas.clear();
        plan.areas.addAll(sorted);
    }

    private static void assignUses(LandscapePlan plan, Coordinate townCentre) {
        Lattice lattice = plan.lattice;
        for (int a = 0; a < plan.areas.size(); a++) {
            LandscapePlan.AreaPlan area = plan.areas.get(a);
            SplittableRandom random = RandomStreams.of(plan.seed, 21, a);
            Coordinate seedCentre = lattice.cellCentre(area.seedCell());
            int[] cells = Arrays.stream(plan.cellsOf(a)).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> lattice.cellCentre(c).distance(seedCentre)).thenComparing(c -> c))
                    .mapToInt(Integer::intValue).toArray();
            if (area.code().equals("370871004400")) {
                // 杨村矿: the mine's housing quarter next to the pit head
                plan.use[cells[0]] = CellUse.HOUSING;
                plan.households[cells[0]] = 2400;
                for (int k = 1; k < cells.length; k++) {
                    plan.use[cells[k]] = k == 1 ? CellUse.INDUSTRY : CellUse.FARMLAND;
                }
            } else if (area.community()) {
                assignCommunityUses(plan, cells, random, (int) RandomStreams.between(random, 4200, 6800));
            } else {
                boolean resettled = area.name().contains("新村");
                int target = area.name().equals("苗圃生活区") ? 60
                        : resettled ? (int) RandomStreams.between(random, 450, 1000) : (int) RandomStreams.between(random, 140, 480);
                plan.use[cells[0]] = resettled ? CellUse.RESETTLEMENT : CellUse.VILLAGE;
                plan.households[cells[0]] = target;
                int settlements = 1;
                if (!resettled && target > 330 && cells.length > 2) {
                    // a large village is two hamlets (自然村) in neighbouring blocks
                    plan.use[cells[1]] = CellUse.VILLAGE;
                    plan.households[cells[0]] = target / 2;
                    plan.households[cells[1]] = target - target / 2;
                    settlements = 2;
                }
                for (int k = settlements; k < cells.length; k++) {
                    int c = cells[k];
                    double fromTown = lattice.cellCentre(c).distance(townCentre);
                    double draw = random.nextDouble();
                    plan.use[c] = fromTown < 7500 && draw < 0.45 ? CellUse.INDUSTRY
                            : fromTown < 7500 && draw < 0.57 ? CellUse.LOGISTICS : CellUse.FARMLAND;
                }
            }
        }
        int chongwen = areaIndex(plan, "370871002007");
        plan.oversizedTowerCell = plan.areas.get(chongwen).seedCell();
        // the demolition zone: the village of 柳行 or 洸河 nearest the town centre
        plan.demolitionArea = IntStream.range(0, plan.areas.size())
                .filter(a -> !plan.areas.get(a).community() && !plan.areas.get(a).name().contains("新村")
                        && (plan.areas.get(a).streetCode().equals("370871001") || plan.areas.get(a).streetCode().equals("370871002")))
                .boxed()
                .min(Comparator.comparingDouble(a -> lattice.cellCentre(plan.areas.get(a).seedCell()).distance(townCentre)))
                .orElseThrow();
    }

    /**
     * A residents' committee: high-rise estates on most blocks, some walk-up estates, shops
     * on main roads, a school and a park; {@code target} households spread over its estates.
     */
    static void assignCommunityUses(LandscapePlan plan, int[] cellsBySeedDistance, SplittableRandom random, int target) {
        double weight = 0;
        for (int k = 0; k < cellsBySeedDistance.length; k++) {
            double draw = random.nextDouble();
            CellUse use = k == 0 || draw < 0.55 ? CellUse.HOUSING : draw < 0.70 ? CellUse.OLD_HOUSING
                    : draw < 0.82 ? CellUse.COMMERCE : draw < 0.94 ? CellUse.PUBLIC_SERVICE : CellUse.PARK;
            plan.use[cellsBySeedDistance[k]] = use;
            weight += use == CellUse.HOUSING ? 1 : use == CellUse.OLD_HOUSING ? 0.5 : 0;
        }
        for (int c : cellsBySeedDistance) {
            double share = plan.use[c] == CellUse.HOUSING ? 1 : plan.use[c] == CellUse.OLD_HOUSING ? 0.5 : 0;
            plan.households[c] = (int) Math.round(target * share / weight);
        }
    }

    static int areaIndex(LandscapePlan plan, String code) {
        for (int a = 0; a < plan.areas.size(); a++) {
            if (plan.areas.get(a).code().equals(code)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no area " + code);
    }

    static int nearestCell(Lattice lattice, Coordinate[] centres, boolean[] inside, Coordinate at,
            IntPredicate allowed) {
        int best = -1;
        for (int c = 0; c < lattice.cellCount(); c++) {
            if (inside[c] && allowed.test(c) && (best < 0 || centres[c].distance(at) < centres[best].distance(at))) {
                best = c;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no cell for a seed near " + at);
        }
        return best;
    }
}
