package cn.jining.census.delineate;

import static cn.jining.census.delineate.Wkt.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BuildingPlacerTest {

    private final List<Block> blocks = new BlockPolygonizer(DelineationSettings.DEFAULTS)
            .polygonize(read("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"), List.of(read("LINESTRING (50 -10, 50 110)")));

    private BuildingPlacer.Placement place(String footprint) {
        return BuildingPlacer.place(blocks, List.of(new AreaInput.Building("b", read(footprint), 1, "estimate", "住宅", 1, null)));
    }

    private int blockHolding(double x) {
        return blocks.stream().filter(b -> b.polygon().contains(read("POINT (" + x + " 50)"))).findFirst().orElseThrow().id();
    }

    @Test
    void buildingInsideOneBlockGoesThereAndIsNotReported() {
        BuildingPlacer.Placement p = place("POLYGON ((10 10, 20 10, 20 20, 10 20, 10 10))");
        assertEquals(blockHolding(25), p.blockOf()[0]);
        assertTrue(p.cut().isEmpty());
    }

    @Test
    void buildingARoadRunsThroughGoesWhereMostOfItLiesAndIsReported() {
        BuildingPlacer.Placement p = place("POLYGON ((45 10, 60 10, 60 20, 45 20, 45 10))");
        assertEquals(blockHolding(75), p.blockOf()[0]);
        assertEquals(1, p.cut().size());
        assertEquals(10.0 / 15, p.cut().get(0).share(), 1e-9);
    }

    @Test
    void buildingReachingOutOfTheAreaIsReportedToo() {
        BuildingPlacer.Placement p = place("POLYGON ((90 10, 110 10, 110 20, 90 20, 90 10))");
        assertEquals(blockHolding(75), p.blockOf()[0]);
        assertEquals(0.5, p.cut().get(0).share(), 1e-9);
    }

    @Test
    void buildingOutsideEveryBlockGoesToTheNearestWithShareZero() {
        BuildingPlacer.Placement p = place("POLYGON ((105 10, 110 10, 110 20, 105 20, 105 10))");
        assertEquals(blockHolding(75), p.blockOf()[0]);
        assertEquals(0, p.cut().get(0).share());
    }
}
