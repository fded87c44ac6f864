package cn.jining.census.assign;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Settings of assignment proposals and of the workload checks ({@code census.assign.*}).
 */
@ConfigMapping(prefix = "census.assign")
public interface AssignSettings {

    /**
     * Subareas an enumerator takes at most while someone else can take more: 1–3 subareas of
     * 80–100 households fit the two weeks of short-form registration.
     */
    @WithDefault("3")
    int maxSubareasPerEnumerator();

    /** Share of the street's mean load an enumerator may exceed before the next-nearest is asked (0.1 = 10 %). */
    @WithDefault("0.1")
    double shareSlack();

    /** Metres added to the distance of a unit outside a person's home area, so that home areas come first. */
    @WithDefault("1000")
    double otherAreaPenaltyMetres();

    /** Households above which an enumerator counts as overloaded in the workload report. */
    @WithDefault("300")
    int overloadHouseholds();
}
