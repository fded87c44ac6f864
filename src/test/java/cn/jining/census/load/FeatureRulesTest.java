package cn.jining.census.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.HashMap;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import cn.jining.census.geo.CrsCheck;
import cn.jining.census.geo.ToEpsg4548;
import cn.jining.census.load.FeatureRules.Checked;
import cn.jining.census.load.FeatureRules.LayerContext;
import cn.jining.census.model.Layer;

/** Single-feature checks, grouped by situation; geometries in EPSG:4548 metres unless said. */
class FeatureRulesTest {

    private static final String STREET = "POLYGON ((460000 3920000, 461000 3920000, 461000 3921000, 460000 3921000, 460000 3920000))";
    private static final String AREA = "POLYGON ((460000 3920000, 460500 3920000, 460500 3921000, 460000 3921000, 460000 3920000))";
    private static final String HOUSE = "POLYGON ((460100 3920100, 460120 3920100, 460120 3920110, 460100 3920110, 460100 3920100))";

    private final FeatureRules rules = new FeatureRules(new FeatureRules.Limits(1000, 1_000_000, 100_000));

    // ---- geometry

    @Test
    void selfIntersectingAreaIsInvalidAtTheCrossing() {
        Checked c = check(Layer.AREA, 4548, "POLYGON ((460000 3920000, 460100 3920100, 460100 3920000, 460000 3920100, 460000 3920000))",
                "code", "370999001001", "street_code", "370999001", "name", "甲社区", "kind", "社区");
        Rejection r = only(c);
        assertEquals("area", r.layer());
        assertEquals("370999001001", r.id());
        assertTrue(r.reason().contains("Self-intersection"), r.reason());
        assertEquals(List.of(460050.0, 3920050.0), r.location());
    }

    @Test
    void nanCoordinateIsReportedAtTheFirstFiniteCoordinate() {
        Checked c = check(Layer.BUILDING, 4548, "POLYGON ((460100 3920100, NaN 3920100, 460120 3920110, 460100 3920110, 460100 3920100))",
                building("B1"));
        Rejection r = only(c);
        assertTrue(r.reason().contains("not a finite number"), r.reason());
        assertEquals(List.of(460100.0, 3920100.0), r.location());
    }

    @Test
    void lineInAPolygonLayerIsTheWrongType() {
        Rejection r = only(check(Layer.WATER, 4548, "LINESTRING (460100 3920100, 460200 3920200)", "name", "", "kind", "河流"));
        assertTrue(r.reason().contains("layer water holds (Multi)Polygon"), r.reason());
        assertEquals("fid 7", r.id());
    }

    @Test
    void emptyGeometryIsRefused() {
        Rejection r = only(check(Layer.ROAD, 4548, "MULTILINESTRING EMPTY", "name", "", "class", "支路"));
        assertEquals("geometry is empty", r.reason());
        assertNull(r.location());
    }

    @Test
    void lonLatDeclaredAsProjectedIsRefusedSayingWhatItLooksLike() {
        Rejection r = only(check(Layer.BUILDING, 4548, "POLYGON ((116.6 35.4, 116.601 35.4, 116.601 35.401, 116.6 35.4))",
                building("B2")));
        assertTrue(r.reason().contains("coordinates look like EPSG:4490 longitude/latitude"), r.reason());
        assertEquals(List.of(116.6, 35.4), r.location());
    }

    @Test
    void featureOverTheVertexLimitIsRefused() {
        FeatureRules tight = new FeatureRules(new FeatureRules.Limits(4, 1_000_000, 100_000));
        Rejection r = only(tight.check(feature(HOUSE, building("B3")), context(Layer.BUILDING, 4548)));
        assertTrue(r.reason().startsWith("5 vertices, more than the limit of 4"), r.reason());
    }

    @Test
    void hugeBuildingAndHugeExtentAreRefused() {
        FeatureRules small = new FeatureRules(new FeatureRules.Limits(1000, 100, 15));
        List<Rejection> rs = small.check(feature(HOUSE, building("B4")), context(Layer.BUILDING, 4548)).rejections();
        assertEquals(2, rs.size(), rs::toString);
        assertTrue(rs.get(0).reason().contains("extent of 20 m is larger than the limit of 15 m"), rs.get(0).reason());
        assertTrue(rs.get(1).reason().contains("footprint of 200 m² is larger than the limit of 100 m²"), rs.get(1).reason());
    }

    @Test
    void buildingOutsideEveryStreetIsRefused() {
        Rejection r = only(check(Layer.BUILDING, 4548,
                "POLYGON ((470100 3920100, 470120 3920100, 470120 3920110, 470100 3920110, 470100 3920100))", building("B5")));
        assertTrue(r.reason().contains("lies in no street"), r.reason());
        assertEquals("B5", r.id());
    }

    // ---- attributes

    @Test
    void everyAttributeProblemOfOneBuildingIsReported() {
        Checked c = check(Layer.BUILDING, 4548, HOUSE,
                "bid", "B6", "floors", 301L, "use", "宿舍", "households", 2.5, "address", null);
        List<String> reasons = c.rejections().stream().map(Rejection::reason).toList();
        assertEquals(3, reasons.size(), reasons::toString);
        assertTrue(reasons.get(0).contains("floors 301 is outside 0–300"));
        assertTrue(reasons.get(1).contains("use '宿舍' is not one of"));
        assertTrue(reasons.get(2).contains("households 2.5 is not an integer"));
        assertEquals(List.of(460110.0, 3920105.0), c.rejections().get(0).location());
    }

    @Test
    void negativeOrMissingHouseholdsAndEmptyBidAreRefused() {
        List<String> reasons = check(Layer.BUILDING, 4548, HOUSE, "bid", " ", "floors", 3L, "use", "住宅", "households", -1L)
                .rejections().stream().map(Rejection::reason).toList();
        assertEquals(List.of("bid is missing", "households -1 is negative"), reasons);
        assertEquals("households is missing",
                only(check(Layer.BUILDING, 4548, HOUSE, "bid", "B7", "floors", null, "use", "住宅")).reason());
    }

    @Test
    void areaCodeMustStartWithItsStreetCode() {
        Rejection r = only(check(Layer.AREA, 4548, AREA,
                "code", "370999002001", "street_code", "370999001", "name", "乙村", "kind", "村"));
        assertEquals("area code 370999002001 does not start with its street_code 370999001", r.reason());
    }

    @Test
    void malformedCodesAndUnknownKindsAreRefused() {
        assertEquals("code '37099900' is not a 9-digit division code",
                only(check(Layer.STREET, 4548, STREET, "code", "37099900", "name", "丙街道")).reason());
        assertTrue(only(check(Layer.AREA, 4548, AREA, "code", "370999001001", "street_code", "370999001",
                "name", "丁", "kind", "居委会")).reason().startsWith("kind '居委会' is not one of"));
        assertTrue(only(check(Layer.ROAD, 4548, "LINESTRING (460100 3920100, 460200 3920200)", "name", "x", "class", "高速"))
                .reason().startsWith("class '高速' is not one of"));
        assertTrue(only(check(Layer.LANDUSE, 4548, AREA, "dlbm", "1a", "dlmc", "水田")).reason().startsWith("dlbm '1a'"));
    }

    @Test
    void shapefileTruncatedStreetCodeColumnIsRead() {
        Checked c = check(Layer.AREA, 4548, AREA, "code", "370999001001", "street_cod", "370999001", "name", "甲社区", "kind", "社区");
        assertTrue(c.rejections().isEmpty(), c.rejections()::toString);
    }

    // ---- accepted features

    @Test
    void cleanBuildingIsFiledUnderItsStreetAndArea() {
        Checked c = check(Layer.BUILDING, 4548, HOUSE, building("B8"));
        assertTrue(c.rejections().isEmpty(), c.rejections()::toString);
        assertEquals("370999001", c.row().streetCode());
        assertEquals("370999001001", c.row().areaCode());
        assertEquals("MultiPolygon", c.row().geometry().getGeometryType());
        assertEquals(4548, c.row().geometry().getSRID());
        assertNotNull(c.encoded());
    }

    @Test
    void latitudeFirstGeographicBuildingIsSwappedAndProjected() {
        // 35.4°N 116.6°E written latitude first
        Checked c = check(Layer.BUILDING, 4490,
                "POLYGON ((35.4 116.6, 35.4 116.6001, 35.4001 116.6001, 35.4001 116.6, 35.4 116.6))", building("B9"));
        assertEquals(List.of(), c.rejections());
        assertEquals(463663.221, c.row().geometry().getCoordinates()[0].x, 0.001);
        assertEquals(3919044.075, c.row().geometry().getCoordinates()[0].y, 0.001);
    }

    // ---- helpers

    private Checked check(Layer layer, int srid, String wkt, Object... attributes) {
        SourceFeature f = feature(wkt, attributes);
        return rules.check(f, context(layer, srid, f));
    }

    private LayerContext context(Layer layer, int srid) {
        return context(layer, srid, null);
    }

    private LayerContext context(Layer layer, int srid, SourceFeature first) {
        CrsCheck crs;
        try {
            crs = CrsCheck.forLayer(srid, first == null ? null : first.geometry().getEnvelopeInternal());
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
        // a geographic layer needs its streets where the feature lands after projection
        Geometry street = srid == 4490
                ? wkt("POLYGON ((463000 3918000, 465000 3918000, 465000 3920000, 463000 3920000, 463000 3918000))")
                : wkt(STREET);
        return new LayerContext(layer, crs, new ToEpsg4548(srid, crs.axesSwapped()),
                new FilingIndex(Map.of("370999001", street)),
                new FilingIndex(Map.of("370999001001", srid == 4490 ? street : wkt(AREA))),
                Map.of("370999001001", "370999001"), 1);
    }

    private static Object[] building(String bid) {
        return new Object[] {"bid", bid, "floors", 3L, "use", "住宅", "households", 12L, "address", "高新路1号"};
    }

    private static SourceFeature feature(String wkt, Object... attributes) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < attributes.length; i += 2) {
            map.put((String) attributes[i], attributes[i + 1]);
        }
        return new SourceFeature(7, map, wkt(wkt), encoded -> (Geometry) encoded);
    }

    private static Rejection only(Checked c) {
        assertEquals(1, c.rejections().size(), c.rejections()::toString);
        return c.rejections().get(0);
    }

    private static Geometry wkt(String text) {
        try {
            return new WKTReader().read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
