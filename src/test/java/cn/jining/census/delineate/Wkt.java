package cn.jining.census.delineate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;


/** Inline WKT for the delineation tests and the one check every tiling must pass. */
final class Wkt {

    private static final WKTReader READER = new WKTReader(new GeometryFactory());

    private Wkt() {
    }

    static Geometry read(String wkt) {
        try {
            return READER.read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }

    static List<Geometry> lines(String... wkt) {
        return Arrays.stream(wkt).map(Wkt::read).toList();
    }

    /**
     * The polygons tile {@code area}: a valid coverage without overlap whose union is the area,
     * up to the bend snap rounding gives the boundary where a line crosses it (at most one grid
     * cell, so the union stays within 1 mm of the area).
     */
    static void assertTiles(Geometry area, List<Polygon> tiles) {
        Geometry[] coverage = tiles.toArray(Geometry[]::new);
        assertTrue(CoverageValidator.isValid(coverage), "tiles form a valid coverage");
        Geometry union = area.getFactory().buildGeometry(tiles).union();
        double sum = tiles.stream().mapToDouble(Polygon::getArea).sum();
        assertEquals(union.getArea(), sum, 1e-6, "tiles do not overlap");
        assertTrue(DiscreteHausdorffDistance.distance(union, area) <= 0.001, "union within 1 mm of the area");
        assertTrue(union.symDifference(area).getArea() <= 0.001 * area.getLength(), "union covers the area");
    }
}
