package cn.jining.census.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * A slightly irregular grid of quadrilateral cells in EPSG:4548 metres: the skeleton every
 * boundary of the synthetic landscape follows.
 *
 * <p>Vertical line {@code i} and horizontal line {@code j} cross at node (i, j). A horizontal
 * edge runs from node (i, j) to (i+1, j), a vertical edge from (i, j) to (i, j+1). Each edge is
 * one polyline (its interior vertices may be reshaped, e.g. to meander along a river), stored
 * once and shared by the two cells beside it, so any union of cells is an exactly edge-matched
 * coverage: no gap, no overlap, no sliver, by construction. All coordinates are on the 1 mm grid.
 */
final class Lattice {

    /** Coordinates are snapped to this model: 1 mm. */
    static final PrecisionModel MILLIMETRE = new PrecisionModel(1000);
    static final GeometryFactory FACTORY = new GeometryFactory(MILLIMETRE, 4548);

    final int columns;
    final int rows;
    final double spacing;
    private final Coordinate[] nodes;
    private final Coordinate[][] edges;

    /**
     * @param columns cells west to east
     * @param rows cells south to north
     * @param originX easting of node (0, 0) before offsets, metres
     * @param originY northing of node (0, 0) before offsets, metres
     * @param spacing nominal cell size, metres
     * @param random offsets of whole lines (shift and slant) and a few metres of jitter per node
     */
    Lattice(int columns, int rows, double originX, double originY, double spacing, SplittableRandom random) {
        this.columns = columns;
        this.rows = rows;
        this.spacing = spacing;
        // a line keeps its own shift and slant, so roads stay nearly straight across the grid
        double[] shiftX = new double[columns + 1];
        double[] slantX = new double[columns + 1];
        for (int i = 0; i <= columns; i++) {
            shiftX[i] = RandomStreams.between(random, -0.12, 0.12) * spacing;
            slantX[i] = RandomStreams.between(random, -0.006, 0.006) * spacing;
        }
        double[] shiftY = new double[rows + 1];
        double[] slantY = new double[rows + 1];
        for (int j = 0; j <= rows; j++) {
            shiftY[j] = RandomStreams.between(random, -0.12, 0.12) * spacing;
            slantY[j] = RandomStreams.between(random, -0.005, 0.005) * spacing;
        }
        nodes = new Coordinate[(columns + 1) * (rows + 1)];
        for (int j = 0; j <= rows; j++) {
            for (int i = 0; i <= columns; i++) {
                double x = originX + i * spacing + shiftX[i] + slantX[i] * (j - rows / 2.0)
                        + RandomStreams.between(random, -4, 4);
                double y = originY + j * spacing + shiftY[j] + slantY[j] * (i - columns / 2.0)
                        + RandomStreams.between(random, -4, 4);
                nodes[node(i, j)] = snapped(x, y);
            }
        }
        edges = new Coordinate[columns * (rows + 1) + (columns + 1) * rows][];
        for (int j = 0; j <= rows; j++) {
            for (int i = 0; i < columns; i++) {
                edges[horizontalEdge(i, j)] = new Coordinate[] {nodes[node(i, j)], nodes[node(i + 1, j)]};
            }
        }
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i <= columns; i++) {
                edges[verticalEdge(i, j)] = new Coordinate[] {nodes[node(i, j)], nodes[node(i, j + 1)]};
            }
        }
    }

    static Coordinate snapped(double x, double y) {
        return new Coordinate(MILLIMETRE.makePrecise(x), MILLIMETRE.makePrecise(y));
    }

    int cellCount() {
        return columns * rows;
    }

    int edgeCount() {
        return edges.length;
    }

    int cell(int i, int j) {
        return j * columns + i;
    }

    int cellColumn(int cell) {
        return cell % columns;
    }

    int cellRow(int cell) {
        return cell / columns;
    }

    int node(int i, int j) {
        return j * (columns + 1) + i;
    }

    Coordinate nodeAt(int i, int j) {
        return nodes[node(i, j)];
    }

    /** The edge from node (i, j) to (i+1, j). */
    int horizontalEdge(int i, int j) {
        return j * columns + i;
    }

    /** The edge from node (i, j) to (i, j+1). */
    int verticalEdge(int i, int j) {
        return columns * (rows + 1) + j * (columns + 1) + i;
    }

    boolean isVertical(int edge) {
        return edge >= columns * (rows + 1);
    }

    /** The lattice line an edge lies on: column index for vertical edges, row index for horizontal. */
    int lineOf(int edge) {
        return isVertical(edge) ? (edge - columns * (rows + 1)) % (columns + 1) : edge / columns;
    }

    /** The position of an edge along its line: row index for vertical edges, column for horizontal. */
    int positionOnLine(int edge) {
        return isVertical(edge) ? (edge - columns * (rows + 1)) / (columns + 1) : edge % columns;
    }

    /** The cells on both sides of an edge: {left or below, right or above}; -1 outside the grid. */
    int[] cellsBeside(int edge) {
        int line = lineOf(edge);
        int position = positionOnLine(edge);
        if (isVertical(edge)) {
            return new int[] {line > 0 ? cell(line - 1, position) : -1, line < columns ? cell(line, position) : -1};
        }
        return new int[] {line > 0 ? cell(position, line - 1) : -1, line < rows ? cell(position, line) : -1};
    }

    /** The four edges of a cell: south, east, north, west. */
    int[] edgesOf(int cell) {
        int i = cellColumn(cell);
        int j = cellRow(cell);
        return new int[] {horizontalEdge(i, j), verticalEdge(i + 1, j), horizontalEdge(i, j + 1), verticalEdge(i, j)};
    }

    /**
     * The edges touching a cell's corners: its own four and those of the lines that continue
     * past its corners. A road buffer reaches into a cell only from these.
     */
    int[] edgesAround(int cell) {
        int i = cellColumn(cell);
        int j = cellRow(cell);
        List<Integer> found = new ArrayList<>();
        for (int e : edgesOf(cell)) {
            found.add(e);
        }
        for (int dj = 0; dj <= 1; dj++) {
            if (i > 0) {
                found.add(horizontalEdge(i - 1, j + dj));
            }
            if (i + 1 < columns) {
                found.add(horizontalEdge(i + 1, j + dj));
            }
        }
        for (int di = 0; di <= 1; di++) {
            if (j > 0) {
                found.add(verticalEdge(i + di, j - 1));
            }
            if (j + 1 < rows) {
                found.add(verticalEdge(i + di, j + 1));
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The 4-neighbours of a cell inside the grid, with the edge each shares: pairs {cell, edge}. */
    int[][] neighbours(int cell) {
        int i = cellColumn(cell);
        int j = cellRow(cell);
        List<int[]> found = new ArrayList<>(4);
        if (j > 0) {
            found.add(new int[] {cell(i, j - 1), horizontalEdge(i, j)});
        }
        if (i + 1 < columns) {
            found.add(new int[] {cell(i + 1, j), verticalEdge(i + 1, j)});
        }
        if (j + 1 < rows) {
            found.add(new int[] {cell(i, j + 1), horizontalEdge(i, j + 1)});
        }
        if (i > 0) {
            found.add(new int[] {cell(i - 1, j), verticalEdge(i, j)});
        }
        return found.toArray(new int[0][]);
    }

    /** The polyline of an edge, from its first node to its second. */
    Coordinate[] edgePath(int edge) {
        return edges[edge];
    }

    LineString edgeLine(int edge) {
        return FACTORY.createLineString(edges[edge]);
    }

    /**
     * Replaces the interior vertices of an edge. Must be called before any cell polygon is
     * built from it; the end nodes stay where they are.
     *
     * @param interior new interior vertices in edge direction, already on the 1 mm grid
     */
    void reshapeEdge(int edge, List<Coordinate> interior) {
        Coordinate[] old = edges[edge];
        Coordinate[] path = new Coordinate[interior.size() + 2];
        path[0] = old[0];
        for (int k = 0; k < interior.size(); k++) {
            path[k + 1] = interior.get(k);
        }
        path[path.length - 1] = old[old.length - 1];
        edges[edge] = path;
    }

    /** The point at fraction {@code t} of the straight chord of an edge, on the 1 mm grid. */
    Coordinate alongChord(int edge, double t) {
        Coordinate a = edges[edge][0];
        Coordinate b = edges[edge][edges[edge].length - 1];
        return snapped(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y));
    }

    /** The cell as a polygon, counter-clockwise: south edge, east edge, north edge, west edge. */
    Polygon cellPolygon(int cell) {
        int[] e = edgesOf(cell);
        CoordinateList ring = new CoordinateList();
        ring.add(edges[e[0]], false, true);
        ring.add(edges[e[1]], false, true);
        ring.add(edges[e[2]], false, false);
        ring.add(edges[e[3]], false, false);
        ring.closeRing();
        return FACTORY.createPolygon(ring.toCoordinateArray());
    }

    /** The mean of a cell's four corner nodes. */
    Coordinate cellCentre(int cell) {
        int i = cellColumn(cell);
        int j = cellRow(cell);
        Coordinate[] c = {nodeAt(i, j), nodeAt(i + 1, j), nodeAt(i + 1, j + 1), nodeAt(i, j + 1)};
        return new Coordinate(Arrays.stream(c).mapToDouble(p -> p.x).sum() / 4,
                Arrays.stream(c).mapToDouble(p -> p.y).sum() / 4);
    }

    /** The direction of a cell's south edge, radians from east: the cell's own "east". */
    double cellBearing(int cell) {
        Coordinate a = nodeAt(cellColumn(cell), cellRow(cell));
        Coordinate b = nodeAt(cellColumn(cell) + 1, cellRow(cell));
        return StrictMath.atan2(b.y - a.y, b.x - a.x);
    }
}
