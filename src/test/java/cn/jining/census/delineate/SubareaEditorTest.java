package cn.jining.census.delineate;

import static cn.jining.census.delineate.Wkt.assertTiles;
import static cn.jining.census.delineate.Wkt.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.PolygonExtracter;

/**
 * A 200 × 100 m area of two tiles, west (…001) and east (…002), split at x = 100. Houses of 10
 * households, 10 m square, stand in three rows (y = 10, 50, 90) every 20 m from x = 5.
 */
class SubareaEditorTest {

    private static final String WEST = "370871001001001";
    private static final String EAST = "370871001001002";
    private static final Geometry AREA = read("POLYGON ((0 0, 200 0, 200 100, 0 100, 0 0))");
    private final SubareaEditor editor = new SubareaEditor(DelineationSettings.DEFAULTS);
    private final List<SubareaEditor.Tile> tiles = new ArrayList<>();
    private final List<SubareaEditor.Resident> residents = new ArrayList<>();

    SubareaEditorTest() {
        List<Block> halves = new BlockPolygonizer(DelineationSettings.DEFAULTS).polygonize(AREA, List.of(read("LINESTRING (100 -1, 100 101)")));
        for (Block b : halves) {
            tiles.add(new SubareaEditor.Tile(b.polygon().getCentroid().getX() < 100 ? WEST : EAST, b.polygon()));
        }
        for (int x = 5; x < 200; x += 20) {
            for (int y = 10; y < 100; y += 40) {
                residents.add(new SubareaEditor.Resident("h" + x + "_" + y, read(box(x, y, x + 10, y + 10)),
                        x < 100 ? WEST : EAST, 10));
            }
        }
    }

    private static String box(double x0, double y0, double x1, double y1) {
        return "POLYGON ((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1 + ", "
                + x0 + " " + y0 + "))";
    }

    /** The tiles after the edit, checked to tile the area, by code. */
    private Map<String, Geometry> apply(SubareaEditor.Outcome outcome) {
        Map<String, Geometry> after = new HashMap<>();
        tiles.forEach(t -> after.put(t.code(), t.geometry()));
        outcome.deleted().forEach(after::remove);
        after.putAll(outcome.geometries());
        List<Polygon> polygons = new ArrayList<>();
        after.values().forEach(g -> PolygonExtracter.getPolygons(g, polygons));
        assertTiles(AREA, polygons);
        after.values().forEach(g -> assertEquals(1, g.getNumGeometries(), "contiguous"));
        return after;
    }

    @Nested
    class Split {
        @Test
        void lineBetweenTheRowsMakesTwoSubareasThatStillTileTheArea() throws Exception {
            SubareaEditor.Outcome o = editor.split(tiles, residents, WEST, read("LINESTRING (-5 35, 105 35)"), () -> "370871001001003");
            Map<String, Geometry> after = apply(o);
            assertEquals(3, after.size());
            // the northern piece has 100 households and keeps the code; the southern row moves
            assertEquals(5, o.moved().size(), o.moved().toString());
            assertTrue(o.moved().values().stream().allMatch("370871001001003"::equals));
            assertTrue(o.warnings().stream().anyMatch(w -> w.contains("50 户")), o.warnings().toString());
        }

        @Test
        void lineThroughAHouseIsRefused() {
            SubareaEditor.Refused e = assertThrows(SubareaEditor.Refused.class,
                    () -> editor.split(tiles, residents, WEST, read("LINESTRING (-5 15, 105 15)"), () -> "x"));
            assertTrue(e.getMessage().contains("穿过建筑"), e.getMessage());
        }

        @Test
        void lineThatDoesNotCrossTheSubareaIsRefused() {
            assertThrows(SubareaEditor.Refused.class,
                    () -> editor.split(tiles, residents, WEST, read("LINESTRING (-5 35, 50 35)"), () -> "x"));
        }
    }

    @Nested
    class Merge {
        @Test
        void neighboursBecomeOneSubareaWithAllTheirBuildings() throws Exception {
            SubareaEditor.Outcome o = editor.merge(tiles, residents, WEST, EAST);
            Map<String, Geometry> after = apply(o);
            assertEquals(1, after.size());
            assertEquals(15, o.moved().size());
            assertEquals(200 * 100, after.get(WEST).getArea(), 1e-6);
        }

        @Test
        void subareasWithoutACommonBoundaryAreNotMerged() throws Exception {
            SubareaEditor.Outcome split = editor.split(tiles, residents, EAST, read("LINESTRING (160 -5, 160 105)"), () -> "370871001001003");
            List<SubareaEditor.Tile> three = new ArrayList<>();
            apply(split).forEach((c, g) -> three.add(new SubareaEditor.Tile(c, g)));
            SubareaEditor.Refused e = assertThrows(SubareaEditor.Refused.class, () -> editor.merge(three, residents, WEST,
                    three.stream().filter(t -> t.geometry().getCentroid().getX() > 160).findFirst().orElseThrow().code()));
            assertTrue(e.getMessage().contains("不相邻"));
        }
    }

    @Nested
    class Move {
        @Test
        void blockBetweenALaneAndTheBoundaryGoesToTheNeighbour() throws Exception {
            Geometry lane = read("LINESTRING (-5 30, 100 30)");
            SubareaEditor.Outcome o = editor.moveBlock(tiles, residents, WEST, EAST, (Point) read("POINT (50 75)"), List.of(lane));
            Map<String, Geometry> after = apply(o);
            assertEquals(100 * 30, after.get(WEST).getArea(), 1e-6);
            assertEquals(10, o.moved().values().stream().filter(EAST::equals).count());
        }

        @Test
        void buildingGoesWithTheLandAroundItAndNoBoundaryCutsAHouse() throws Exception {
            SubareaEditor.Outcome o = editor.moveBuilding(tiles, residents, WEST, EAST, "h85_50");
            Map<String, Geometry> after = apply(o);
            assertEquals(Map.of("h85_50", EAST), o.moved());
            for (SubareaEditor.Resident r : residents) {
                long holding = after.values().stream().filter(g -> g.relate(r.footprint(), "2********")).count();
                assertEquals(1, holding, r.bid() + " lies in one subarea");
            }
        }

        @Test
        void buildingWhoseLandDoesNotTouchTheNeighbourStays() {
            assertThrows(SubareaEditor.Refused.class, () -> editor.moveBuilding(tiles, residents, WEST, EAST, "h5_10"));
        }
    }

    @Nested
    class Redraw {
        @Test
        void drawingIntoTheNeighbourTakesItsLandAndHouses() throws Exception {
            SubareaEditor.Outcome o = editor.redraw(tiles, residents, WEST, read(box(-10, -10, 118, 110)));
            Map<String, Geometry> after = apply(o);
            assertEquals(118 * 100, after.get(WEST).getArea(), 1e-6);
            assertEquals(Map.of("h105_10", WEST, "h105_50", WEST, "h105_90", WEST), o.moved());
        }

        @Test
        void landLeftOutOfTheDrawingGoesToTheNeighbour() throws Exception {
            SubareaEditor.Outcome o = editor.redraw(tiles, residents, WEST, read(box(-10, -10, 82, 110)));
            Map<String, Geometry> after = apply(o);
            assertEquals(82 * 100, after.get(WEST).getArea(), 1e-6);
        }

        @Test
        void boundaryThroughAHouseIsRefused() {
            assertThrows(SubareaEditor.Refused.class, () -> editor.redraw(tiles, residents, WEST, read(box(-10, -10, 110, 110))));
        }

        @Test
        void swallowingANeighbourIsRefused() {
            SubareaEditor.Refused e = assertThrows(SubareaEditor.Refused.class,
                    () -> editor.redraw(tiles, residents, WEST, read(box(-10, -10, 210, 110))));
            assertTrue(e.getMessage().contains("合并"), e.getMessage());
        }
    }

    @Test
    void subareasTheEditDoesNotReachAreNotRewritten() throws Exception {
        SubareaEditor.Outcome split = editor.split(tiles, residents, EAST, read("LINESTRING (160 -5, 160 105)"), () -> "370871001001003");
        List<SubareaEditor.Tile> three = new ArrayList<>();
        apply(split).forEach((c, g) -> three.add(new SubareaEditor.Tile(c, g)));
        // splitting the east tile put a node on neither the west tile's boundary nor its houses
        assertEquals(java.util.Set.of(EAST, "370871001001003"), split.geometries().keySet());
        SubareaEditor.Outcome merge = editor.merge(three, residents.stream()
                .map(r -> new SubareaEditor.Resident(r.bid(), r.footprint(), r.footprint().getCentroid().getX() > 160 ? "370871001001003" : r.tile(), r.households()))
                .toList(), EAST, "370871001001003");
        assertEquals(java.util.Set.of(EAST), merge.geometries().keySet());
    }

    @Test
    void editPassingTheHardLimitIsRefused() {
        List<SubareaEditor.Resident> crowded = residents.stream()
                .map(r -> new SubareaEditor.Resident(r.bid(), r.footprint(), r.tile(), 100)).toList();
        SubareaEditor.Refused e = assertThrows(SubareaEditor.Refused.class, () -> editor.merge(tiles, crowded, WEST, EAST));
        assertTrue(e.getMessage().contains("999"), e.getMessage());
    }
}
