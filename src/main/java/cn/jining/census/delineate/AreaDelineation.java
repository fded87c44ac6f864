package cn.jining.census.delineate;

import java.util.List;

import org.locationtech.jts.geom.Geometry;

/**
 * The automatic delineation of one census area: a proposal until a planner accepts it.
 *
 * @param areaCode     12-digit code
 * @param subareas     in code order: numbered ones (001…, vertical parts right after the subarea
 *                     holding their footprint), then virtual ones (900…)
 * @param cutBuildings buildings a road, railway or water outline runs through, with where they went
 * @param blocks       blocks bounded by roads, railways and water
 * @param pieces       pieces after dividing blocks above the band
 */
public record AreaDelineation(String areaCode, List<Subarea> subareas, List<BuildingPlacer.CutBuilding> cutBuildings,
        int blocks, int pieces) {

    /**
     * A proposed subarea.
     *
     * @param code       15 digits
     * @param geometry   MultiPolygon in EPSG:4548; the building footprint for a vertical part; null
     *                   for a virtual subarea
     * @param households households counted, the sum over {@code members}
     * @param verticalOf for a vertical part, the code of the subarea holding the footprint
     * @param exception  why the subarea lies outside the band, null when it lies inside
     */
    public record Subarea(String code, Geometry geometry, int households, boolean virtual, String verticalOf,
            SiZhi sizhi, List<Member> members, String exception) {
    }

    /**
     * A building, or part of one, registered in a subarea.
     *
     * @param households households of this building (part) counted here
     * @param source     where the household number comes from, e.g. {@code estimate}
     * @param part       floors or household group for a vertically split building, else null
     */
    public record Member(String bid, int households, String source, String part) {
    }

    /** Subareas outside the band, with their reason. */
    public List<Subarea> exceptions() {
        return subareas.stream().filter(s -> s.exception() != null).toList();
    }
}
