package cn.jining.census.collect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code census.app.*}: the caps of the collection app's API. */
@ConfigMapping(prefix = "census.app")
public interface AppSettings {

    /** Most vertices of one marked building outline. */
    @WithDefault("500")
    int maxVertices();

    /** m²: largest footprint of a marked building. */
    @WithDefault("20000")
    double maxBuildingArea();

    /** Most reports in one batch. */
    @WithDefault("1000")
    int maxBatch();

    /** How often, at most, {@code locate} checks whether its in-memory outlines are stale. */
    @WithDefault("1000")
    long locateRefreshMillis();

    /** m: how far beyond its subareas' outline the offline package reaches. */
    @WithDefault("200")
    double packageMargin();
}
