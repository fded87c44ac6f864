package cn.jining.census.delineate;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a residential building with more households than the band allows into vertically split
 * parts, by floors or, when floors are unknown or too coarse, by groups of households (units).
 *
 * <p>When the building's households can be cut into k parts that each fall inside the band, it is
 * cut into k near-equal parts. Otherwise parts of about the target are peeled from the top floor
 * down until what remains is at most the band's maximum; that remainder, below the band, is grouped
 * with neighbouring buildings. The part keeping the footprint is always the lowest floors; each
 * other part becomes a subarea of its own that repeats the footprint.
 *
 * <p>Households per floor are spread evenly (the delivery counts households per building, not per
 * floor). Floors are used only when every part they give lies inside the band (the remainder of a
 * peel excepted).
 */
public final class VerticalSplit {

    /**
     * One peeled part.
     *
     * @param label floors or households it covers, e.g. {@code 12-18层}
     */
    public record Part(String label, int households) {
    }

    /**
     * The outcome for one building.
     *
     * @param remainder      households left with the footprint
     * @param remainderLabel floors or households the remainder covers; empty when nothing was peeled
     * @param parts          peeled parts, top floors first; empty when the building needs no split
     */
    public record Split(int remainder, String remainderLabel, List<Part> parts) {
    }

    private VerticalSplit() {
    }

    /** True when {@code building} must be split: residential and above the band's maximum. */
    public static boolean needed(AreaInput.Building building, DelineationSettings settings) {
        return building.residential() && building.households() > settings.bandMax();
    }

    /** Splits {@code households} of a building with {@code floors} (null or &lt; 2: unknown). */
    public static Split split(int households, Integer floors, DelineationSettings settings) {
        if (households <= settings.bandMax()) {
            return new Split(households, "", List.of());
        }
        int[] sizes = sizes(households, settings);
        if (floors != null && floors >= sizes.length) {
            Split byFloors = byFloors(households, floors, sizes, settings);
            if (byFloors != null) {
                return byFloors;
            }
        }
        List<Part> parts = new ArrayList<>();
        for (int k = sizes.length - 1; k >= 1; k--) {
            parts.add(new Part("第" + (k + 1) + "组住户", sizes[k]));
        }
        return new Split(sizes[0], "第1组住户", List.copyOf(parts));
    }

    /**
     * Households per part, lowest first: near-equal parts inside the band when some count allows
     * it (the count nearest households/target), else target-sized parts above a small remainder.
     */
    private static int[] sizes(int households, DelineationSettings settings) {
        int fewest = (households + settings.bandMax() - 1) / settings.bandMax();
        int most = households / settings.bandMin();
        if (fewest <= most) {
            int k = Math.max(fewest, Math.min(most, (int) Math.round(households / (double) settings.target())));
            int[] sizes = new int[k];
            for (int i = 0; i < k; i++) {
                sizes[i] = (int) (Math.round((i + 1) * (double) households / k) - Math.round(i * (double) households / k));
            }
            return sizes;
        }
        int peeled = (households - settings.bandMax() + settings.target() - 1) / settings.target();
        int[] sizes = new int[peeled + 1];
        sizes[0] = households - peeled * settings.target();
        for (int i = 1; i <= peeled; i++) {
            sizes[i] = settings.target();
        }
        return sizes;
    }

    /** The parts cut at the floors nearest to the household sizes; null when a part leaves the band. */
    private static Split byFloors(int households, int floors, int[] sizes, DelineationSettings settings) {
        long[] below = new long[floors + 1]; // households on floors 1..f
        for (int f = 0; f <= floors; f++) {
            below[f] = Math.round(f * (double) households / floors);
        }
        int[] cut = new int[sizes.length + 1]; // part i holds floors cut[i]+1 .. cut[i+1]
        cut[sizes.length] = floors;
        long wanted = 0;
        for (int i = 1; i < sizes.length; i++) {
            wanted += sizes[i - 1];
            int f = cut[i - 1] + 1;
            while (f + 1 <= floors - (sizes.length - i) && Math.abs(below[f + 1] - wanted) < Math.abs(below[f] - wanted)) {
                f++;
            }
            cut[i] = f;
        }
        List<Part> parts = new ArrayList<>();
        for (int i = sizes.length - 1; i >= 1; i--) {
            int h = (int) (below[cut[i + 1]] - below[cut[i]]);
            if (!settings.inBand(h)) {
                return null;
            }
            parts.add(new Part(floorLabel(cut[i] + 1, cut[i + 1]), h));
        }
        int remainder = (int) below[cut[1]];
        boolean peel = sizes.length > 1 && sizes[0] != sizes[1] && !settings.inBand(sizes[0]);
        if (remainder <= 0 || remainder > settings.bandMax() || (!peel && !settings.inBand(remainder))) {
            return null;
        }
        return new Split(remainder, floorLabel(1, cut[1]), List.copyOf(parts));
    }

    static String floorLabel(int from, int to) {
        return from == to ? from + "层" : from + "-" + to + "层";
    }
}
