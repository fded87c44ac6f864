package cn.jining.census.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class LatticeTest {

    private final Lattice lattice = new Lattice(6, 5, 470_000, 3_920_000, 480, RandomStreams.of(1, 1));

    @Test
    void cellsAreAnEdgeMatchedCoverageEvenWithReshapedEdges() {
        int meandering = lattice.verticalEdge(3, 2);
        lattice.reshapeEdge(meandering, List.of(lattice.alongChord(meandering, 0.3), Lattice.snapped(
                lattice.alongChord(meandering, 0.6).x + 40, lattice.alongChord(meandering, 0.6).y)));
        Geometry[] cells = IntStream.range(0, lattice.cellCount()).mapToObj(lattice::cellPolygon).toArray(Geometry[]::new);
        for (Geometry invalid : CoverageValidator.validate(cells, 1)) {
            assertNull(invalid);
        }
        Geometry union = CoverageUnion.union(cells);
        assertTrue(union instanceof Polygon && ((Polygon) union).getNumInteriorRing() == 0);
        assertEquals(Arrays.stream(cells).mapToDouble(Geometry::getArea).sum(), union.getArea(), 1e-3);
    }

    @Test
    void neighboursShareTheirEdgeVertexForVertex() {
        int left = lattice.cell(2, 1);
        int right = lattice.cell(3, 1);
        Coordinate[] edge = lattice.edgePath(lattice.verticalEdge(3, 1));
        List<Coordinate> leftRing = Arrays.asList(lattice.cellPolygon(left).getCoordinates());
        List<Coordinate> rightRing = Arrays.asList(lattice.cellPolygon(right).getCoordinates());
        for (Coordinate c : edge) {
            assertTrue(leftRing.contains(c) && rightRing.contains(c));
        }
        assertArrayEquals(new int[] {left, right}, lattice.cellsBeside(lattice.verticalEdge(3, 1)));
    }

    @Test
    void everyVertexLiesOnTheMillimetreGrid() {
        for (int c = 0; c < lattice.cellCount(); c++) {
            for (Coordinate v : lattice.cellPolygon(c).getCoordinates()) {
                assertEquals(Math.rint(v.x * 1000), v.x * 1000, 1e-6);
                assertEquals(Math.rint(v.y * 1000), v.y * 1000, 1e-6);
            }
        }
    }

    @Test
    void edgesAroundACellIncludeTheLinesContinuingPastItsCorners() {
        int cell = lattice.cell(2, 2);
        int[] around = lattice.edgesAround(cell);
        assertEquals(12, around.length);
        assertTrue(Arrays.stream(around).anyMatch(e -> e == lattice.horizontalEdge(1, 2)));
        assertTrue(Arrays.stream(around).anyMatch(e -> e == lattice.verticalEdge(3, 3)));
    }
}
