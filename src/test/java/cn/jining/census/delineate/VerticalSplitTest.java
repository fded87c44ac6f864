package cn.jining.census.delineate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VerticalSplitTest {

    private static final DelineationSettings S = DelineationSettings.DEFAULTS;

    @ParameterizedTest(name = "{0} households on {1} floors: {2} parts, remainder {3}")
    @CsvSource({
            // households, floors, parts in all, households left with the footprint
            "200, 20, 2, 100",
            "250, 25, 3, 80",
            "1200, 33, 13, 92",
            "3000, 30, 33, 91",

            // no count of parts fits the band: target-sized parts peeled, a small remainder left
            "101, 18, 2, 11",
            "101, , 2, 11",
            "150, , 2, 60",
    })
    void noHouseholdIsLostAndEveryPeeledPartFitsTheBand(int households, Integer floors, int parts, int remainder) {
        VerticalSplit.Split split = VerticalSplit.split(households, floors, S);
        assertEquals(parts, split.parts().size() + 1, split.toString());
        assertEquals(remainder, split.remainder(), split.toString());
        int sum = split.remainder();
        for (VerticalSplit.Part p : split.parts()) {
            assertTrue(S.inBand(p.households()), p.toString());
            sum += p.households();
        }
        assertEquals(households, sum, "no household lost or counted twice");
    }

    @Test
    void topFloorsArePeeledAndTheFootprintKeepsTheLowestFloors() {
        VerticalSplit.Split split = VerticalSplit.split(200, 20, S);
        assertEquals(List.of(new VerticalSplit.Part("11-20层", 100)), split.parts());
        assertEquals("1-10层", split.remainderLabel());
    }

    @Test
    void tooFewFloorsFallBackToGroupsOfHouseholds() {
        // 300 households make three parts of 100, which two floors cannot hold
        VerticalSplit.Split split = VerticalSplit.split(300, 2, S);
        assertTrue(split.parts().get(0).label().endsWith("组住户"), split.toString());
    }

    @Test
    void buildingInsideTheBandIsNotSplit() {
        assertTrue(VerticalSplit.split(100, 30, S).parts().isEmpty());
    }

    @Test
    void onlyResidentialBuildingsAreSplit() {
        AreaInput.Building dormitory = new AreaInput.Building("b1", null, 300, "estimate", "公共", 10, null);
        assertFalse(VerticalSplit.needed(dormitory, S));
    }
}
