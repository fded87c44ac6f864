package cn.jining.census.delineate;

import java.util.List;

/**
 * Divides the tall residential buildings standing on one subarea's land by floors into layers:
 * the lowest layer stays with the land (with every low building), each layer above becomes a
 * vertically split subarea repeating the footprints of the buildings it covers.
 *
 * <p>Why: a residential compound of 11–15-floor towers of 44–66 households each cannot be grouped
 * into whole buildings of 80–100 households (two towers make 120–132, one makes 60–66), and a
 * building under the band is not peeled by {@link VerticalSplit}. Floors are how enumerators
 * walk such a compound anyway: "3、5、7号楼 1–6层" and "3、5、7号楼 7–11层" are two subareas a census
 * office can check on the ground, each of them inside the band, under the same rule that lets one
 * large building be divided by floors or units.
 *
 * <p>Limits: only residential buildings of at least {@value #LOWEST_TALL} floors (中高层 and above)
 * are layered; at most {@value #MOST_LAYERS} layers on one piece of land; low buildings always stay
 * whole in the lowest layer; every layer cuts each building at a floor when the floors give layers
 * inside the band, otherwise between households counted from the bottom (by unit, as the delivery
 * counts households per building, not per floor). Households per floor are spread evenly, as in
 * {@link VerticalSplit}.
 */
public final class FloorLayers {

    /** Fewest floors of a building divided by floors into layers: 中高层, 7 floors and up. */
    static final int LOWEST_TALL = 7;
    /** Most layers on one piece of land: the land subarea and two above it. */
    static final int MOST_LAYERS = 3;

    /** A tall building of the group, with the households it counts. */
    public record Tall(int households, Integer floors) {
    }

    /**
     * The layers of a group, lowest first.
     *
     * @param households households of each layer, the lowest including every low building
     * @param cuts       for each tall building, the households below each cut, lowest cut first
     *                   ({@code cuts[b][0] = 0}, {@code cuts[b][layers] = households of b})
     * @param labels     for each tall building and layer, the floors or households it covers there
     */
    public record Layers(int[] households, int[][] cuts, String[][] labels) {

        /** Households building {@code b} counts in {@code layer}. */
        public int share(int b, int layer) {
            return cuts[b][layer + 1] - cuts[b][layer];
        }
    }

    private FloorLayers() {
    }

    /** True when {@code building} may be divided by floors into layers with its neighbours. */
    public static boolean tall(AreaInput.Building building) {
        return building.residential() && building.floors() != null && building.floors() >= LOWEST_TALL;
    }

    /**
     * How many layers a group of {@code households}, {@code tall} of them in tall buildings, is
     * divided into: 1 when it lies inside the band, 0 when no number of layers puts every layer
     * inside the band (the low buildings must fit in the lowest).
     */
    public static int count(int households, int tall, DelineationSettings settings) {
        if (settings.inBand(households)) {
            return 1;
        }
        int low = households - tall;
        for (int k = 2; k <= MOST_LAYERS; k++) {
            boolean fits = k * settings.bandMin() <= households && households <= k * settings.bandMax();
            if (fits && low <= Math.min(settings.bandMax(), households - (k - 1) * settings.bandMin())) {
                return k;
            }
        }
        return 0;
    }

    /**
     * Divides a group into layers.
     *
     * @param low   households of the group's low buildings, all in the lowest layer
     * @param talls the group's tall buildings
     * @return null when {@link #count} gives fewer than two layers
     */
    public static Layers divide(int low, List<Tall> talls, DelineationSettings settings) {
        int tall = talls.stream().mapToInt(Tall::households).sum();
        int households = low + tall;
        int k = count(households, tall, settings);
        if (k < 2) {
            return null;
        }
        int[] sizes = sizes(households, low, k, settings);
        // households of the tall buildings below each cut between layers
        int[] below = new int[k + 1];
        below[0] = 0;
        for (int j = 1; j <= k; j++) {
            below[j] = below[j - 1] + sizes[j - 1] - (j == 1 ? low : 0);
        }
        Layers byFloors = byFloors(talls, below, low, settings);
        return byFloors != null ? byFloors : byHouseholds(talls, below, sizes);
    }

    /** Households per layer, lowest first: near the mean, the lowest at least the low buildings. */
    private static int[] sizes(int households, int low, int k, DelineationSettings settings) {
        int least = Math.max(Math.max(settings.bandMin(), low), households - (k - 1) * settings.bandMax());
        int most = Math.min(settings.bandMax(), households - (k - 1) * settings.bandMin());
        int first = Math.max(least, Math.min(most, (int) Math.round(households / (double) k)));
        int[] sizes = new int[k];
        sizes[0] = first;
        int rest = households - first;
        for (int j = 1; j < k; j++) {
            sizes[j] = (int) (Math.round(j * (double) rest / (k - 1)) - Math.round((j - 1) * (double) rest / (k - 1)));
        }
        return sizes;
    }

    /**
     * Each building cut at a floor: first at the floor below its share, then buildings raised a
     * floor at a time, largest remainder first, while that brings the layer nearer its size; null
     * when a layer then leaves the band.
     */
    private static Layers byFloors(List<Tall> talls, int[] below, int low, DelineationSettings settings) {
        int k = below.length - 1;
        int tall = below[k];
        int n = talls.size();
        int[][] floorCut = new int[n][k + 1];
        for (int b = 0; b < n; b++) {
            floorCut[b][k] = talls.get(b).floors();
        }
        for (int j = 1; j < k; j++) {
            double[] exact = new double[n];
            int sum = 0;
            for (int b = 0; b < n; b++) {
                exact[b] = talls.get(b).floors() * (double) below[j] / tall;
                floorCut[b][j] = Math.max(floorCut[b][j - 1], (int) Math.floor(exact[b]));
                sum += householdsBelow(talls.get(b), floorCut[b][j]);
            }
            final int cut = j;
            List<Integer> order = java.util.stream.IntStream.range(0, n).boxed()
                    .sorted(java.util.Comparator.comparingDouble(b -> floorCut[b][cut] - exact[b])).toList();
            for (int b : order) {
                Tall t = talls.get(b);
                if (floorCut[b][j] >= t.floors()) {
                    continue;
                }
                int raised = sum + householdsBelow(t, floorCut[b][j] + 1) - householdsBelow(t, floorCut[b][j]);
                if (Math.abs(raised - below[j]) < Math.abs(sum - below[j])) {
                    floorCut[b][j]++;
                    sum = raised;
                }
            }
        }
        int[][] cuts = new int[n][k + 1];
        String[][] labels = new String[n][k];
        int[] layer = new int[k];
        layer[0] = low;
        for (int b = 0; b < n; b++) {
            for (int j = 0; j <= k; j++) {
                cuts[b][j] = householdsBelow(talls.get(b), floorCut[b][j]);
            }
            for (int j = 0; j < k; j++) {
                layer[j] += cuts[b][j + 1] - cuts[b][j];
                labels[b][j] = floorCut[b][j] == floorCut[b][j + 1] ? ""
                        : VerticalSplit.floorLabel(floorCut[b][j] + 1, floorCut[b][j + 1]);
            }
        }
        for (int h : layer) {
            if (!settings.inBand(h)) {
                return null;
            }
        }
        return new Layers(layer, cuts, labels);
    }

    /** Households on the floors up to {@code floor}, spread evenly over the building's floors. */
    private static int householdsBelow(Tall t, int floor) {
        return (int) Math.round(floor * (double) t.households() / t.floors());
    }

    /**
     * Each building cut between households in proportion to its size, the cuts adjusted one
     * household at a time so that every layer gets exactly its size.
     */
    private static Layers byHouseholds(List<Tall> talls, int[] below, int[] sizes) {
        int k = below.length - 1;
        int tall = below[k];
        int n = talls.size();
        int[][] cuts = new int[n][k + 1];
        for (int b = 0; b < n; b++) {
            cuts[b][k] = talls.get(b).households();
        }
        for (int j = 1; j < k; j++) {
            int sum = 0;
            double[] exact = new double[n];
            for (int b = 0; b < n; b++) {
                exact[b] = talls.get(b).households() * (double) below[j] / tall;
                cuts[b][j] = Math.max(cuts[b][j - 1], (int) Math.floor(exact[b]));
                sum += cuts[b][j];
            }
            while (sum != below[j]) {
                int pick = -1;
                for (int b = 0; b < n; b++) {
                    boolean movable = sum < below[j] ? cuts[b][j] < cuts[b][k] : cuts[b][j] > cuts[b][j - 1];
                    double gap = (sum < below[j] ? 1 : -1) * (exact[b] - cuts[b][j]);
                    if (movable && (pick < 0 || gap > (sum < below[j] ? 1 : -1) * (exact[pick] - cuts[pick][j]))) {
                        pick = b;
                    }
                }
                int step = sum < below[j] ? 1 : -1;
                cuts[pick][j] += step;
                sum += step;
            }
        }
        String[][] labels = new String[n][k];
        for (int b = 0; b < n; b++) {
            for (int j = 0; j < k; j++) {
                labels[b][j] = cuts[b][j] == cuts[b][j + 1] ? "" : "第" + (cuts[b][j] + 1) + "-" + cuts[b][j + 1] + "户";
            }
        }
        return new Layers(sizes.clone(), cuts, labels);
    }
}
