package cn.jining.census.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

import cn.jining.census.geo.LargestOverlap;

class FilingIndexTest {

    // A: x 0..100 with a hole 40..60; B: x 100..200, a notch cut into its top edge; C fills A's hole
    private static final Map<String, Geometry> POLYGONS = Map.of(
            "A", wkt("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))"),
            "B", wkt("POLYGON ((100 0, 200 0, 200 100, 160 100, 150 70, 140 100, 100 100, 100 0))"),
            "C", wkt("POLYGON ((40 40, 60 40, 60 60, 40 60, 40 40))"));
    private final FilingIndex index = new FilingIndex(POLYGONS);
    private final LargestOverlap exact = new LargestOverlap(POLYGONS);

    @Test
    void featureFarFromBoundariesIsFiledInsideItsPolygon() {
        Geometry inB = wkt("POLYGON ((110 10, 120 10, 120 20, 110 20, 110 10))");
        assertEquals(Optional.of("B"), index.keyCovering(inB));
        assertEquals(Optional.of("B"), index.keyOf(inB));
    }

    @Test
    void featureInAHoleBelongsToTheHolesFillingNotTheHolder() {
        Geometry inHole = wkt("POLYGON ((45 45, 55 45, 55 55, 45 55, 45 45))");
        assertEquals(Optional.of("C"), index.keyCovering(inHole));
        assertEquals(Optional.of("C"), index.keyOf(inHole));
    }

    @Test
    void featureInTheNotchOrOutsideBelongsToNone() {
        Geometry inNotch = wkt("POLYGON ((148 90, 152 90, 152 95, 148 95, 148 90))");
        assertEquals(Optional.empty(), index.keyCovering(inNotch));
        Geometry outside = wkt("POLYGON ((300 10, 310 10, 310 20, 300 20, 300 10))");
        assertEquals(Optional.empty(), index.keyOf(outside));
    }

    @Test
    void answersAsLargestOverlapDoesForRandomFeatures() {
        GeometryFactory factory = new GeometryFactory();
        Random random = new Random(20201101);
        int compared = 0;
        for (int i = 0; i < 5000; i++) {
            double x = random.nextDouble() * 240 - 20;
            double y = random.nextDouble() * 140 - 20;
            double size = random.nextDouble() * (i % 10 == 0 ? 60 : 8);
            Geometry feature = i % 3 == 0
                    ? factory.createLineString(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + size, y + size / 2)})
                    : factory.toGeometry(new org.locationtech.jts.geom.Envelope(x, x + size + 0.1, y, y + size + 0.1));
            assertEquals(exact.keyCovering(feature), index.keyCovering(feature), () -> "keyCovering of " + feature);
            assertEquals(exact.keyOf(feature), index.keyOf(feature), () -> "keyOf of " + feature);
            compared++;
        }
        assertTrue(compared == 5000);
    }

    static Geometry wkt(String text) {
        try {
            return new WKTReader().read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
