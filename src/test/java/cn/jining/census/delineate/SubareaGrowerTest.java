package cn.jining.census.delineate;

import static cn.jining.census.delineate.Wkt.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Geometry;

class SubareaGrowerTest {

    private static final DelineationSettings S = DelineationSettings.DEFAULTS;
    private final SubareaGrower grower = new SubareaGrower(S);

    /** Pieces of a square area cut by a grid of roads every {@code step} metres. */
    private static List<Block> grid(String area, int size, int step) {
        List<Geometry> lines = new ArrayList<>();
        for (int x = step; x < size; x += step) {
            lines.add(read("LINESTRING (" + x + " -1, " + x + " " + (size + 1) + ")"));
            lines.add(read("LINESTRING (-1 " + x + ", " + (size + 1) + " " + x + ")"));
        }
        return new BlockPolygonizer(S).polygonize(read(area), lines);
    }

    private List<SubareaGrower.Group> grow(List<Block> pieces, ToIntFunction<Block> households) {
        int[] h = pieces.stream().mapToInt(households).toArray();
        List<SubareaGrower.Group> groups = grower.grow(pieces, h, new int[pieces.size()], pieces.stream().mapToInt(Block::id).toArray());
        BitSet seen = new BitSet();
        List<Map<Integer, Double>> neighbours = SharedEdges.neighbours(pieces.stream().map(Block::polygon).toList());
        for (SubareaGrower.Group g : groups) {
            for (int p : g.pieces()) {
                assertTrue(!seen.get(p), "piece " + p + " in two groups");
                seen.set(p);
            }
            assertTrue(connected(g.pieces(), neighbours), "group " + g + " is contiguous");
            assertEquals(g.pieces().stream().mapToInt(p -> h[p]).sum(), g.households());
            assertTrue(g.households() <= S.hardLimit());
        }
        assertEquals(pieces.size(), seen.cardinality(), "every piece grouped");
        return groups;
    }

    private static boolean connected(List<Integer> pieces, List<Map<Integer, Double>> neighbours) {
        BitSet in = new BitSet();
        pieces.forEach(in::set);
        BitSet reached = new BitSet();
        List<Integer> stack = new ArrayList<>(List.of(pieces.get(0)));
        reached.set(pieces.get(0));
        while (!stack.isEmpty()) {
            int p = stack.remove(stack.size() - 1);
            for (int q : neighbours.get(p).keySet()) {
                if (in.get(q) && !reached.get(q)) {
                    reached.set(q);
                    stack.add(q);
                }
            }
        }
        return reached.cardinality() == pieces.size();
    }

    private static long inBand(List<SubareaGrower.Group> groups) {
        return groups.stream().filter(g -> S.inBand(g.households())).count();
    }

    @Nested
    class Balance {
        @Test
        void gridOfEqualBlocksMakesSubareasAllInsideTheBand() {
            List<Block> pieces = grid("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", 100, 10);
            List<SubareaGrower.Group> groups = grow(pieces, b -> 9);
            assertEquals(10, groups.size());
            assertEquals(10, inBand(groups));
        }

        @Test
        void unevenBlocksStillLandInsideTheBand() {
            List<Block> pieces = grid("POLYGON ((0 0, 120 0, 120 120, 0 120, 0 0))", 120, 10);
            // 144 blocks of 3 to 17 households
            List<SubareaGrower.Group> groups = grow(pieces, b -> 3 + (b.id() * 7) % 15);
            assertTrue(inBand(groups) >= 0.9 * groups.size(), groups.toString());
        }
    }

    @Nested
    class EmptyBlocks {
        @Test
        void blocksWithoutHouseholdsJoinANeighbourAndFormNoSubareaOfTheirOwn() {
            List<Block> pieces = grid("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))", 100, 10);
            // a field across the middle row holds nobody
            List<SubareaGrower.Group> groups = grow(pieces, b -> {
                double y = b.polygon().getCentroid().getY();
                return y > 40 && y < 50 ? 0 : 10;
            });
            assertTrue(groups.stream().allMatch(g -> g.households() > 0), groups.toString());
            assertEquals(groups.size(), inBand(groups));
        }
    }

    @Nested
    class Enclaves {
        @Test
        void enclaveIsASubareaOfItsOwnWhateverItsHouseholds() {
            List<Block> pieces = grid("MULTIPOLYGON (((0 0, 100 0, 100 100, 0 100, 0 0)), ((300 0, 310 0, 310 10, 300 10, 300 0)))", 100, 10);
            List<SubareaGrower.Group> groups = grow(pieces, b -> b.part() == 1 ? 12 : 9);
            SubareaGrower.Group enclave = groups.stream().filter(g -> pieces.get(g.pieces().get(0)).part() == 1).findFirst().orElseThrow();
            assertEquals(List.of(pieces.size() - 1), enclave.pieces());
            assertEquals(12, enclave.households());
        }
    }

    @Test
    void contiguityIsThroughEdgesNotCorners() {
        // two squares touching at one corner are two components
        Geometry area = read("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0)), ((10 10, 20 10, 20 20, 10 20, 10 10)))");
        List<Block> pieces = new BlockPolygonizer(S).polygonize(area, List.of());
        List<SubareaGrower.Group> groups = grow(pieces, b -> 40);
        assertEquals(2, groups.size());
    }

    @ParameterizedTest(name = "{0} households: {1} subareas")
    @CsvSource({
            "50, 1", "100, 1", "105, 1", "170, 2", "250, 3", "900, 10",
            // no count fits the band: the one whose single exception lies nearest it (80 + 50)
            "130, 2", "230, 3" })
    void subareaCountPutsAsManySubareasInsideTheBandAsPossible(int households, int count) {
        assertEquals(count, grower.subareaCount(households));
    }

}
