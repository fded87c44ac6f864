package cn.jining.census.geo;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Takes geometries stored in EPSG:4548 to longitude, latitude (x = lon) for GeoJSON (RFC 7946,
 * EPSG:4326): the inverse of {@link ToEpsg4548} for EPSG:4490, which equals WGS 84 at map
 * precision. Thread-safe: each thread gets its own proj4j transform, which keeps scratch state.
 */
public final class ToLonLat {

    private static final ThreadLocal<CoordinateTransform> FROM_4548 = ThreadLocal.withInitial(() -> {
        CRSFactory crs = new CRSFactory();
        return new CoordinateTransformFactory().createTransform(crs.createFromName("EPSG:4548"),
                crs.createFromName("EPSG:4490"));
    });

    private ToLonLat() {
    }

    /** A copy of {@code geometry} (EPSG:4548) in longitude, latitude, SRID 4326. */
    public static Geometry apply(Geometry geometry) {
        Geometry out = geometry.copy();
        CoordinateTransform transform = FROM_4548.get();
        ProjCoordinate in = new ProjCoordinate();
        ProjCoordinate lonLat = new ProjCoordinate();
        out.apply(new CoordinateSequenceFilter() {
            @Override
            public void filter(CoordinateSequence seq, int i) {
                in.setValue(seq.getX(i), seq.getY(i));
                transform.transform(in, lonLat);
                seq.setOrdinate(i, CoordinateSequence.X, lonLat.x);
                seq.setOrdinate(i, CoordinateSequence.Y, lonLat.y);
            }

            @Override
            public boolean isDone() {
                return false;
            }

            @Override
            public boolean isGeometryChanged() {
                return true;
            }
        });
        out.setSRID(4326);
        return out;
    }
}
