package cn.jining.census.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

class CrsCheckTest {

    private static final GeometryFactory FACTORY = new GeometryFactory();

    @ParameterizedTest(name = "EPSG:{0} ({1}, {2}) -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            # declared | x          | y          | accepted | swapped | reason contains
            4548       | 464000     | 3920000    | true     | false   |
            4548       | 116.6      | 35.4       | false    | false   | EPSG:4490 longitude/latitude
            4548       | 35.4       | 116.6      | false    | false   | latitude first
            4548       | 39464000   | 3920000    | false    | false   | EPSG:4527 Gauss-Krüger easting with zone prefix 39
            4548       | 3920000    | 464000     | false    | false   | axes swapped
            4548       | 0          | 0          | false    | false   | no coordinate system for China
            4527       | 39464000   | 3920000    | true     | false   |
            4527       | 464000     | 3920000    | false    | false   | EPSG:4548 Gauss-Krüger easting/northing without zone prefix
            4527       | 40464000   | 3920000    | false    | false   | zone prefix 40 (3-degree zone, CM 120E)
            4527       | 20464000   | 3920000    | false    | false   | zone prefix 20 (6-degree zone, CM 117E)
            4490       | 116.6      | 35.4       | true     | false   |
            4490       | 35.4       | 116.6      | true     | true    |
            4490       | 464000     | 3920000    | false    | false   | EPSG:4548
            4490       | 39464000   | 3920000    | false    | false   | EPSG:4527
            """)
    void firstFeatureDecidesAndIsJudged(int declared, double x, double y, boolean accepted, boolean swapped,
            String reason) {
        Envelope extent = new Envelope(x, x + (x > 1000 ? 500 : 0.005), y, y + (y > 1000 ? 500 : 0.005));
        CrsCheck check = CrsCheck.forLayer(declared, extent);
        CrsCheck.Verdict verdict = check.check(extent);
        assertEquals(accepted, verdict.accepted(), () -> String.valueOf(verdict.reason()));
        assertEquals(swapped, check.axesSwapped());
        if (!accepted) {
            assertTrue(verdict.reason().contains(reason), verdict.reason());
            assertTrue(verdict.reason().contains("not the declared EPSG:" + declared), verdict.reason());
        }
    }

    @Test
    void latitudeFirstFeatureInALongitudeFirstLayerIsRefused() {
        CrsCheck check = CrsCheck.forLayer(4490, new Envelope(116.6, 116.61, 35.4, 35.41));
        CrsCheck.Verdict verdict = check.check(new Envelope(35.4, 35.41, 116.6, 116.61));
        assertFalse(verdict.accepted());
        assertTrue(verdict.reason().contains("longitude first as in the layer's first feature"), verdict.reason());
    }

    @ParameterizedTest(name = "EPSG:{0} is refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            4549 | CM 120E, the wrong zone
            4528 | zone 40 (CM 120E), the wrong zone
            4547 | CM 114E, the wrong zone
            4326 | EPSG:4326 is not an accepted coordinate system
            0    | declares no coordinate system
            """)
    void declarationsOtherThanTheThreeAreRefusedWithTheirZone(int srid, String reason) {
        String refusal = CrsCheck.refusalOfDeclared(srid).orElseThrow();
        assertTrue(refusal.contains(reason), refusal);
        assertThrows(IllegalArgumentException.class, () -> CrsCheck.forLayer(srid, null));
    }

    @Test
    void acceptedDeclarationsHaveNoRefusal() {
        for (int srid : new int[] {4548, 4527, 4490}) {
            assertTrue(CrsCheck.refusalOfDeclared(srid).isEmpty());
        }
    }

    // expected values from PostGIS 3.3 / PROJ 9.1: ST_Transform(ST_SetSRID(ST_MakePoint(lon, lat), 4490), 4548)
    @ParameterizedTest
    @CsvSource({
            "116.6, 35.4, 463663.2210873745, 3919044.075096264",
            "116.55, 35.38, 459111.00112349447, 3916844.615137887"})
    void geographicCoordinatesProjectLikePostgis(double lon, double lat, double easting, double northing) {
        Geometry lonFirst = new ToEpsg4548(4490, false).apply(FACTORY.createPoint(new Coordinate(lon, lat)));
        Geometry latFirst = new ToEpsg4548(4490, true).apply(FACTORY.createPoint(new Coordinate(lat, lon)));
        for (Geometry g : new Geometry[] {lonFirst, latFirst}) {
            assertEquals(easting, g.getCoordinate().x, 0.001);
            assertEquals(northing, g.getCoordinate().y, 0.001);
            assertEquals(4548, g.getSRID());
        }
    }

    @Test
    void zonePrefixedEastingsLoseTheirPrefixOnly() {
        Geometry g = new ToEpsg4548(4527, false).apply(FACTORY.createPoint(new Coordinate(39_463_663.221, 3_919_044.075)));
        assertEquals(463_663.221, g.getCoordinate().x, 1e-6);
        assertEquals(3_919_044.075, g.getCoordinate().y, 1e-6);
    }
}
