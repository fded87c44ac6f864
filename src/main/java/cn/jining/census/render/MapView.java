package cn.jining.census.render;

import java.awt.geom.AffineTransform;

/**
 * What part of the map to paint and how large: a rectangle {@code [minX, maxX] × [minY, maxY]} in
 * a projected CRS ({@code srid}, metres: EPSG:4548 for printed maps at true scale, EPSG:3857 for
 * web tiles) and the {@code scale} in graphics units per metre of that CRS. The rectangle lands on
 * the graphics' user space from {@code (0, 0)} (its north-west corner) to
 * {@code (width(), height())}, north up.
 *
 * <p>For a printed map at 1:2000 in PDF points: {@code scale = 72 / 0.0254 / 2000} ≈ 1.417.
 */
public record MapView(int srid, double minX, double minY, double maxX, double maxY, double scale) {

    /** Half the circumference of the Web Mercator sphere, metres: the world spans ±this. */
    static final double MERCATOR_HALF_WORLD = 20037508.342789244;

    public MapView {
        if (!(minX < maxX && minY < maxY)) {
            throw new IllegalArgumentException("a map view needs minX < maxX and minY < maxY, got " + minX + ", " + minY
                    + ", " + maxX + ", " + maxY);
        }
        if (!(scale > 0 && Double.isFinite(scale))) {
            throw new IllegalArgumentException("scale must be a positive number of graphics units per metre, got " + scale);
        }
    }

    /**
     * The Web Mercator tile {@code z/x/y} (XYZ scheme, y from the north) painted on a square of
     * {@code pixels} graphics units.
     */
    public static MapView ofTile(int z, int x, int y, int pixels) {
        double size = 2 * MERCATOR_HALF_WORLD / (1L << z);
        double minX = -MERCATOR_HALF_WORLD + x * size;
        double maxY = MERCATOR_HALF_WORLD - y * size;
        return new MapView(3857, minX, maxY - size, minX + size, maxY, pixels / size);
    }

    /** Width on the graphics, in its units. */
    public double width() {
        return (maxX - minX) * scale;
    }

    /** Height on the graphics, in its units. */
    public double height() {
        return (maxY - minY) * scale;
    }

    /**
     * From CRS coordinates to graphics units: what the painter applies, for callers that draw
     * their own marks (numbers, highlights) over the painted map.
     */
    public AffineTransform toGraphics() {
        AffineTransform t = new AffineTransform();
        t.scale(scale, -scale);
        t.translate(-minX, -maxY);
        return t;
    }

    /** This view grown by {@code margin} graphics units on every side, at the same scale. */
    MapView grownBy(double margin) {
        double d = margin / scale;
        return new MapView(srid, minX - d, minY - d, maxX + d, maxY + d, scale);
    }
}
