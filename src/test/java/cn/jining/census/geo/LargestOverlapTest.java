package cn.jining.census.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class LargestOverlapTest {

    // two squares side by side: A is x 0..100, B is x 100..200
    private final LargestOverlap index = new LargestOverlap(Map.of(
            "A", wkt("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))"),
            "B", wkt("POLYGON ((100 0, 200 0, 200 100, 100 100, 100 0))")));

    @Test
    void polygonInsideOneIsFiledThere() {
        assertEquals(Optional.of("B"), index.keyOf(wkt("POLYGON ((150 10, 160 10, 160 20, 150 20, 150 10))")));
    }

    @Test
    void polygonAcrossTheBorderGoesToTheLargerShare() {
        // 30 m² in A, 70 m² in B
        assertEquals(Optional.of("B"), index.keyOf(wkt("POLYGON ((97 10, 107 10, 107 20, 97 20, 97 10))")));
    }

    @Test
    void lineGoesToTheLongerShare() {
        assertEquals(Optional.of("A"), index.keyOf(wkt("LINESTRING (20 50, 130 50)")));
    }

    @Test
    void equalSharesGoToTheSmallestKey() {
        assertEquals(Optional.of("A"), index.keyOf(wkt("POLYGON ((95 10, 105 10, 105 20, 95 20, 95 10))")));
    }

    @Test
    void polygonOutsideOrOnlyTouchingBelongsToNone() {
        assertEquals(Optional.empty(), index.keyOf(wkt("POLYGON ((300 10, 310 10, 310 20, 300 20, 300 10))")));
        assertEquals(Optional.empty(), index.keyOf(wkt("POLYGON ((200 10, 210 10, 210 20, 200 20, 200 10))")));
    }

    static Geometry wkt(String text) {
        try {
            return new WKTReader().read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
