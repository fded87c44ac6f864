package cn.jining.census.synthetic;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * Which lattice cells a synthetic territory (district or city) covers: a rounded blob with a
 * wavy rim, made one 4-connected piece without holes so the outline is a single polygon.
 */
final class TerritoryMask {

    private TerritoryMask() {
    }

    /**
     * @param fill how far the rim reaches towards the lattice border, 0–1
     * @return for each cell whether it belongs to the territory
     */
    static boolean[] blob(Lattice lattice, SplittableRandom random, double fill) {
        double[] phase = {random.nextDouble() * 6.283, random.nextDouble() * 6.283, random.nextDouble() * 6.283};
        boolean[] inside = new boolean[lattice.cellCount()];
        double halfColumns = lattice.columns / 2.0;
        double halfRows = lattice.rows / 2.0;
        for (int c = 0; c < inside.length; c++) {
            double u = (lattice.cellColumn(c) + 0.5 - halfColumns) / (halfColumns - 0.3);
            double v = (lattice.cellRow(c) + 0.5 - halfRows) / (halfRows - 0.3);
            double angle = StrictMath.atan2(v, u);
            double rim = fill + 0.08 * StrictMath.sin(2 * angle + phase[0]) + 0.06 * StrictMath.sin(3 * angle + phase[1])
                    + 0.04 * StrictMath.sin(5 * angle + phase[2]);
            inside[c] = StrictMath.pow(Math.abs(u), 3) + StrictMath.pow(Math.abs(v), 3) <= StrictMath.pow(rim, 3);
        }
        return solid(lattice, inside);
    }

    /** Keeps the largest 4-connected piece of {@code inside} and fills the holes in it. */
    static boolean[] solid(Lattice lattice, boolean[] inside) {
        int[] component = new int[inside.length];
        int best = -1;
        int bestSize = 0;
        int next = 1;
        for (int c = 0; c < inside.length; c++) {
            if (inside[c] && component[c] == 0) {
                int size = flood(lattice, c, next, component, inside, true);
                if (size > bestSize) {
                    bestSize = size;
                    best = next;
                }
                next++;
            }
        }
        boolean[] kept = new boolean[inside.length];
        for (int c = 0; c < inside.length; c++) {
            kept[c] = component[c] == best;
        }
        // outside cells not reachable from the lattice border are holes: fill them
        int[] outside = new int[inside.length];
        for (int c = 0; c < inside.length; c++) {
            int i = lattice.cellColumn(c);
            int j = lattice.cellRow(c);
            boolean border = i == 0 || j == 0 || i == lattice.columns - 1 || j == lattice.rows - 1;
            if (border && !kept[c] && outside[c] == 0) {
                flood(lattice, c, 1, outside, kept, false);
            }
        }
        for (int c = 0; c < inside.length; c++) {
            kept[c] = kept[c] || outside[c] == 0;
        }
        return kept;
    }

    private static int flood(Lattice lattice, int start, int label, int[] marks, boolean[] inside, boolean wanted) {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        marks[start] = label;
        int size = 0;
        while (!queue.isEmpty()) {
            int c = queue.poll();
            size++;
            for (int[] n : lattice.neighbours(c)) {
                if (marks[n[0]] == 0 && inside[n[0]] == wanted) {
                    marks[n[0]] = label;
                    queue.add(n[0]);
                }
            }
        }
        return size;
    }
}
