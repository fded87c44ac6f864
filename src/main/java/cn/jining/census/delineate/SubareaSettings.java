package cn.jining.census.delineate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code census.subarea.*}: the figures automatic delineation aims at (see {@link DelineationSettings}). */
@ConfigMapping(prefix = "census.subarea")
public interface SubareaSettings {

    @WithDefault("90")
    int target();

    @WithDefault("80")
    int bandMin();

    @WithDefault("100")
    int bandMax();

    @WithDefault("999")
    int hardLimit();

    @WithDefault("4995")
    int virtualMaxPersons();

    /** m²; faces smaller than this are folded into a neighbour. */
    @WithDefault("50")
    double minBlockArea();

    /** m of mean width; faces thinner than this are folded into a neighbour. */
    @WithDefault("2")
    double minBlockWidth();

    default DelineationSettings toSettings() {
        return new DelineationSettings(target(), bandMin(), bandMax(), hardLimit(), virtualMaxPersons(), minBlockArea(),
                minBlockWidth());
    }
}
