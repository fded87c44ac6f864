package cn.jining.census.load;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits and tuning of imports ({@code census.import.*}). */
@ConfigMapping(prefix = "census.import")
public interface ImportSettings {

    /** Most vertices one feature may have. */
    @WithDefault("200000")
    int maxVertices();

    /** Largest footprint of one building, in m² (EPSG:4548). */
    @WithDefault("1000000")
    double maxBuildingArea();

    /** Largest width or height of any feature's extent, in m (EPSG:4548). */
    @WithDefault("100000")
    double maxExtent();

    /** Most rejections listed in one report; the rest are counted in a warning. */
    @WithDefault("10000")
    int maxReportedRejections();

    /**
     * Whether one delivery may hold several districts (a city's delivery, such as the city-scale
     * test file): each 6-digit street-code prefix is then a district whose rows it replaces.
     * Off by default: the streets of a delivery share one district prefix, and a street of
     * another district is rejected as a mistake.
     */
    @WithDefault("false")
    boolean multiDistrict();

    /** Features validated together before their rows go to the database. */
    @WithDefault("2000")
    int batchSize();
}
