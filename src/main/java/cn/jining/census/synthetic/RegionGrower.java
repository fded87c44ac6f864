package cn.jining.census.synthetic;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

import org.locationtech.jts.geom.Coordinate;

/**
 * Partitions cells among regions that grow from seed cells, each one cell at a time into an
 * unclaimed neighbour, so every region stays edge-connected (its cells unite into one polygon).
 *
 * <p>The region furthest behind its target size grows next, into the unclaimed neighbour
 * nearest its seed: regions come out compact and roughly in proportion to their targets. A
 * region boxed in by others stops; cells no region can reach stay unclaimed (-1).
 */
final class RegionGrower {

    private RegionGrower() {
    }

    /**
     * @param cellCount number of cells, indexed from 0
     * @param claimable whether a cell may be claimed at all
     * @param neighbours for a cell, the cells a region may grow into from it
     * @param centres cell centres, for the distance to a seed
     * @param seeds one seed cell per region (claimable, distinct)
     * @param targets relative target sizes, one per region, positive
     * @return for each cell the index of its region, or -1
     */
    static int[] grow(int cellCount, IntPredicate claimable, IntFunction<int[]> neighbours,
            Coordinate[] centres, int[] seeds, double[] targets) {
        int[] owner = new int[cellCount];
        Arrays.fill(owner, -1);
        int regions = seeds.length;
        int[] size = new int[regions];
        @SuppressWarnings("unchecked")
        PriorityQueue<long[]>[] frontier = new PriorityQueue[regions];
        for (int r = 0; r < regions; r++) {
            // entries {distance in mm, cell}: ties broken by cell index for a stable order
            frontier[r] = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            if (owner[seeds[r]] != -1) {
                throw new IllegalArgumentException("seed cell " + seeds[r] + " given twice");
            }
            owner[seeds[r]] = r;
            size[r] = 1;
        }
        for (int r = 0; r < regions; r++) {
            offerNeighbours(r, seeds[r], owner, claimable, neighbours, centres, seeds, frontier);
        }
        while (true) {
            int next = -1;
            double behind = Double.MAX_VALUE;
            for (int r = 0; r < regions; r++) {
                while (!frontier[r].isEmpty() && owner[(int) frontier[r].peek()[1]] != -1) {
                    frontier[r].poll();
                }
                if (!frontier[r].isEmpty() && size[r] / targets[r] < behind) {
                    behind = size[r] / targets[r];
                    next = r;
                }
            }
            if (next < 0) {
                return owner;
            }
            int cell = (int) frontier[next].poll()[1];
            owner[cell] = next;
            size[next]++;
            offerNeighbours(next, cell, owner, claimable, neighbours, centres, seeds, frontier);
        }
    }

    private static void offerNeighbours(int region, int cell, int[] owner, IntPredicate claimable,
            IntFunction<int[]> neighbours, Coordinate[] centres, int[] seeds, PriorityQueue<long[]>[] frontier) {
        Coordinate seed = centres[seeds[region]];
        for (int n : neighbours.apply(cell)) {
            if (owner[n] == -1 && claimable.test(n)) {
                frontier[region].add(new long[] {Math.round(centres[n].distance(seed) * 1000), n});
            }
        }
    }

    /**
     * Seeds spread over a set of cells by farthest-point sampling, starting from the cell
     * nearest {@code start}: each next seed is the cell farthest from all seeds chosen so far.
     */
    static int[] spreadSeeds(int[] cells, Coordinate[] centres, Coordinate start, int count) {
        if (count > cells.length) {
            throw new IllegalArgumentException(count + " seeds among " + cells.length + " cells");
        }
        double[] nearest = new double[cells.length];
        int first = 0;
        for (int k = 1; k < cells.length; k++) {
            if (centres[cells[k]].distance(start) < centres[cells[first]].distance(start)) {
                first = k;
            }
        }
        int[] seeds = new int[count];
        Arrays.fill(nearest, Double.MAX_VALUE);
        int chosen = first;
        for (int s = 0; s < count; s++) {
            seeds[s] = cells[chosen];
            int farthest = -1;
            for (int k = 0; k < cells.length; k++) {
                nearest[k] = Math.min(nearest[k], centres[cells[k]].distance(centres[cells[chosen]]));
                if (farthest < 0 || nearest[k] > nearest[farthest]) {
                    farthest = k;
                }
            }
            chosen = farthest;
        }
        return seeds;
    }
}
