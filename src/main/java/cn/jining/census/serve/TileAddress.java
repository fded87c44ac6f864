package cn.jining.census.serve;

/**
 * A Web Mercator (EPSG:3857) tile in the XYZ scheme: zoom {@code z} from 0 to {@value #MAX_ZOOM},
 * column {@code x} from the antimeridian eastwards and row {@code y} from the north, both in
 * {@code [0, 2^z)}.
 */
public record TileAddress(int z, int x, int y) {

    /** Deepest zoom served: 2 cm per pixel at the equator, beyond any survey's precision. */
    public static final int MAX_ZOOM = 22;

    public TileAddress {
        if (z < 0 || z > MAX_ZOOM) {
            throw new IllegalArgumentException("zoom z must be an integer from 0 to " + MAX_ZOOM + ", got " + z);
        }
        int size = 1 << z;
        if (x < 0 || x >= size) {
            throw new IllegalArgumentException("column x must be from 0 to " + (size - 1) + " at zoom " + z + ", got " + x);
        }
        if (y < 0 || y >= size) {
            throw new IllegalArgumentException("row y must be from 0 to " + (size - 1) + " at zoom " + z + ", got " + y);
        }
    }

    /**
     * Reads the three path segments of {@code /tiles/{layer}/{z}/{x}/{y}.mvt}.
     *
     * @throws IllegalArgumentException naming the segment that is not an integer or out of range
     */
    public static TileAddress parse(String z, String x, String y) {
        return new TileAddress(integer("zoom z", z), integer("column x", x), integer("row y", y));
    }

    private static int integer(String what, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be an integer, got '" + text + "'");
        }
    }

    /**
     * The tile in degrees, grown on every side by {@code buffer} tile widths (a vector tile keeps
     * geometry a little beyond its edge so that strokes join across tiles), cut to the world.
     */
    public LonLatBox lonLatBounds(double buffer) {
        double size = 1 << z;
        return new LonLatBox(
                Math.max(-180, lon((x - buffer) / size)), Math.max(-85.0511287798, lat((y + 1 + buffer) / size)),
                Math.min(180, lon((x + 1 + buffer) / size)), Math.min(85.0511287798, lat((y - buffer) / size)));
    }

    private static double lon(double fraction) {
        return fraction * 360 - 180;
    }

    private static double lat(double fraction) {
        return Math.toDegrees(Math.atan(Math.sinh(Math.PI * (1 - 2 * fraction))));
    }
}
