package cn.jining.census.geo;

import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Between EPSG:4548, where geometries are stored, and longitude, latitude (x = lon) as GeoJSON
 * (RFC 7946, EPSG:4326) and the web map carry them: the Gauss-Krüger projection of CGCS2000, which
 * equals WGS 84 at map precision. Thread-safe: each thread gets its own proj4j transforms, which
 * keep scratch state.
 */
public final class LonLat {

    private static final ThreadLocal<CoordinateTransform> FROM_4548 = ThreadLocal.withInitial(() -> transform("EPSG:4548", "EPSG:4490"));
    private static final ThreadLocal<CoordinateTransform> TO_4548 = ThreadLocal.withInitial(() -> transform("EPSG:4490", "EPSG:4548"));

    private LonLat() {
    }

    private static CoordinateTransform transform(String from, String to) {
        CRSFactory crs = new CRSFactory();
        return new CoordinateTransformFactory().createTransform(crs.createFromName(from), crs.createFromName(to));
    }

    /** A copy of {@code geometry} (EPSG:4548) in longitude, latitude, SRID 4326. */
    public static Geometry fromEpsg4548(Geometry geometry) {
        return apply(geometry, FROM_4548.get(), 4326);
    }

    /** A copy of {@code geometry} (longitude, latitude) in EPSG:4548, SRID 4548. */
    public static Geometry toEpsg4548(Geometry geometry) {
        return apply(geometry, TO_4548.get(), 4548);
    }

    private static Geometry apply(Geometry geometry, CoordinateTransform transform, int srid) {
        Geometry out = geometry.copy();
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
        out.setSRID(srid);
        return out;
    }
}
