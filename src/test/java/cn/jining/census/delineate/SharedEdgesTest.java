package cn.jining.census.delineate;

import static cn.jining.census.delineate.Wkt.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class SharedEdgesTest {

    private static List<Polygon> cells(int[]... skipped) {
        List<Polygon> cells = new ArrayList<>();
        for (int x = 0; x < 3; x++) {
            for (int y = 0; y < 3; y++) {
                int cx = x;
                int cy = y;
                if (java.util.Arrays.stream(skipped).noneMatch(s -> s[0] == cx && s[1] == cy)) {
                    cells.add((Polygon) read("POLYGON ((" + x + " " + y + ", " + (x + 1) + " " + y + ", " + (x + 1) + " "
                            + (y + 1) + ", " + x + " " + (y + 1) + ", " + x + " " + y + "))"));
                }
            }
        }
        return cells;
    }

    @Test
    void neighboursAreFoundByCommonEdgesNotCorners() {
        // the centre cell borders four cells along edges and touches four at corners only
        List<Polygon> grid = cells();
        assertEquals(4, SharedEdges.neighbours(grid).get(4).size());
        assertEquals(1.0, SharedEdges.neighbours(grid).get(4).get(1), 1e-12);
    }

    @Test
    void unionAroundAHoleTouchingTheOutsideAtAPointIsValid() {
        // a 3 × 3 grid without its centre and its north-east cell: the hole meets the outside at (2 2)
        Geometry union = SharedEdges.union(cells(new int[] { 1, 1 }, new int[] { 2, 2 }));
        assertTrue(union.isValid(), union.toText());
        assertEquals(7, union.getArea(), 1e-12);
        assertEquals(1, union.getNumGeometries());
        assertEquals(1, ((Polygon) union).getNumInteriorRing());
    }
}
