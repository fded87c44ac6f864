package cn.jining.census.synthetic;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.locationtech.jts.geom.Coordinate;

/**
 * Plans a synthetic prefecture city at census scale, for load and performance work: about
 * 100 streets in 5 districts (codes 370891–370895), about 3 000 census areas and, when drawn,
 * about 5.4 million households in 1.3 million buildings (the order of Xi'an's 2020 census:
 * 3 172 areas, 63 000 subareas, 1.35 million buildings). Codes are well-formed (12-digit areas
 * prefixed by their 9-digit street; 001… residents' committees, 201… villages); names are
 * made up. No defects are planted: the city is clean.
 */
final class CityPlanner {

    private static final String[] FIRST = ("东西南北中安宁和平兴华光明新民福寿康乐永丰嘉祥泰运昌盛文武仁义礼智信忠孝"
            + "金银玉石松柏桃李杏梅兰竹菊荷").split("");
    private static final String[] SECOND = ("关门桥湖园坊营屯集店庄台河湾岗坡山林塘泉井寺庙亭阁堂府苑城堡镇铺口圩洼岭"
            + "阳阴滨沙田里坝埠").split("");
    private static final String[] ROAD_WORDS = ("长青翠明德开源汇通振兴崇文尚贤致远鸿达").split("");

    private CityPlanner() {
    }

    /**
     * @param targetAreas about how many census areas to plan (3 000 for the city scale; a few
     *     dozen give a small city for tests)
     */
    static LandscapePlan plan(long seed, int targetAreas) {
        // about 3.6 cells of 400 m per area; the lattice is square
        int side = Math.max(8, (int) Math.round(Math.sqrt(targetAreas * 3.6 / 0.85)));
        Lattice lattice = new Lattice(side, side, 452_000, 3_870_000, 400, RandomStreams.of(seed, 101));
        LandscapePlan plan = new LandscapePlan(lattice, seed);
        plan.riverLine = (int) (side * 0.45);
        plan.riverName = "泗河";
        boolean[] inside = TerritoryMask.blob(lattice, RandomStreams.of(seed, 102), 0.98);
        Coordinate[] centres = IntStream.range(0, lattice.cellCount()).mapToObj(lattice::cellCentre).toArray(Coordinate[]::new);
        int[] territory = IntStream.range(0, inside.length).filter(c -> inside[c]).toArray();
        Coordinate centre = lattice.cellCentre(lattice.cell(side / 2, side / 2));
        double radius = side * 400 / 2.0;

        int streetCount = Math.max(2, (int) Math.round(targetAreas / 30.0));
        int[] streetSeeds = RegionGrower.spreadSeeds(territory, centres, centre, streetCount);
        // number streets from the centre outwards, so the core districts come first
        streetSeeds = Arrays.stream(streetSeeds).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> centres[c].distance(centre)).thenComparing(c -> c))
                .mapToInt(Integer::intValue).toArray();
        double[] equal = new double[streetCount];
        Arrays.fill(equal, 1);
        int[] streetOfCell = RegionGrower.grow(lattice.cellCount(), c -> inside[c],
                c -> Arrays.stream(lattice.neighbours(c)).mapToInt(n -> n[0]).toArray(), centres, streetSeeds, equal);

        int districts = 5;
        int streetsPerDistrict = (streetCount + districts - 1) / districts;
        int communityNames = 0;
        int villageNames = 0;
        Set<String> streetNames = new LinkedHashSet<>();
        for (int s = 0; s < streetCount; s++) {
            final int street = s;
            String code = String.format("3708%02d%03d", 91 + s / streetsPerDistrict, 1 + s % streetsPerDistrict);
            String name = FIRST[(s * 7) % FIRST.length] + SECOND[(s * 11 + s / FIRST.length) % SECOND.length] + "街道";
            while (!streetNames.add(name)) {
                name = name.replace("街道", "") + "东街道";
            }
            plan.streets.add(new LandscapePlan.StreetPlan(code, name));
            int[] cells = IntStream.range(0, lattice.cellCount()).filter(c -> inside[c] && streetOfCell[c] == street).toArray();
            int areaCount = Math.max(2, Math.min(cells.length, (int) Math.round(cells.length / 3.5)));
            int[] seeds = RegionGrower.spreadSeeds(cells, centres, centre, areaCount);
            Arrays.sort(seeds);
            boolean core = centres[streetSeeds[s]].distance(centre) < 0.55 * radius;
            int firstArea = plan.areas.size();
            double[] targets = new double[areaCount];
            int communities = 0;
            int villages = 0;
            for (int k = 0; k < areaCount; k++) {
                // in the outer streets the area nearest the centre is the town seat, a residents' committee
                boolean community = core || centres[seeds[k]].distance(centre) < 0.55 * radius || k == 0;
                targets[k] = community ? 0.8 : 1.2;
                String areaCode = code + String.format("%03d", community ? 1 + communities++ : 201 + villages++);
                int n = community ? communityNames++ : villageNames++;
                String stem = FIRST[n % FIRST.length] + SECOND[(n / FIRST.length + n) % SECOND.length]
                        + (n >= FIRST.length * SECOND.length ? FIRST[n / (FIRST.length * SECOND.length)] : "");
                String areaName = community ? stem + "社区居民委员会" : stem + "村村民委员会";
                plan.areas.add(new LandscapePlan.AreaPlan(areaCode, areaName, code, community ? "社区" : "村",
                        LandscapePlan.placeName(areaName, community), seeds[k]));
            }
            int[] owner = RegionGrower.grow(lattice.cellCount(), c -> inside[c] && streetOfCell[c] == street,
                    c -> Arrays.stream(lattice.neighbours(c)).mapToInt(n -> n[0]).toArray(), centres, seeds, targets);
            for (int c : cells) {
                plan.areaOfCell[c] = firstArea + owner[c];
            }
        }
        assignUses(plan, centre, radius);
        plan.classifyEdges((vertical, line) -> lineClass(plan, vertical, line), (vertical, line) -> lineName(vertical, line),
                new String[] {"东干渠", "西干渠", "胜利沟"});
        for (int e = 0; e < lattice.edgeCount(); e++) {
            if (plan.road[e] == RoadClass.RAIL) {
                plan.roadName[e] = "城际铁路";
            }
        }
        plan.meanderRiver();
        plan.drawRiver(plan.territory());
        return plan;
    }

    private static void assignUses(LandscapePlan plan, Coordinate centre, double radius) {
        Lattice lattice = plan.lattice;
        for (int a = 0; a < plan.areas.size(); a++) {
            LandscapePlan.AreaPlan area = plan.areas.get(a);
            SplittableRandom random = RandomStreams.of(plan.seed, 121, a);
            Coordinate seedCentre = lattice.cellCentre(area.seedCell());
            int[] cells = Arrays.stream(plan.cellsOf(a)).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> lattice.cellCentre(c).distance(seedCentre)).thenComparing(c -> c))
                    .mapToInt(Integer::intValue).toArray();
            if (area.community()) {
                for (int k = 0; k < cells.length; k++) {
                    double draw = random.nextDouble();
                    CellUse use = k == 0 || draw < 0.36 ? CellUse.HOUSING : draw < 0.54 ? CellUse.OLD_HOUSING
                            : draw < 0.78 ? CellUse.URBAN_VILLAGE : draw < 0.88 ? CellUse.COMMERCE
                            : draw < 0.95 ? CellUse.PUBLIC_SERVICE : CellUse.PARK;
                    plan.use[cells[k]] = use;
                    plan.households[cells[k]] = switch (use) {
                        case HOUSING -> (int) RandomStreams.between(random, 1400, 2150);
                        case OLD_HOUSING -> (int) RandomStreams.between(random, 900, 1500);
                        case URBAN_VILLAGE -> (int) RandomStreams.between(random, 1100, 1500);
                        default -> 0;
                    };
                }
            } else {
                int houses = (int) RandomStreams.between(random, 360, 860);
                plan.use[cells[0]] = CellUse.VILLAGE;
                plan.households[cells[0]] = cells.length > 2 ? houses / 2 : Math.min(houses, 320);
                int settlements = 1;
                if (cells.length > 2) {
                    plan.use[cells[1]] = CellUse.VILLAGE;
                    plan.households[cells[1]] = houses - houses / 2;
                    settlements = 2;
                }
                for (int k = settlements; k < cells.length; k++) {
                    boolean nearTown = lattice.cellCentre(cells[k]).distance(centre) < 0.75 * radius;
                    double draw = random.nextDouble();
                    plan.use[cells[k]] = nearTown && draw < 0.3 ? CellUse.INDUSTRY
                            : nearTown && draw < 0.36 ? CellUse.LOGISTICS : CellUse.FARMLAND;
                }
            }
        }
    }

    private static RoadClass lineClass(LandscapePlan plan, boolean vertical, int line) {
        if (!vertical && line == (int) (plan.lattice.rows * 0.62)) {
            return RoadClass.RAIL;
        }
        return line % 5 == 2 ? RoadClass.MAIN : line % 5 == 0 && line > 0 ? RoadClass.SECONDARY : null;
    }

    private static String lineName(boolean vertical, int line) {
        String first = ROAD_WORDS[line % ROAD_WORDS.length] + ROAD_WORDS[(line / ROAD_WORDS.length + 3) % ROAD_WORDS.length];
        if (line % 5 == 2 || line % 5 == 0) {
            return first + (vertical ? "路" : "大街");
        }
        return line % 3 == 0 ? "" : first + (vertical ? "巷" : "街");
    }
}
