package cn.jining.census.progress;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code census.calendar.*}: the phases of the census on the ground, each {@code FROM/TO} in ISO
 * dates, both days included (7th census defaults: census-rules.md, "Calendar").
 */
@ConfigMapping(prefix = "census.calendar")
public interface CalendarSettings {

    @WithDefault("2020-10-11/2020-10-31")
    String preListing();

    @WithDefault("2020-11-01/2020-11-15")
    String shortForm();

    @WithDefault("2020-11-16/2020-11-30")
    String longForm();

    @WithDefault("2020-12-01/2020-12-10")
    String reCheck();
}
