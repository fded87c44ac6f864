package cn.jining.census.check;

import org.locationtech.jts.geom.Geometry;

/**
 * A building as the checks see it.
 *
 * @param bid        the delivery's building id
 * @param streetCode the street office the delivery files it under
 * @param use        住宅, 商业, 工业, 公共 or 其他
 * @param households households used for the census (administrative record, else estimate)
 * @param geometry   footprint, (multi)polygon in EPSG:4548
 */
public record BuildingFootprint(String bid, String streetCode, String use, int households, Geometry geometry) {

    /** True for a residential building with households: one that must be registered. */
    public boolean housesPeople() {
        return "住宅".equals(use) && households > 0;
    }
}
