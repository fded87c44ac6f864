package cn.jining.census.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.valid.IsValidOp;

class SimpleRingValidityTest {

    @Test
    void footprintsAreProvenValid() {
        assertTrue(SimpleRingValidity.provenValid(wkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")));
        assertTrue(SimpleRingValidity.provenValid(wkt("MULTIPOLYGON (((0 0, 10 0, 10 10, 0 0)))")));
        // repeated points are allowed, as in JTS
        assertTrue(SimpleRingValidity.provenValid(wkt("POLYGON ((0 0, 10 0, 10 0, 10 10, 0 10, 0 0))")));
    }

    @Test
    void defectsAndUnprovenShapesAreLeftToIsValidOp() {
        // bow-tie, spike, self-touching ring, too few points
        assertFalse(SimpleRingValidity.provenValid(wkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")));
        assertFalse(SimpleRingValidity.provenValid(wkt("POLYGON ((0 0, 10 0, 20 0, 10 0, 10 10, 0 10, 0 0))")));
        assertFalse(SimpleRingValidity.provenValid(wkt("POLYGON ((0 0, 10 0, 5 5, 10 10, 0 10, 5 5, 0 0))")));
        assertFalse(SimpleRingValidity.provenValid(wkt("POLYGON ((0 0, 10 0, 10 0, 0 0))")));
        // holes, several parts and lines are not judged here
        assertFalse(SimpleRingValidity.provenValid(wkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 4 2, 4 4, 2 2))")));
        assertFalse(SimpleRingValidity.provenValid(
                wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))")));
        assertFalse(SimpleRingValidity.provenValid(wkt("LINESTRING (0 0, 10 10)")));
    }

    @Test
    void neverCallsValidWhatIsValidOpRejects() {
        GeometryFactory factory = new GeometryFactory();
        Random random = new Random(7);
        int provenValid = 0;
        int invalid = 0;
        for (int i = 0; i < 20000; i++) {
            int vertices = 3 + random.nextInt(6);
            Coordinate[] ring = new Coordinate[vertices + 1];
            for (int v = 0; v < vertices; v++) {
                // a coarse grid makes touching, collinear and repeated vertices common
                ring[v] = new Coordinate(random.nextInt(5), random.nextInt(5));
            }
            ring[vertices] = ring[0].copy();
            Geometry polygon = factory.createPolygon(ring);
            boolean valid = new IsValidOp(polygon).isValid();
            if (SimpleRingValidity.provenValid(polygon)) {
                provenValid++;
                assertTrue(valid, () -> "proven valid but IsValidOp rejects " + polygon);
            }
            invalid += valid ? 0 : 1;
        }
        // both kinds occur, so the comparison means something
        assertTrue(provenValid > 1000 && invalid > 1000, "proven " + provenValid + ", invalid " + invalid);
    }

    private static Geometry wkt(String text) {
        try {
            return new WKTReader().read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
