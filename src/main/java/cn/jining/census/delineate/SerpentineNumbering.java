package cn.jining.census.delineate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;

/**
 * The order subareas are numbered in: rows from north to south, the first row from west to east,
 * the next from east to west, and so on, as an enumerator walks the area.
 *
 * <p>Rows are bands of {@code rowHeight} metres counted down from the northernmost point; a point
 * belongs to the band holding it. With a row height of about one subarea's width, neighbours in a
 * row get consecutive numbers.
 */
public final class SerpentineNumbering {

    private SerpentineNumbering() {
    }

    /**
     * Positions of {@code points} in numbering order.
     *
     * @param points    one representative point per subarea (EPSG:4548, y north)
     * @param rowHeight metres, positive
     * @return indices into {@code points}, first to be numbered 001 first
     */
    public static int[] order(List<Coordinate> points, double rowHeight) {
        if (points.isEmpty()) {
            return new int[0];
        }
        double top = points.stream().mapToDouble(c -> c.y).max().orElseThrow();
        int[] row = new int[points.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = (int) Math.floor((top - points.get(i).y) / rowHeight);
        }
        Integer[] order = new Integer[points.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer>comparingInt(i -> row[i])
                .thenComparingDouble(i -> row[i] % 2 == 0 ? points.get(i).x : -points.get(i).x)
                .thenComparingDouble(i -> -points.get(i).y));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** A row height of about one subarea's width: the square root of the mean subarea area (m²). */
    public static double rowHeight(double totalArea, int subareas) {
        return Math.max(1, Math.sqrt(totalArea / Math.max(1, subareas)));
    }
}
