package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.densify.Densifier;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.overlayng.UnaryUnionNG;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Planner edits of one area's tiling: split by a line, merge neighbours, move a block or a
 * building to a neighbour, redraw a subarea freehand. Pure computation on the tiles (the subareas
 * that are neither vertical nor virtual) and the area's buildings.
 *
 * <p>Every edit re-nodes the boundaries of all tiles together with the drawn linework on the 1 mm
 * grid, puts the tiles' outer edge back where it was ({@link AreaEdge}) and gives every face to one
 * tile, so the result tiles exactly what the tiles tiled before: no gap and no overlap can arise,
 * and neighbours touched by a new node get the same vertex. The
 * edit is refused ({@link Refused}, answered 422) when a drawn line runs through a building, a
 * subarea would fall apart, a neighbour would vanish, or a subarea would pass the hard limit.
 * Subareas leaving the band are warnings, not refusals.
 */
public final class SubareaEditor {

    /** A subarea that takes part in the tiling. */
    public record Tile(String code, Geometry geometry) {
    }

    /**
     * A registered building: where it stands, which tile registers it and the households it
     * counts there (the part kept with the footprint, for a vertically split building).
     */
    public record Resident(String bid, Geometry footprint, String tile, int households) {
    }

    /**
     * The tiling after an edit.
     *
     * @param geometries new geometry of every tile that changed, new tiles included (a neighbour
     *                   changes too when a new node lands on its boundary)
     * @param deleted    tiles that no longer exist
     * @param moved      buildings registered elsewhere now: building id → tile code
     * @param warnings   subareas outside the band after the edit, in words
     */
    public record Outcome(Map<String, Geometry> geometries, Set<String> deleted, Map<String, String> moved,
            List<String> warnings) {
    }

    /** An edit that would break a rule; the message says which, in the planner's words. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final DelineationSettings settings;

    public SubareaEditor(DelineationSettings settings) {
        this.settings = settings;
    }

    /**
     * Splits tile {@code code} along {@code line}; the piece with most households keeps the code,
     * each other piece gets one from {@code newCode}.
     */
    public Outcome split(List<Tile> tiles, List<Resident> residents, String code, Geometry line, Supplier<String> newCode)
            throws Refused {
        Tile tile = tile(tiles, code);
        Geometry inside = OverlayNGRobust.overlay(line, tile.geometry(), OverlayNG.INTERSECTION);
        if (inside.getLength() == 0) {
            throw new Refused("分割线没有穿过普查小区 " + code);
        }
        refuseCutBuildings(residents, code, inside, "分割线");
        Faces faces = Faces.of(tiles, List.of(inside));
        List<Integer> pieces = faces.ownedBy(code);
        if (pieces.size() < 2) {
            throw new Refused("分割线没有把普查小区 " + code + " 分成两部分（需从边界画到边界）");
        }
        Map<Integer, Integer> households = new HashMap<>();
        for (Resident r : residents) {
            if (r.tile().equals(code)) {
                households.merge(faces.faceOf(r.footprint(), pieces), r.households(), Integer::sum);
            }
        }
        pieces.sort((a, b) -> Integer.compare(households.getOrDefault(b, 0), households.getOrDefault(a, 0)));
        Map<Integer, String> owner = new HashMap<>(faces.owner);
        for (int i = 1; i < pieces.size(); i++) {
            owner.put(pieces.get(i), newCode.get());
        }
        return outcome(tiles, residents, faces, owner, Set.of());
    }

    /** Merges tile {@code absorbed} into its neighbour {@code kept}. */
    public Outcome merge(List<Tile> tiles, List<Resident> residents, String kept, String absorbed) throws Refused {
        tile(tiles, kept);
        tile(tiles, absorbed);
        if (kept.equals(absorbed)) {
            throw new Refused("不能把普查小区与自身合并");
        }
        Faces faces = Faces.of(tiles, List.of());
        if (faces.border(kept, absorbed) == 0) {
            throw new Refused("普查小区 " + kept + " 与 " + absorbed + " 不相邻（没有共同边界）");
        }
        Map<Integer, String> owner = new HashMap<>(faces.owner);
        owner.replaceAll((f, c) -> c.equals(absorbed) ? kept : c);
        return outcome(tiles, residents, faces, owner, Set.of(absorbed));
    }

    /**
     * Moves the block of tile {@code from} holding {@code at} — the land there bounded by roads,
     * railways, water and the tile's boundary — to the neighbouring tile {@code to}.
     */
    public Outcome moveBlock(List<Tile> tiles, List<Resident> residents, String from, String to, Point at,
            List<Geometry> barrierLines) throws Refused {
        Tile source = tile(tiles, from);
        tile(tiles, to);
        List<Geometry> inside = new ArrayList<>();
        for (Geometry line : barrierLines) {
            if (line.intersects(source.geometry())) {
                inside.add(OverlayNGRobust.overlay(line, source.geometry(), OverlayNG.INTERSECTION));
            }
        }
        Faces faces = Faces.of(tiles, inside);
        Integer block = faces.faceAt(at, faces.ownedBy(from));
        if (block == null) {
            throw new Refused("所点位置不在普查小区 " + from + " 内");
        }
        if (faces.ownedBy(from).size() == 1) {
            throw new Refused("该街区就是整个普查小区 " + from + "，请用合并");
        }
        if (faces.faceBorder(block, to) == 0) {
            throw new Refused("该街区与普查小区 " + to + " 不相邻");
        }
        Map<Integer, String> owner = new HashMap<>(faces.owner);
        owner.put(block, to);
        return outcome(tiles, residents, faces, owner, Set.of());
    }

    /**
     * Moves building {@code bid} of tile {@code from}, with the land nearer to it than to the
     * tile's other buildings (its Voronoi cell, whose edges keep to the gaps between buildings),
     * to the neighbouring tile {@code to}.
     */
    public Outcome moveBuilding(List<Tile> tiles, List<Resident> residents, String from, String to, String bid)
            throws Refused {
        Tile source = tile(tiles, from);
        tile(tiles, to);
        Resident moving = residents.stream().filter(r -> r.bid().equals(bid) && r.tile().equals(from)).findFirst()
                .orElseThrow(() -> new Refused("建筑 " + bid + " 不在普查小区 " + from + " 内"));
        List<Resident> others = residents.stream().filter(r -> r.tile().equals(from) && !r.bid().equals(bid)).toList();
        Geometry cell = others.isEmpty() ? source.geometry() : cell(moving, others, source.geometry());
        Geometry cellInTile = OverlayNGRobust.overlay(cell, source.geometry(), OverlayNG.INTERSECTION);
        Geometry boundary = cellInTile.getBoundary();
        refuseCutBuildings(residents, from, boundary, "建筑所在地块的边界");
        Faces faces = Faces.of(tiles, List.of(boundary));
        PreparedGeometry inCell = PreparedGeometryFactory.prepare(cellInTile);
        Map<Integer, String> owner = new HashMap<>(faces.owner);
        boolean touches = false;
        for (int f : faces.ownedBy(from)) {
            if (inCell.contains(faces.faces.get(f).getInteriorPoint())) {
                owner.put(f, to);
                touches |= faces.faceBorder(f, to) > 0;
            }
        }
        if (!touches) {
            throw new Refused("建筑 " + bid + " 所在地块与普查小区 " + to + " 不相邻");
        }
        return outcome(tiles, residents, faces, owner, Set.of());
    }

    /**
     * Gives tile {@code code} the shape {@code drawn}, clipped to the area and cut from the
     * neighbours; land the tile had outside the drawing goes to the neighbour it borders most.
     */
    public Outcome redraw(List<Tile> tiles, List<Resident> residents, String code, Geometry drawn) throws Refused {
        tile(tiles, code);
        if (drawn.getArea() == 0) {
            throw new Refused("重画的范围不是面");
        }
        Geometry outline = drawn.getBoundary();
        refuseCutBuildings(residents, null, outline, "重画的边界");
        Faces faces = Faces.of(tiles, List.of(outline));
        PreparedGeometry shape = PreparedGeometryFactory.prepare(drawn);
        Map<Integer, String> owner = new HashMap<>(faces.owner);
        List<Integer> orphans = new ArrayList<>();
        for (int f = 0; f < faces.faces.size(); f++) {
            boolean inShape = shape.contains(faces.faces.get(f).getInteriorPoint());
            if (inShape) {
                owner.put(f, code);
            } else if (code.equals(faces.owner.get(f))) {
                orphans.add(f);
            }
        }
        // land given up goes to the neighbour it borders most, repeatedly, as orphans may border
        // only each other at first
        while (!orphans.isEmpty()) {
            boolean progress = false;
            for (java.util.Iterator<Integer> it = orphans.iterator(); it.hasNext();) {
                int f = it.next();
                String best = null;
                double longest = 0;
                for (Map.Entry<Integer, Double> e : faces.neighbours.get(f).entrySet()) {
                    String c = owner.get(e.getKey());
                    if (!orphans.contains(e.getKey()) && !code.equals(c) && e.getValue() > longest) {
                        longest = e.getValue();
                        best = c;
                    }
                }
                if (best != null) {
                    owner.put(f, best);
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                throw new Refused("普查小区 " + code + " 让出的土地没有相邻的普查小区可以接收");
            }
        }
        Set<String> gone = new HashSet<>();
        for (Tile t : tiles) {
            if (!owner.containsValue(t.code())) {
                gone.add(t.code());
            }
        }
        if (!gone.isEmpty()) {
            throw new Refused("重画会吞没普查小区 " + String.join("、", gone) + "，请改用合并");
        }
        return outcome(tiles, residents, faces, owner, Set.of());
    }

    // ---- shared ----

    private static Tile tile(List<Tile> tiles, String code) throws Refused {
        return tiles.stream().filter(t -> t.code().equals(code)).findFirst()
                .orElseThrow(() -> new Refused("没有普查小区 " + code + "（或它是竖向划分/虚拟小区）"));
    }

    /** Refuses when {@code line} runs through the inside of a building (of tile {@code code}, or any). */
    private static void refuseCutBuildings(List<Resident> residents, String code, Geometry line, String what)
            throws Refused {
        PreparedGeometry prepared = PreparedGeometryFactory.prepare(line);
        List<String> cut = new ArrayList<>();
        for (Resident r : residents) {
            if ((code == null || r.tile().equals(code)) && prepared.intersects(r.footprint())
                    && r.footprint().relate(line, "T********")) {
                cut.add(r.bid());
            }
        }
        if (!cut.isEmpty()) {
            throw new Refused(what + "穿过建筑 " + String.join("、", cut.subList(0, Math.min(5, cut.size())))
                    + (cut.size() > 5 ? " 等" + cut.size() + "栋" : "") + "：边界不能切开建筑");
        }
    }

    /** The tiling after faces changed owner: checked, buildings re-registered, band warnings. */
    private Outcome outcome(List<Tile> tiles, List<Resident> residents, Faces faces, Map<Integer, String> owner,
            Set<String> deleted) throws Refused {
        Map<String, List<Polygon>> byTile = new LinkedHashMap<>();
        for (int f = 0; f < faces.faces.size(); f++) {
            byTile.computeIfAbsent(owner.get(f), c -> new ArrayList<>()).add(faces.faces.get(f));
        }
        Map<String, Geometry> before = new HashMap<>();
        tiles.forEach(t -> before.put(t.code(), t.geometry()));
        Map<String, Geometry> after = new LinkedHashMap<>();
        for (Map.Entry<String, List<Polygon>> e : byTile.entrySet()) {
            Geometry union = SharedEdges.union(e.getValue());
            if (union.getNumGeometries() != 1) {
                throw new Refused("普查小区 " + e.getKey() + " 会被分成互不相连的几块");
            }
            after.put(e.getKey(), DelineateArea.toMulti(union, union.getFactory()));
        }
        if (!CoverageValidator.isValid(after.values().toArray(Geometry[]::new))) {
            throw new Refused("修改后的普查小区互相重叠或边界不吻合");
        }
        for (Tile t : tiles) {
            if (!after.containsKey(t.code()) && !deleted.contains(t.code())) {
                throw new Refused("普查小区 " + t.code() + " 会整个消失，请改用合并");
            }
        }

        // buildings follow the land: each to the tile now holding most of its footprint
        Map<String, String> moved = new LinkedHashMap<>();
        Map<String, Integer> households = new HashMap<>();
        List<String> codes = new ArrayList<>(after.keySet());
        List<Block> asBlocks = new ArrayList<>();
        for (String c : codes) {
            asBlocks.add(new Block(asBlocks.size(), 0, (Polygon) after.get(c).getGeometryN(0)));
        }
        List<AreaInput.Building> buildings = residents.stream()
                .map(r -> new AreaInput.Building(r.bid(), r.footprint(), r.households(), "", "", null, null)).toList();
        int[] placed = BuildingPlacer.place(asBlocks, buildings).blockOf();
        for (int i = 0; i < residents.size(); i++) {
            Resident r = residents.get(i);
            String now = codes.get(placed[i]);
            if (!now.equals(r.tile())) {
                moved.put(r.bid(), now);
            }
            households.merge(now, r.households(), Integer::sum);
        }
        Map<String, Geometry> changed = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (String c : codes) {
            Geometry g = after.get(c);
            Geometry old = before.get(c);
            boolean buildingsChanged = moved.containsValue(c) || residents.stream()
                    .anyMatch(r -> r.tile().equals(c) && moved.containsKey(r.bid()));
            // same vertices in another order is no change; a new node on the boundary is one, as the
            // neighbour across must carry the same vertex for the tiling to stay exact
            if (old == null || buildingsChanged || !DelineateArea.toMulti(old, g.getFactory()).equalsNorm(g)) {
                changed.put(c, g);
                int h = households.getOrDefault(c, 0);
                if (h > settings.hardLimit()) {
                    throw new Refused("普查小区 " + c + " 将有 " + h + " 户，超过上限 " + settings.hardLimit() + " 户");
                }
                if (!settings.inBand(h)) {
                    warnings.add("普查小区 " + c + " 有 " + h + " 户，不在 " + settings.bandMin() + "–" + settings.bandMax() + " 户之间");
                }
            }
        }
        return new Outcome(changed, deleted, moved, warnings);
    }

    /** The Voronoi cell of a building among the others, from points sampled along the outlines. */
    private static Geometry cell(Resident building, List<Resident> others, Geometry tile) {
        Map<Coordinate, Boolean> mine = new HashMap<>();
        for (Coordinate c : Densifier.densify(building.footprint(), 2.0).getCoordinates()) {
            mine.put(new Coordinate(c.x, c.y), true);
        }
        for (Resident r : others) {
            for (Coordinate c : Densifier.densify(r.footprint(), 2.0).getCoordinates()) {
                mine.putIfAbsent(new Coordinate(c.x, c.y), false);
            }
        }
        VoronoiDiagramBuilder builder = new VoronoiDiagramBuilder();
        builder.setSites(mine.keySet());
        Envelope clip = new Envelope(tile.getEnvelopeInternal());
        clip.expandBy(10);
        builder.setClipEnvelope(clip);
        Geometry cells = builder.getDiagram(tile.getFactory());
        List<Geometry> own = new ArrayList<>();
        for (int i = 0; i < cells.getNumGeometries(); i++) {
            Geometry c = cells.getGeometryN(i);
            if (Boolean.TRUE.equals(mine.get((Coordinate) c.getUserData()))) {
                own.add(c);
            }
        }
        return UnaryUnionNG.union(tile.getFactory().buildGeometry(own), BlockPolygonizer.PRECISION);
    }

    /** The faces of all tiles' boundaries noded with extra linework, each with the tile it lies in. */
    private static final class Faces {
        final List<Polygon> faces = new ArrayList<>();
        final Map<Integer, String> owner = new HashMap<>();
        List<Map<Integer, Double>> neighbours;

        static Faces of(List<Tile> tiles, Collection<Geometry> extra) {
            GeometryFactory factory = tiles.get(0).geometry().getFactory();
            List<Geometry> lines = new ArrayList<>();
            STRtree index = new STRtree();
            for (Tile t : tiles) {
                LinearComponentExtracter.getLines(t.geometry(), lines);
                index.insert(t.geometry().getEnvelopeInternal(), t);
            }
            for (Geometry g : extra) {
                LinearComponentExtracter.getLines(g, lines);
            }
            Geometry noded = UnaryUnionNG.union(factory.buildGeometry(lines), BlockPolygonizer.PRECISION);
            Polygonizer polygonizer = new Polygonizer();
            polygonizer.add(noded);
            List<Polygon> rounded = new ArrayList<>();
            List<String> roundedOwners = new ArrayList<>();
            Map<String, PreparedGeometry> prepared = new HashMap<>();
            for (Object o : polygonizer.getPolygons()) {
                Polygon face = (Polygon) o;
                Point inner = face.getInteriorPoint();
                for (Object t : index.query(inner.getEnvelopeInternal())) {
                    Tile tile = (Tile) t;
                    if (prepared.computeIfAbsent(tile.code(), c -> PreparedGeometryFactory.prepare(tile.geometry())).contains(inner)) {
                        rounded.add(face);
                        roundedOwners.add(tile.code());
                        break;
                    }
                }
            }
            // the tiles' outer edge is the area's own, off the grid: rounding must not move it
            Geometry outline = SharedEdges.union(tiles.stream().map(Tile::geometry).toList());
            List<Polygon> restored = new AreaEdge(outline).restore(rounded);
            Faces result = new Faces();
            for (int f = 0; f < restored.size(); f++) {
                if (restored.get(f) != null) {
                    result.owner.put(result.faces.size(), roundedOwners.get(f));
                    result.faces.add(restored.get(f));
                }
            }
            result.neighbours = SharedEdges.neighbours(result.faces);
            return result;
        }

        List<Integer> ownedBy(String code) {
            List<Integer> owned = new ArrayList<>();
            owner.forEach((f, c) -> {
                if (c.equals(code)) {
                    owned.add(f);
                }
            });
            owned.sort(null);
            return owned;
        }

        double border(String a, String b) {
            double sum = 0;
            for (int f : ownedBy(a)) {
                sum += faceBorder(f, b);
            }
            return sum;
        }

        double faceBorder(int face, String tile) {
            double sum = 0;
            for (Map.Entry<Integer, Double> e : neighbours.get(face).entrySet()) {
                if (tile.equals(owner.get(e.getKey()))) {
                    sum += e.getValue();
                }
            }
            return sum;
        }

        Integer faceAt(Point at, List<Integer> among) {
            for (int f : among) {
                if (faces.get(f).covers(at)) {
                    return f;
                }
            }
            return null;
        }

        int faceOf(Geometry footprint, List<Integer> among) {
            int best = among.get(0);
            double most = -1;
            for (int f : among) {
                double a = faces.get(f).intersects(footprint)
                        ? OverlayNGRobust.overlay(faces.get(f), footprint, OverlayNG.INTERSECTION).getArea() : 0;
                if (a > most) {
                    most = a;
                    best = f;
                }
            }
            return best;
        }
    }
}
