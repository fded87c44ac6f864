package cn.jining.census.delineate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FloorLayersTest {

    private static final DelineationSettings S = DelineationSettings.DEFAULTS;

    @ParameterizedTest(name = "{0} households, {1} in tall buildings: {2} layers")
    @CsvSource({
            "90, 90, 1",     // inside the band: no layers
            "132, 132, 0",   // two towers of 66: one layer too many, two too few
            "198, 198, 2",   // three towers of 66
            "176, 110, 2",   // 66 of low buildings fit the lowest layer
            "176, 60, 0",    // 116 of low buildings do not
            "270, 270, 3",
            "330, 330, 0",   // four layers would be needed: more than one piece of land carries
    })
    void layersWhenEveryLayerCanLieInsideTheBand(int households, int tall, int layers) {
        assertEquals(layers, FloorLayers.count(households, tall, S));
    }

    @Test
    void threeTowersOf60AreCutAtFloors() {
        // 4 households a floor: floor 7 of each gives 84, one tower cut a floor higher 88
        List<FloorLayers.Tall> talls = List.of(tower(60, 15), tower(60, 15), tower(60, 15));
        FloorLayers.Layers layers = FloorLayers.divide(0, talls, S);
        assertArrayEquals(new int[] { 88, 92 }, layers.households());
        assertEquals(List.of("1-8层", "1-7层", "1-7层"), List.of(layers.labels()[0][0], layers.labels()[1][0], layers.labels()[2][0]));
        assertEquals(List.of("9-15层", "8-15层", "8-15层"), List.of(layers.labels()[0][1], layers.labels()[1][1], layers.labels()[2][1]));
        assertInBandAndComplete(layers, 0, talls);
    }

    @Test
    void threeTowersOf66WithSixHouseholdsAFloorAreCutBetweenHouseholds() {
        // whole floors give 90/108, 96/102 or 102/96: one layer always above 100
        List<FloorLayers.Tall> talls = List.of(tower(66, 11), tower(66, 11), tower(66, 11));
        FloorLayers.Layers layers = FloorLayers.divide(0, talls, S);
        assertArrayEquals(new int[] { 99, 99 }, layers.households());
        assertEquals("第1-33户", layers.labels()[0][0]);
        assertInBandAndComplete(layers, 0, talls);
    }

    @Test
    void lowBuildingsStayWholeInTheLowestLayer() {
        List<FloorLayers.Tall> talls = List.of(tower(66, 11), tower(66, 11));
        FloorLayers.Layers layers = FloorLayers.divide(30, talls, S);
        assertEquals(2, layers.households().length);
        assertEquals(layers.households()[0], 30 + layers.share(0, 0) + layers.share(1, 0));
        assertInBandAndComplete(layers, 30, talls);
    }

    @Test
    void floorsThatLeaveTheBandGiveWayToHouseholdsCountedFromTheBottom() {
        // 75 households of low buildings and a 7-floor tower of 91: its first floor (13) makes the
        // lowest layer 88 and leaves 78 above, no floor makes both 80–100
        List<FloorLayers.Tall> talls = List.of(tower(91, 7));
        FloorLayers.Layers layers = FloorLayers.divide(75, talls, S);
        assertArrayEquals(new int[] { 83, 83 }, layers.households());
        assertEquals("第1-8户", layers.labels()[0][0]);
        assertEquals("第9-91户", layers.labels()[0][1]);
        assertInBandAndComplete(layers, 75, talls);
    }

    @Test
    void everyLayerableGroupEndsInsideTheBandWithEveryHouseholdOnce() {
        Random random = new Random(7);
        int tried = 0;
        for (int round = 0; round < 5000; round++) {
            List<FloorLayers.Tall> talls = new ArrayList<>();
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                talls.add(tower(20 + random.nextInt(80), FloorLayers.LOWEST_TALL + random.nextInt(25)));
            }
            int low = random.nextInt(60);
            int tall = talls.stream().mapToInt(FloorLayers.Tall::households).sum();
            FloorLayers.Layers layers = FloorLayers.divide(low, talls, S);
            if (FloorLayers.count(low + tall, tall, S) < 2) {
                assertNull(layers);
                continue;
            }
            tried++;
            assertInBandAndComplete(layers, low, talls);
        }
        assertTrue(tried > 500, "groups divided: " + tried);
    }

    private static void assertInBandAndComplete(FloorLayers.Layers layers, int low, List<FloorLayers.Tall> talls) {
        int k = layers.households().length;
        int[] sums = new int[k];
        sums[0] = low;
        for (int b = 0; b < talls.size(); b++) {
            assertEquals(0, layers.cuts()[b][0]);
            assertEquals(talls.get(b).households(), layers.cuts()[b][k], "every household of building " + b + " once");
            for (int j = 0; j < k; j++) {
                assertTrue(layers.share(b, j) >= 0, "cuts go up");
                sums[j] += layers.share(b, j);
            }
        }
        assertArrayEquals(sums, layers.households());
        for (int h : layers.households()) {
            assertTrue(S.inBand(h), java.util.Arrays.toString(layers.households()));
        }
    }

    private static FloorLayers.Tall tower(int households, int floors) {
        return new FloorLayers.Tall(households, floors);
    }
}
