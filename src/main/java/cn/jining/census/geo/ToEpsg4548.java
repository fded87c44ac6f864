package cn.jining.census.geo;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Brings geometries of an accepted coordinate system into EPSG:4548, the system everything is
 * stored in. EPSG:4527 is the same projection with 39 000 000 m added to the easting, so it is a
 * shift; EPSG:4490 is projected with proj4j (Transverse Mercator on GRS80, CM 117E, false
 * easting 500 000 m), which matches PostGIS/PROJ to the millimetre.
 *
 * <p>Thread-safe: proj4j transforms keep scratch state, so each thread gets its own.
 */
public final class ToEpsg4548 {

    /** The SRID stamped on every output geometry. */
    public static final int SRID = 4548;
    private static final double ZONE_39_PREFIX = 39_000_000;

    private static final ThreadLocal<CoordinateTransform> FROM_4490 = ThreadLocal.withInitial(() -> {
        CRSFactory crs = new CRSFactory();
        CoordinateReferenceSystem source = crs.createFromName("EPSG:4490");
        CoordinateReferenceSystem target = crs.createFromName("EPSG:4548");
        return new CoordinateTransformFactory().createTransform(source, target);
    });

    private final int sourceSrid;
    private final boolean axesSwapped;

    /**
     * @param sourceSrid  4548, 4527 or 4490
     * @param axesSwapped true when the source carries y first (EPSG:4490 latitude first)
     * @throws IllegalArgumentException for any other SRID
     */
    public ToEpsg4548(int sourceSrid, boolean axesSwapped) {
        if (sourceSrid != 4548 && sourceSrid != 4527 && sourceSrid != 4490) {
            throw new IllegalArgumentException("no transform from EPSG:" + sourceSrid + " to EPSG:4548");
        }
        this.sourceSrid = sourceSrid;
        this.axesSwapped = axesSwapped;
    }

    /**
     * {@code geometry} in EPSG:4548 (finite coordinates expected), with SRID 4548: a transformed
     * copy, or, when the source is EPSG:4548 in x, y order already, the same instance.
     */
    public Geometry apply(Geometry geometry) {
        Geometry out = geometry;
        if (sourceSrid != SRID || axesSwapped) {
            out = geometry.copy();
            out.apply(new Filter());
            out.geometryChanged();
        }
        out.setSRID(SRID);
        return out;
    }

    private final class Filter implements CoordinateSequenceFilter {
        private final ProjCoordinate in = new ProjCoordinate();
        private final ProjCoordinate out = new ProjCoordinate();

        @Override
        public void filter(CoordinateSequence seq, int i) {
            double x = axesSwapped ? seq.getY(i) : seq.getX(i);
            double y = axesSwapped ? seq.getX(i) : seq.getY(i);
            switch (sourceSrid) {
                case 4527 -> x -= ZONE_39_PREFIX;
                case 4490 -> {
                    in.setValue(x, y);
                    FROM_4490.get().transform(in, out);
                    x = out.x;
                    y = out.y;
                }
                default -> {
                    // 4548: only the axis swap applies
                }
            }
            seq.setOrdinate(i, CoordinateSequence.X, x);
            seq.setOrdinate(i, CoordinateSequence.Y, y);
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public boolean isGeometryChanged() {
            return true;
        }
    }
}
