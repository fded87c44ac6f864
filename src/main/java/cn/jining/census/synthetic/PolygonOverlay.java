package cn.jining.census.synthetic;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.overlayng.OverlayNG;

/**
 * Overlay of polygonal geometries with polygonal results only. OverlayNG's default mode keeps
 * the lines and points where two polygons merely touch; strict mode drops them, so results can
 * be fed to the next overlay and written to a polygon layer.
 */
final class PolygonOverlay {

    private PolygonOverlay() {
    }

    static Geometry intersection(Geometry a, Geometry b) {
        return strict(a, b, OverlayNG.INTERSECTION);
    }

    static Geometry difference(Geometry a, Geometry b) {
        return strict(a, b, OverlayNG.DIFFERENCE);
    }

    static Geometry union(Geometry a, Geometry b) {
        return strict(a, b, OverlayNG.UNION);
    }

    private static Geometry strict(Geometry a, Geometry b, int operation) {
        OverlayNG overlay = new OverlayNG(a, b, operation);
        overlay.setStrictMode(true);
        return overlay.getResult();
    }
}
