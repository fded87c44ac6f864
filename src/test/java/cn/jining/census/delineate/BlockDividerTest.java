package cn.jining.census.delineate;

import static cn.jining.census.delineate.Wkt.assertTiles;
import static cn.jining.census.delineate.Wkt.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

class BlockDividerTest {

    private static final DelineationSettings S = DelineationSettings.DEFAULTS;
    private final BlockDivider divider = new BlockDivider(S);
    private final Polygon block = (Polygon) read("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))");

    private static String box(double x0, double y0, double x1, double y1) {
        return "POLYGON ((" + x0 + " " + y0 + ", " + x1 + " " + y0 + ", " + x1 + " " + y1 + ", " + x0 + " " + y1 + ", "
                + x0 + " " + y0 + "))";
    }

    private record Outcome(List<LineString> cuts, int[] householdsPerPiece) {
    }

    /** Divides the block, checks that no cut enters a building and returns households per piece. */
    private Outcome divide(List<String> footprints, int householdsEach) {
        List<BlockDivider.Load> loads = footprints.stream().map(w -> new BlockDivider.Load(read(w), householdsEach)).toList();
        List<LineString> cuts = divider.cutLines(block, loads);
        for (LineString cut : cuts) {
            for (BlockDivider.Load load : loads) {
                assertFalse(load.footprint().relate(cut, "T********"), "cut " + cut + " enters " + load.footprint());
            }
        }
        List<Block> pieces = new BlockPolygonizer(S).polygonize(block, cuts);
        assertTiles(block, pieces.stream().map(Block::polygon).toList());
        List<AreaInput.Building> buildings = new ArrayList<>();
        for (BlockDivider.Load l : loads) {
            buildings.add(new AreaInput.Building("b" + buildings.size(), l.footprint(), l.households(), "estimate", "住宅", 3, null));
        }
        int[] blockOf = BuildingPlacer.place(pieces, buildings).blockOf();
        int[] households = new int[pieces.size()];
        for (int i = 0; i < blockOf.length; i++) {
            households[blockOf[i]] += householdsEach;
        }
        Arrays.sort(households);
        return new Outcome(cuts, households);
    }

    @Nested
    class Gaps {
        @Test
        void twoRowsOfHousesAreCutAlongTheLaneBetweenThemFirst() {
            List<String> houses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                houses.add(box(5 + i * 19, 10, 18 + i * 19, 40));
                houses.add(box(5 + i * 19, 60, 18 + i * 19, 90));
            }
            // 120 households: pieces of about 5 wanted, so every house ends a piece of its own
            Outcome o = divide(houses, 12);
            assertEquals(50, o.cuts().get(0).getCoordinateN(0).y, 1e-9);
            assertEquals(10, o.householdsPerPiece().length);
        }

        @Test
        void aLargeBlockIsDividedIntoPiecesOfAboutAQuarterOfTheBandWidth() {
            List<String> houses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    houses.add(box(2 + i * 16, 2 + j * 16, 14 + i * 16, 14 + j * 16));
                }
            }
            // 36 houses of 3 households: about 22 pieces of 5, one or two houses each
            Outcome o = divide(houses, 3);
            int[] pieces = o.householdsPerPiece();
            assertTrue(pieces.length >= 18 && pieces.length <= 26, Arrays.toString(pieces));
            assertTrue(Arrays.stream(pieces).allMatch(h -> h == 3 || h == 6), Arrays.toString(pieces));
        }
    }

    @Nested
    class Regressions {
        /**
         * A cut computed inside a piece ended on the piece's boundary as rounded to the grid, a
         * fraction of a millimetre off the earlier cut it should meet; noding left it dangling, and
         * two 88-household buildings stayed in one piece.
         */
        @Test
        void cutInAPieceMeetsTheEarlierCut() throws Exception {
            List<String> lines;
            try (var in = BlockDividerTest.class.getResourceAsStream("cut-in-piece-missed-earlier-cut.wkt")) {
                lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.startsWith("#")).toList();
            }
            Polygon realBlock = (Polygon) read(lines.get(0));
            List<AreaInput.Building> buildings = new ArrayList<>();
            List<BlockDivider.Load> loads = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split("\t");
                Geometry footprint = read(f[1]);
                loads.add(new BlockDivider.Load(footprint, Integer.parseInt(f[0])));
                buildings.add(new AreaInput.Building("b" + buildings.size(), footprint, Integer.parseInt(f[0]), "estimate", "住宅", 11, null));
            }
            List<Block> pieces = new BlockPolygonizer(S).polygonize(realBlock, divider.cutLines(realBlock, loads));
            assertTiles(realBlock, pieces.stream().map(Block::polygon).toList());
            int[] blockOf = BuildingPlacer.place(pieces, buildings).blockOf();
            assertEquals(buildings.size(), Arrays.stream(blockOf).distinct().count(), "every building in a piece of its own");
        }
    }

    @Nested
    class NoDivision {
        @Test
        void blockInsideTheBandStaysWhole() {
            assertTrue(divide(List.of(box(10, 10, 20, 20), box(60, 60, 70, 70)), 45).cuts().isEmpty());
        }

        @Test
        void singleBuildingIsNeverCut() {
            assertTrue(divide(List.of(box(10, 10, 90, 90)), 500).cuts().isEmpty());
        }
    }

    @Nested
    class VoronoiFallback {
        @Test
        void pinwheelWithoutAStraightGapIsCutAlongVoronoiEdges() {
            // every projection of these five buildings is gapless, so no straight line passes
            List<String> pinwheel = List.of(box(0, 0, 60, 10), box(62, 0, 72, 60), box(12, 62, 72, 72),
                    box(0, 12, 10, 72), box(20, 20, 52, 52));
            Outcome o = divide(pinwheel.stream().map(w -> translate(w, 14)).toList(), 40);
            assertFalse(o.cuts().isEmpty());
            assertEquals(200, Arrays.stream(o.householdsPerPiece()).sum());
            assertTrue(Arrays.stream(o.householdsPerPiece()).allMatch(h -> h <= 100), Arrays.toString(o.householdsPerPiece()));
        }

        private String translate(String wkt, double by) {
            Geometry g = read(wkt);
            g.apply((org.locationtech.jts.geom.CoordinateFilter) c -> {
                c.x += by;
                c.y += by;
            });
            g.geometryChanged();
            return g.toText();
        }
    }

    @ParameterizedTest(name = "{0} households: {1} pieces")
    @CsvSource({ "100, 1", "101, 20", "130, 26", "200, 40", "900, 180" })
    void blocksAboveTheBandAreDividedIntoPiecesOfAboutFive(int households, int pieces) {
        assertEquals(pieces, divider.pieceCount(households));
    }
}
