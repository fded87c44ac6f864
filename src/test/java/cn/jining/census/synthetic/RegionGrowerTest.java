package cn.jining.census.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class RegionGrowerTest {

    private final Lattice lattice = new Lattice(12, 10, 470_000, 3_920_000, 400, RandomStreams.of(3, 1));
    private final Coordinate[] centres = IntStream.range(0, lattice.cellCount()).mapToObj(lattice::cellCentre)
            .toArray(Coordinate[]::new);

    @Test
    void regionsClaimEveryCellAndEachIsOnePolygon() {
        int[] all = IntStream.range(0, lattice.cellCount()).toArray();
        int[] seeds = RegionGrower.spreadSeeds(all, centres, centres[0], 7);
        double[] targets = {1, 1, 1, 2, 1, 0.5, 1};
        int[] owner = RegionGrower.grow(lattice.cellCount(), c -> true,
                c -> Arrays.stream(lattice.neighbours(c)).mapToInt(n -> n[0]).toArray(), centres, seeds, targets);
        assertTrue(Arrays.stream(owner).allMatch(r -> r >= 0));
        for (int r = 0; r < seeds.length; r++) {
            final int region = r;
            Geometry shape = CoverageUnion.union(IntStream.range(0, owner.length).filter(c -> owner[c] == region)
                    .mapToObj(lattice::cellPolygon).toArray(Geometry[]::new));
            assertTrue(shape instanceof Polygon, "region " + r + " is in pieces");
            assertEquals(r, owner[seeds[r]]);
        }
    }

    @Test
    void aCellNoRegionMayClaimStaysUnclaimed() {
        int blocked = lattice.cell(5, 5);
        int[] owner = RegionGrower.grow(lattice.cellCount(), c -> c != blocked,
                c -> Arrays.stream(lattice.neighbours(c)).mapToInt(n -> n[0]).toArray(), centres,
                new int[] {lattice.cell(0, 0), lattice.cell(11, 9)}, new double[] {1, 1});
        assertEquals(-1, owner[blocked]);
        assertEquals(lattice.cellCount() - 1, Arrays.stream(owner).filter(r -> r >= 0).count());
    }

    @Test
    void spreadSeedsStartNearTheGivenPointAndAreDistinct() {
        int[] all = IntStream.range(0, lattice.cellCount()).toArray();
        int[] seeds = RegionGrower.spreadSeeds(all, centres, centres[lattice.cell(6, 4)], 10);
        assertEquals(lattice.cell(6, 4), seeds[0]);
        assertEquals(10, Arrays.stream(seeds).distinct().count());
    }
}
