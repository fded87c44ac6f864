package cn.jining.census.synthetic;

import java.util.Arrays;

import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;

/**
 * The coordinate systems a delivery may be written in, with the definitions that go into
 * {@code gpkg_spatial_ref_sys} (WKT 1 as the EPSG registry publishes it).
 *
 * <p>The generator works in EPSG:4548 metres; {@link #fromGaussKruger(Geometry)} carries a
 * geometry from there into this system. Coordinates are always stored x = easting or longitude,
 * y = northing or latitude, as GeoPackage requires, whatever the axis order the EPSG
 * definition declares.
 */
public enum DeliveryCrs {
    /** CGCS2000 / 3-degree Gauss-Krüger CM 117E: easting 500 000 at 117°E, metres. */
    CGCS2000_GK_CM_117E(4548, "CGCS2000 / 3-degree Gauss-Kruger CM 117E", projected(
            "CGCS2000 / 3-degree Gauss-Kruger CM 117E", 500_000, 4548)),
    /** CGCS2000 / 3-degree Gauss-Krüger zone 39: the same projection, zone prefix 39 on easting. */
    CGCS2000_GK_ZONE_39(4527, "CGCS2000 / 3-degree Gauss-Kruger zone 39", projected(
            "CGCS2000 / 3-degree Gauss-Kruger zone 39", 39_500_000, 4527)),
    /** CGCS2000 geographic, degrees; stored longitude first. */
    CGCS2000_GEOGRAPHIC(4490, "China Geodetic Coordinate System 2000",
            DeliveryCrs.GEOGRAPHIC_CGCS2000_WKT_WITH_AXES);

    public final int srid;
    public final String name;
    /** The WKT 1 definition of the EPSG registry. */
    public final String wkt;

    DeliveryCrs(int srid, String name, String wkt) {
        this.srid = srid;
        this.name = name;
        this.wkt = wkt;
    }

    /** The system of an EPSG code; fails for any code other than 4548, 4527 and 4490. */
    public static DeliveryCrs of(int srid) {
        return Arrays.stream(values()).filter(c -> c.srid == srid).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "a delivery is written in EPSG:4548, 4527 or 4490, not " + srid));
    }

    /**
     * {@code gk}, given in EPSG:4548 metres, in this system (a copy unless this is EPSG:4548). EPSG:4527 only adds the
     * zone prefix (39 000 000 m) to easting; EPSG:4490 is the inverse projection, longitude first.
     */
    public Geometry fromGaussKruger(Geometry gk) {
        if (this == CGCS2000_GK_CM_117E) {
            return gk;
        }
        Geometry copy = gk.copy();
        switch (this) {
            case CGCS2000_GK_CM_117E -> { }
            case CGCS2000_GK_ZONE_39 -> copy.apply(new OrdinateFilter() {
                @Override
                void transform(double[] xy) {
                    xy[0] += 39_000_000;
                }
            });
            case CGCS2000_GEOGRAPHIC -> {
                CoordinateTransform inverse = INVERSE_PROJECTION.get();
                ProjCoordinate in = new ProjCoordinate();
                ProjCoordinate out = new ProjCoordinate();
                copy.apply(new OrdinateFilter() {
                    @Override
                    void transform(double[] xy) {
                        in.x = xy[0];
                        in.y = xy[1];
                        inverse.transform(in, out);
                        xy[0] = out.x;
                        xy[1] = out.y;
                    }
                });
            }
        }
        copy.geometryChanged();
        return copy;
    }

    /** Building a transform parses the EPSG registry: one per thread, as transforms keep state. */
    private static final ThreadLocal<CoordinateTransform> INVERSE_PROJECTION =
            ThreadLocal.withInitial(DeliveryCrs::gaussKrugerToGeographic);

    /** A proj4j transform from EPSG:4548 (metres) to EPSG:4490 (x = longitude, y = latitude). */
    public static CoordinateTransform gaussKrugerToGeographic() {
        CRSFactory crs = new CRSFactory();
        CoordinateReferenceSystem gk = crs.createFromName("EPSG:4548");
        CoordinateReferenceSystem geographic = crs.createFromName("EPSG:4490");
        return new CoordinateTransformFactory().createTransform(gk, geographic);
    }

    /** A proj4j transform from EPSG:4490 (x = longitude, y = latitude) to EPSG:4548 metres. */
    public static CoordinateTransform geographicToGaussKruger() {
        CRSFactory crs = new CRSFactory();
        return new CoordinateTransformFactory().createTransform(
                crs.createFromName("EPSG:4490"), crs.createFromName("EPSG:4548"));
    }

    private abstract static class OrdinateFilter implements CoordinateSequenceFilter {
        private final double[] xy = new double[2];

        abstract void transform(double[] xy);

        @Override
        public void filter(CoordinateSequence seq, int i) {
            xy[0] = seq.getX(i);
            xy[1] = seq.getY(i);
            transform(xy);
            seq.setOrdinate(i, CoordinateSequence.X, xy[0]);
            seq.setOrdinate(i, CoordinateSequence.Y, xy[1]);
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

    private static String projected(String name, int falseEasting, int srid) {
        return "PROJCS[\"" + name + "\"," + GEOGRAPHIC_CGCS2000_WKT
                + ",PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],"
                + "PARAMETER[\"central_meridian\",117],PARAMETER[\"scale_factor\",1],"
                + "PARAMETER[\"false_easting\"," + falseEasting + "],PARAMETER[\"false_northing\",0],"
                + "UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],"
                + "AXIS[\"Northing\",NORTH],AXIS[\"Easting\",EAST],AUTHORITY[\"EPSG\",\"" + srid + "\"]]";
    }

    /** CGCS2000 geographic as nested in the projected systems (no axis clause, as EPSG nests it). */
    static final String GEOGRAPHIC_CGCS2000_WKT = "GEOGCS[\"China Geodetic Coordinate System 2000\","
            + "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],"
            + "AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
            + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4490\"]]";

    /** EPSG:4490 on its own, declaring its latitude-first axis order. */
    static final String GEOGRAPHIC_CGCS2000_WKT_WITH_AXES = "GEOGCS[\"China Geodetic Coordinate System 2000\","
            + "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],"
            + "AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
            + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],"
            + "AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4490\"]]";
}
