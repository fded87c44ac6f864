package cn.jining.census.delineate;

import java.util.List;

import org.locationtech.jts.geom.Geometry;

/**
 * Everything automatic delineation needs to know about one census area, in EPSG:4548 (metres).
 *
 * @param code            12-digit area code
 * @param name            the area's name, e.g. 洸河社区
 * @param geometry        the area: a Polygon or MultiPolygon whose extra parts are enclaves (飞地)
 * @param barriers        roads, railways and water near the area; those crossing it bound blocks,
 *                        all of them may name a side in 四至
 * @param buildings       the buildings registered in the area
 * @param demolitionZones demolition zones (拆迁区) overlapping the area; their households go to
 *                        virtual subareas
 * @param neighbours      the other census areas next to this one, for 四至
 */
public record AreaInput(String code, String name, Geometry geometry, List<Barrier> barriers,
        List<Building> buildings, List<Geometry> demolitionZones, List<Neighbour> neighbours) {

    /** What a barrier is on the ground; water is given as polygons, roads and railways as lines. */
    public enum BarrierKind { ROAD, RAILWAY, WATER }

    /**
     * A feature a person can find on the ground.
     *
     * @param name empty when the delivery has none
     */
    public record Barrier(String name, BarrierKind kind, Geometry geometry) {

        /** The linework that bounds blocks: the line itself, or the outline of water. */
        public Geometry linework() {
            return kind == BarrierKind.WATER ? geometry.getBoundary() : geometry;
        }
    }

    /**
     * A building as delineation counts it.
     *
     * @param households      households used: the administrative record where one matched,
     *                        otherwise the delivery's estimate
     * @param householdSource where {@code households} comes from, e.g. {@code estimate} or the
     *                        record's source
     * @param use             住宅, 商业, 工业, 公共 or 其他; only 住宅 is split vertically
     * @param floors          floors above ground, null when unknown
     * @param persons         persons from the administrative record, null when there is none
     */
    public record Building(String bid, Geometry geometry, int households, String householdSource, String use,
            Integer floors, Integer persons) {

        public boolean residential() {
            return "住宅".equals(use);
        }
    }

    /** A census area next to this one. */
    public record Neighbour(String code, String name, Geometry geometry) {
    }
}
