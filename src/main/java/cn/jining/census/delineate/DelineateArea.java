package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Delineates one census area automatically: blocks from roads, railways and water; vertical splits
 * of high-rises; blocks above the band divided along gaps between buildings; pieces grouped into
 * subareas near the target; groups of towers outside the band cut into floor layers
 * ({@link FloorLayers}); demolition zones to virtual subareas; serpentine numbering; 四至.
 *
 * <p>Contract: the numbered subareas that are not vertical parts tile the area (see
 * {@link BlockPolygonizer} for the 1 mm grid); every building is registered in exactly one
 * subarea, except a vertically split building, registered once per part; households are never lost
 * or counted twice; no subarea passes the hard limit unless a single non-residential building does;
 * every subarea outside the band carries its reason. Pure computation: thread-safe, so areas may be
 * delineated in parallel.
 */
public final class DelineateArea {

    /** Footprint share inside a demolition zone from which a building counts as demolished. */
    private static final double DEMOLISHED_SHARE = 0.5;

    private final DelineationSettings settings;
    private final BlockPolygonizer polygonizer;
    private final BlockDivider divider;
    private final SubareaGrower grower;

    public DelineateArea(DelineationSettings settings) {
        this.settings = settings;
        this.polygonizer = new BlockPolygonizer(settings);
        this.divider = new BlockDivider(settings);
        this.grower = new SubareaGrower(settings);
    }

    public DelineationSettings settings() {
        return settings;
    }

    /** The proposal for {@code area}. */
    public AreaDelineation run(AreaInput area) {
        List<AreaInput.Building> buildings = area.buildings();
        int n = buildings.size();
        int[] zoneOf = demolitionZones(area);
        int[] counted = new int[n];
        VerticalSplit.Split[] splits = new VerticalSplit.Split[n];
        for (int i = 0; i < n; i++) {
            AreaInput.Building b = buildings.get(i);
            if (zoneOf[i] >= 0) {
                counted[i] = 0;
            } else if (VerticalSplit.needed(b, settings)) {
                splits[i] = VerticalSplit.split(b.households(), b.floors(), settings);
                counted[i] = splits[i].remainder();
            } else {
                counted[i] = b.households();
            }
        }

        List<Geometry> lines = area.barriers().stream().map(AreaInput.Barrier::linework).toList();
        List<Block> blocks = polygonizer.polygonize(area.geometry(), lines);
        BuildingPlacer.Placement inBlocks = BuildingPlacer.place(blocks, buildings);
        List<LineString> cuts = cutsForLargeBlocks(blocks, buildings, inBlocks.blockOf(), counted);
        List<Block> pieces = blocks;
        BuildingPlacer.Placement inPieces = inBlocks;
        if (!cuts.isEmpty()) {
            List<Geometry> all = new ArrayList<>(lines);
            all.addAll(cuts);
            pieces = polygonizer.polygonize(area.geometry(), all);
            inPieces = BuildingPlacer.place(pieces, buildings);
        }
        int[] pieceHouseholds = new int[pieces.size()];
        int[] pieceTall = new int[pieces.size()];
        boolean[] tall = new boolean[n];
        for (int i = 0; i < n; i++) {
            // a building already peeled by VerticalSplit keeps its lowest floors whole with its land
            tall[i] = splits[i] == null && FloorLayers.tall(buildings.get(i));
            pieceHouseholds[inPieces.blockOf()[i]] += counted[i];
            pieceTall[inPieces.blockOf()[i]] += tall[i] ? counted[i] : 0;
        }
        List<SubareaGrower.Group> groups = grower.grow(pieces, pieceHouseholds, pieceTall, blockOf(pieces, blocks));
        boolean[] toVirtual = new boolean[n];
        for (int i = 0; i < n; i++) {
            toVirtual[i] = zoneOf[i] >= 0 && buildings.get(i).households() > 0;
        }
        List<AreaDelineation.Subarea> subareas = number(area, pieces, groups, pieceHouseholds, inPieces.blockOf(), counted,
                splits, tall, toVirtual);
        subareas.addAll(virtualSubareas(area, zoneOf, toVirtual));
        return new AreaDelineation(area.code(), List.copyOf(subareas), inBlocks.cut(), blocks.size(), pieces.size());
    }

    /** The block each piece was cut from: the one holding its interior point. */
    private static int[] blockOf(List<Block> pieces, List<Block> blocks) {
        int[] result = new int[pieces.size()];
        if (pieces == blocks) {
            java.util.Arrays.setAll(result, i -> i);
            return result;
        }
        STRtree index = new STRtree();
        for (Block b : blocks) {
            index.insert(b.polygon().getEnvelopeInternal(), b);
        }
        for (Block p : pieces) {
            Geometry inner = p.polygon().getInteriorPoint();
            for (Object o : index.query(inner.getEnvelopeInternal())) {
                Block b = (Block) o;
                if (b.polygon().covers(inner)) {
                    result[p.id()] = b.id();
                    break;
                }
            }
        }
        return result;
    }

    /** Index of the demolition zone holding most of each building's footprint, -1 for none. */
    private static int[] demolitionZones(AreaInput area) {
        int[] zoneOf = new int[area.buildings().size()];
        java.util.Arrays.fill(zoneOf, -1);
        List<PreparedGeometry> zones = area.demolitionZones().stream().map(PreparedGeometryFactory::prepare).toList();
        for (int i = 0; i < zoneOf.length; i++) {
            Geometry footprint = area.buildings().get(i).geometry();
            for (int z = 0; z < zones.size(); z++) {
                PreparedGeometry zone = zones.get(z);
                if (!zone.intersects(footprint)) {
                    continue;
                }
                double inside = zone.covers(footprint) ? footprint.getArea()
                        : OverlayNGRobust.overlay(footprint, zone.getGeometry(), OverlayNG.INTERSECTION).getArea();
                if (inside >= DEMOLISHED_SHARE * footprint.getArea()) {
                    zoneOf[i] = z;
                    break;
                }
            }
        }
        return zoneOf;
    }

    private List<LineString> cutsForLargeBlocks(List<Block> blocks, List<AreaInput.Building> buildings, int[] blockOf,
            int[] counted) {
        List<List<BlockDivider.Load>> loads = new ArrayList<>();
        int[] households = new int[blocks.size()];
        blocks.forEach(b -> loads.add(new ArrayList<>()));
        for (int i = 0; i < buildings.size(); i++) {
            // buildings without households count too: a cut must pass them as well
            loads.get(blockOf[i]).add(new BlockDivider.Load(buildings.get(i).geometry(), counted[i]));
            households[blockOf[i]] += counted[i];
        }
        List<LineString> cuts = new ArrayList<>();
        for (Block b : blocks) {
            if (divider.pieceCount(households[b.id()]) > 1) {
                cuts.addAll(divider.cutLines(b.polygon(), loads.get(b.id())));
            }
        }
        return cuts;
    }

    private List<AreaDelineation.Subarea> number(AreaInput area, List<Block> pieces, List<SubareaGrower.Group> groups,
            int[] pieceHouseholds, int[] pieceOfBuilding, int[] counted, VerticalSplit.Split[] splits, boolean[] tall,
            boolean[] toVirtual) {
        GeometryFactory factory = pieces.isEmpty() ? area.geometry().getFactory() : pieces.get(0).polygon().getFactory();
        List<MultiPolygon> shapes = new ArrayList<>();
        List<Coordinate> points = new ArrayList<>();
        int[] groupOfPiece = new int[pieces.size()];
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> members = groups.get(g).pieces();
            Geometry union = SharedEdges.union(members.stream().map(p -> pieces.get(p).polygon()).toList());
            shapes.add(toMulti(union, factory));
            points.add(union.getInteriorPoint().getCoordinate());
            for (int p : members) {
                groupOfPiece[p] = g;
            }
        }
        double total = shapes.stream().mapToDouble(Geometry::getArea).sum();
        int[] order = SerpentineNumbering.order(points, SerpentineNumbering.rowHeight(total, shapes.size()));

        List<List<Integer>> buildingsOfGroup = new ArrayList<>();
        groups.forEach(g -> buildingsOfGroup.add(new ArrayList<>()));
        for (int i = 0; i < pieceOfBuilding.length; i++) {
            if (!toVirtual[i]) {
                buildingsOfGroup.get(groupOfPiece[pieceOfBuilding[i]]).add(i);
            }
        }

        for (List<Integer> own : buildingsOfGroup) {
            own.sort(Comparator.comparing(i -> area.buildings().get(i).bid()));
        }
        FloorLayers.Layers[] layers = new FloorLayers.Layers[groups.size()];
        List<List<Integer>> tallOfGroup = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> talls = buildingsOfGroup.get(g).stream().filter(i -> tall[i] && counted[i] > 0).toList();
            tallOfGroup.add(talls);
            int low = groups.get(g).households() - talls.stream().mapToInt(i -> counted[i]).sum();
            layers[g] = FloorLayers.divide(low,
                    talls.stream().map(i -> new FloorLayers.Tall(counted[i], area.buildings().get(i).floors())).toList(), settings);
        }

        String[] codes = new String[groups.size()];
        int next = 1;
        for (int g : order) {
            codes[g] = code(area.code(), next++);
            for (int i : buildingsOfGroup.get(g)) {
                if (splits[i] != null) {
                    next += splits[i].parts().size();
                }
            }
            if (layers[g] != null) {
                next += layers[g].households().length - 1;
            }
        }
        if (next > 900) {
            throw new IllegalStateException(area.code() + ": more than 899 numbered subareas");
        }

        List<SiZhiFinder.Neighbourhood> tiles = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            tiles.add(new SiZhiFinder.Neighbourhood(codes[g], shapes.get(g)));
        }
        SiZhiFinder sizhi = new SiZhiFinder(area.geometry(), area.barriers(), area.neighbours(), tiles);
        Explainer explainer = new Explainer(pieces, pieceHouseholds, groups, buildingsOfGroup, counted);

        List<AreaDelineation.Subarea> result = new ArrayList<>();
        for (int g : order) {
            SiZhi sides = sizhi.find(shapes.get(g));
            List<AreaDelineation.Member> members = new ArrayList<>();
            List<AreaDelineation.Subarea> parts = new ArrayList<>();
            int number = Integer.parseInt(codes[g].substring(12));
            List<Integer> own = buildingsOfGroup.get(g);
            FloorLayers.Layers layered = layers[g];
            List<Integer> talls = tallOfGroup.get(g);
            for (int i : own) {
                AreaInput.Building b = area.buildings().get(i);
                VerticalSplit.Split split = splits[i];
                int t = layered == null ? -1 : talls.indexOf(i);
                if (t >= 0) {
                    members.add(new AreaDelineation.Member(b.bid(), layered.share(t, 0), b.householdSource(),
                            layered.labels()[t][0].isEmpty() ? "无（住户均在上层小区）" : layered.labels()[t][0]));
                    continue;
                }
                members.add(new AreaDelineation.Member(b.bid(), counted[i], b.householdSource(),
                        split == null ? null : split.remainderLabel()));
                if (split == null) {
                    continue;
                }
                for (VerticalSplit.Part part : split.parts()) {
                    parts.add(new AreaDelineation.Subarea(code(area.code(), ++number), toMulti(b.geometry(), factory),
                            part.households(), false, codes[g], sides,
                            List.of(new AreaDelineation.Member(b.bid(), part.households(), b.householdSource(), part.label())),
                            settings.inBand(part.households()) ? null
                                    : "竖向划分的一部分（" + part.label() + "），" + part.households() + "户"));
                }
            }
            if (layered == null) {
                result.add(new AreaDelineation.Subarea(codes[g], shapes.get(g), groups.get(g).households(), false, null, sides,
                        List.copyOf(members), explainer.explain(g)));
                result.addAll(parts);
                continue;
            }
            result.add(new AreaDelineation.Subarea(codes[g], shapes.get(g), layered.households()[0], false, null, sides,
                    List.copyOf(members), null));
            result.addAll(parts);
            for (int layer = 1; layer < layered.households().length; layer++) {
                result.add(layer(area, codes[g], ++number, sides, talls, layered, layer, factory));
            }
        }
        return result;
    }

    /** Layer {@code layer} (1 and up) of a group divided by {@link FloorLayers}: a vertical part over its towers. */
    private AreaDelineation.Subarea layer(AreaInput area, String base, int number, SiZhi sides, List<Integer> talls,
            FloorLayers.Layers layered, int layer, GeometryFactory factory) {
        List<AreaDelineation.Member> members = new ArrayList<>();
        List<Geometry> footprints = new ArrayList<>();
        for (int t = 0; t < talls.size(); t++) {
            int share = layered.share(t, layer);
            if (share == 0) {
                continue;
            }
            AreaInput.Building b = area.buildings().get(talls.get(t));
            members.add(new AreaDelineation.Member(b.bid(), share, b.householdSource(), layered.labels()[t][layer]));
            footprints.add(b.geometry());
        }
        // FloorLayers puts every layer inside the band: nothing to explain
        return new AreaDelineation.Subarea(code(area.code(), number), toMulti(factory.buildGeometry(footprints).union(), factory),
                layered.households()[layer], false, base, sides, List.copyOf(members), null);
    }

    private List<AreaDelineation.Subarea> virtualSubareas(AreaInput area, int[] zoneOf, boolean[] toVirtual) {
        List<Integer> registered = new ArrayList<>();
        for (int i = 0; i < zoneOf.length; i++) {
            if (toVirtual[i]) {
                registered.add(i);
            }
        }
        registered.sort(Comparator.<Integer>comparingInt(i -> zoneOf[i]).thenComparing(i -> area.buildings().get(i).bid()));
        List<AreaDelineation.Subarea> result = new ArrayList<>();
        List<AreaDelineation.Member> members = new ArrayList<>();
        int households = 0;
        int persons = 0;
        for (int i : registered) {
            AreaInput.Building b = area.buildings().get(i);
            // persons come from the records; without one, households stand in for persons, so the
            // 4 995-person cap is only loosened by the 999-household cap below
            int p = b.persons() != null ? b.persons() : b.households();
            if (!members.isEmpty() && (households + b.households() > settings.hardLimit() || persons + p > settings.virtualMaxPersons())) {
                result.add(virtual(area.code(), result.size(), members, households));
                members = new ArrayList<>();
                households = 0;
                persons = 0;
            }
            members.add(new AreaDelineation.Member(b.bid(), b.households(), b.householdSource(), null));
            households += b.households();
            persons += p;
        }
        if (!members.isEmpty()) {
            result.add(virtual(area.code(), result.size(), members, households));
        }
        return result;
    }

    private static AreaDelineation.Subarea virtual(String areaCode, int index, List<AreaDelineation.Member> members, int households) {
        return new AreaDelineation.Subarea(code(areaCode, 900 + index), null, households, true, null, SiZhi.NONE,
                List.copyOf(members), null);
    }

    private static String code(String areaCode, int number) {
        return areaCode + String.format("%03d", number);
    }

    static MultiPolygon toMulti(Geometry g, GeometryFactory factory) {
        if (g instanceof MultiPolygon m) {
            return m;
        }
        List<Polygon> polygons = new ArrayList<>();
        PolygonExtracter.getPolygons(g, polygons);
        return factory.createMultiPolygon(polygons.toArray(Polygon[]::new));
    }

    /** Why a group lies outside the band, in the words a planner reads. */
    private final class Explainer {
        private final List<Block> pieces;
        private final int[] pieceHouseholds;
        private final List<SubareaGrower.Group> groups;
        private final List<List<Integer>> buildingsOfGroup;
        private final int[] counted;
        private final int[] partHouseholds;
        private final int[] partGroups;

        Explainer(List<Block> pieces, int[] pieceHouseholds, List<SubareaGrower.Group> groups,
                List<List<Integer>> buildingsOfGroup, int[] counted) {
            this.pieces = pieces;
            this.pieceHouseholds = pieceHouseholds;
            this.groups = groups;
            this.buildingsOfGroup = buildingsOfGroup;
            this.counted = counted;
            int parts = pieces.stream().mapToInt(Block::part).max().orElse(0) + 1;
            partHouseholds = new int[parts];
            partGroups = new int[parts];
            for (Block p : pieces) {
                partHouseholds[p.part()] += pieceHouseholds[p.id()];
            }
            for (SubareaGrower.Group g : groups) {
                partGroups[pieces.get(g.pieces().get(0)).part()]++;
            }
        }

        /** True when some number of subareas inside the band adds up to {@code households}. */
        private boolean divisible(int households) {
            for (int k = 1; k * settings.bandMin() <= households; k++) {
                if (households <= k * settings.bandMax()) {
                    return true;
                }
            }
            return false;
        }

        String explain(int g) {
            SubareaGrower.Group group = groups.get(g);
            int h = group.households();
            if (settings.inBand(h)) {
                return null;
            }
            int part = pieces.get(group.pieces().get(0)).part();
            String band = settings.bandMin() + "–" + settings.bandMax() + "户";
            if (partGroups[part] == 1 && part > 0) {
                return "飞地：与本普查区主体不相连，单独成小区，共" + h + "户";
            }
            if (partGroups[part] == 1 && h < settings.bandMin()) {
                return "本普查区（不含飞地与拆迁区）共" + h + "户，不足一个普查小区的下限" + settings.bandMin() + "户";
            }
            if (!divisible(partHouseholds[part])) {
                return "本普查区共" + partHouseholds[part] + "户，无论分成几个小区都不能个个在" + band
                        + "之间；偏差集中在本小区，共" + h + "户";
            }
            List<Integer> own = buildingsOfGroup.get(g).stream().filter(i -> counted[i] > 0).toList();
            int largest = own.stream().mapToInt(i -> counted[i]).max().orElse(0);
            String buildings = own.size() == 1 ? "仅一栋住宅楼（" + largest + "户）"
                    : own.size() + "栋建筑，最大一栋" + largest + "户";
            if (h < settings.bandMin()) {
                return buildings + "，共" + h + "户：并入相邻楼栋会超过" + settings.bandMax()
                        + "户，建筑又不能切开（未超过" + settings.bandMax() + "户的楼只在与邻楼合起来能按楼层分成每层"
                        + band + "的几层时才分层）";
            }
            return buildings + "，共" + h + "户：再分会使一方不足" + settings.bandMin() + "户，建筑又不能切开，"
                    + "也不能按楼层分成每层" + band + "的几层";
        }
    }
}
