package cn.jining.census.print;

import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * What the printed map of one census subarea (普查小区图) shows, geometry in EPSG:4548.
 *
 * @param districtName the district's name, e.g. 济宁高新技术产业开发区
 * @param sizhi        四至 as one sentence (东至…，南至…，西至…，北至…); empty when unknown
 * @param households   households counted for the subarea
 * @param buildings    the buildings it registers, in numbering order (number 1 first)
 * @param enumerators  names of its enumerators; empty when none is assigned
 */
public record SubareaSheet(String code, String districtName, String streetCode, String streetName, String areaCode,
        String areaName, String sizhi, int households, Geometry outline, List<NumberedBuilding> buildings,
        List<String> enumerators) {

    /**
     * A building as the map and the list beside it number it.
     *
     * @param number     1, 2, … in serpentine order
     * @param floors     null when the delivery gives none
     * @param households counted for this subarea (a vertically split building: this part's)
     * @param part       for a vertically split building, which floors or units; else null
     * @param anchor     where its number is printed: a point inside the footprint
     */
    public record NumberedBuilding(int number, String bid, Integer floors, int households, String part, Point anchor) {
    }

    /** The last three digits of the code: the subarea's number inside its area. */
    public String number() {
        return code.substring(12);
    }

    /** The full hierarchical name: district, street, area and subarea, e.g. …洸河街道…社区第001普查小区. */
    public String fullName() {
        return districtName + streetName + areaName + "第" + number() + "普查小区";
    }
}
