package cn.jining.census.delineate;

/**
 * The figures automatic delineation aims at, read from {@code census.subarea.*}.
 *
 * @param target            households a subarea aims at (default 90)
 * @param bandMin           fewest households of a subarea inside the band (default 80)
 * @param bandMax           most households of a subarea inside the band (default 100)
 * @param hardLimit         census forms one subarea may never exceed (default 999)
 * @param virtualMaxPersons persons one virtual subarea may hold (default 4 995)
 * @param minBlockArea      faces smaller than this (m²) are folded into a neighbour
 * @param minBlockWidth     faces thinner than this (m, mean width 2·area/perimeter) are folded too
 */
public record DelineationSettings(int target, int bandMin, int bandMax, int hardLimit, int virtualMaxPersons,
        double minBlockArea, double minBlockWidth) {

    public static final DelineationSettings DEFAULTS = new DelineationSettings(90, 80, 100, 999, 4995, 50.0, 2.0);

    public DelineationSettings {
        if (!(0 < bandMin && bandMin <= target && target <= bandMax && bandMax <= hardLimit)) {
            throw new IllegalArgumentException("need 0 < band-min <= target <= band-max <= hard-limit, got "
                    + bandMin + ", " + target + ", " + bandMax + ", " + hardLimit);
        }
        if (virtualMaxPersons <= 0 || minBlockArea < 0 || minBlockWidth < 0) {
            throw new IllegalArgumentException("virtual-max-persons must be positive, block minima not negative");
        }
    }

    /** True when {@code households} lies inside the band. */
    public boolean inBand(int households) {
        return bandMin <= households && households <= bandMax;
    }
}
