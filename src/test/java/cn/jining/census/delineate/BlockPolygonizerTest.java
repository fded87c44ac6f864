package cn.jining.census.delineate;

import static cn.jining.census.delineate.Wkt.assertTiles;
import static cn.jining.census.delineate.Wkt.lines;
import static cn.jining.census.delineate.Wkt.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

class BlockPolygonizerTest {

    private static final String SQUARE = "POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0))";
    private final BlockPolygonizer polygonizer = new BlockPolygonizer(50, 2);

    private List<Block> blocks(String area, String... lineWkt) {
        Geometry a = read(area);
        List<Block> blocks = polygonizer.polygonize(a, lines(lineWkt));
        assertTiles(a, polygons(blocks));
        return blocks;
    }

    private static List<Polygon> polygons(List<Block> blocks) {
        return blocks.stream().map(Block::polygon).toList();
    }

    @Nested
    class Roads {
        @Test
        void crossingRoadsCutASquareIntoFour() {
            List<Block> b = blocks(SQUARE, "LINESTRING (50 -10, 50 110)", "LINESTRING (-10 50, 110 50)");
            assertEquals(4, b.size());
            b.forEach(x -> assertEquals(2500, x.polygon().getArea(), 1e-6));
        }

        @Test
        void deadEndRoadBoundsNothing() {
            assertEquals(1, blocks(SQUARE, "LINESTRING (50 -10, 50 60)").size());
        }

        @Test
        void roadOutsideTheAreaIsIgnored() {
            assertEquals(1, blocks(SQUARE, "LINESTRING (200 0, 200 100)").size());
        }

        @Test
        void roadAlongTheBoundaryCutsNothing() {
            assertEquals(1, blocks(SQUARE, "LINESTRING (0 -5, 0 105)").size());
        }

        @Test
        void roadsATenthOfAMillimetreApartMakeOneLine() {
            List<Block> b = blocks(SQUARE, "LINESTRING (50 -10, 50 110)", "LINESTRING (50.0001 -10, 50.0001 110)");
            assertEquals(2, b.size());
        }
    }

    @Nested
    class Slivers {
        @Test
        void roadAMetreInsideTheBoundaryLeavesNoStrip() {
            List<Block> b = blocks(SQUARE, "LINESTRING (1 -10, 1 110)", "LINESTRING (50 -10, 50 110)");
            assertEquals(2, b.size());
            // the strip went to the block it borders along 100 m
            assertEquals(5000, b.get(0).polygon().getArea(), 1e-6);
        }

        @Test
        void tinyCornerTriangleGoesToTheNeighbourWithTheLongestEdge() {
            List<Block> b = blocks(SQUARE, "LINESTRING (-1 5, 5 -1)", "LINESTRING (50 -10, 50 110)");
            assertEquals(2, b.size());
        }
    }

    @Nested
    class Water {
        @Test
        void riverOutlineMakesTheRiverABlockOfItsOwn() {
            Geometry river = read("POLYGON ((40 -10, 60 -10, 60 110, 40 110, 40 -10))");
            List<Block> b = blocks(SQUARE, river.getBoundary().toText());
            assertEquals(3, b.size());
            assertTrue(b.stream().anyMatch(x -> Math.abs(x.polygon().getArea() - 2000) < 1e-6));
        }

        @Test
        void pondInsideABlockLeavesAHole() {
            List<Block> b = blocks(SQUARE, "LINESTRING (20 20, 30 20, 30 30, 20 30, 20 20)");
            assertEquals(2, b.size());
            assertEquals(1, b.get(0).polygon().getNumInteriorRing());
        }
    }

    @Nested
    class Enclaves {
        @Test
        void enclaveStaysItsOwnBlockEvenWhenTiny() {
            List<Block> b = blocks("MULTIPOLYGON (((0 0, 100 0, 100 100, 0 100, 0 0)), ((200 0, 205 0, 205 5, 200 5, 200 0)))",
                    "LINESTRING (50 -10, 50 110)");
            assertEquals(3, b.size());
            assertEquals(1, b.get(2).part());
            assertEquals(0, b.get(0).part());
        }

        @Test
        void areaWithAHoleIsTiledAroundIt() {
            blocks("POLYGON ((0 0, 100 0, 100 100, 0 100, 0 0), (40 40, 60 40, 60 60, 40 60, 40 40))",
                    "LINESTRING (50 -10, 50 110)");
        }
    }

    @Nested
    class Precision {
        private static final String OFF_GRID = "POLYGON ((0.00012 0, 100.1234567 0, 100 100.98765, 0 100, 0.00012 0))";

        @Test
        void everyVertexOffTheAreasEdgeLiesOnTheMillimetreGrid() {
            List<Block> b = blocks(OFF_GRID, "LINESTRING (33.3333333 -10, 66.6666666 110)", "LINESTRING (10.0004 40, 90.0006 60.0003)");
            Geometry edge = read(OFF_GRID).getBoundary();
            for (Block x : b) {
                for (Coordinate c : x.polygon().getCoordinates()) {
                    if (edge.distance(edge.getFactory().createPoint(c)) > 1e-9) {
                        assertEquals(Math.round(c.x * 1000) / 1000.0, c.x, 0);
                        assertEquals(Math.round(c.y * 1000) / 1000.0, c.y, 0);
                    }
                }
            }
        }

        @Test
        void theBlocksKeepTheAreasOwnVerticesAndCrossItsEdgeOnItsSegments() {
            Geometry area = read(OFF_GRID);
            List<Block> b = blocks(OFF_GRID, "LINESTRING (33.3333333 -10, 66.6666666 110)");
            assertEquals(2, b.size());
            Geometry union = area.getFactory().buildGeometry(polygons(b)).union();
            assertEquals(0, union.symDifference(area).getArea(), 1e-9);
            List<Coordinate> vertices = b.stream().flatMap(x -> List.of(x.polygon().getCoordinates()).stream()).toList();
            for (Coordinate c : area.getCoordinates()) {
                assertTrue(vertices.contains(c), c + " of the area is on no block");
            }
        }
    }
}
