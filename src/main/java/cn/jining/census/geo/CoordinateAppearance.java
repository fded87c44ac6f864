package cn.jining.census.geo;

/**
 * What a pair of numbers looks like as a coordinate in or near China, independent of what a
 * file declares. Ranges: longitude 73–136°, latitude 3–54°; Gauss-Krüger northings
 * 300 000–6 000 000 m; eastings without zone prefix within 500 000 ± 300 000 m; prefixed
 * eastings are the zone number times 1 000 000 plus such an easting.
 *
 * @param kind the kind of coordinate
 * @param zone the Gauss-Krüger zone number of a prefixed easting, else 0
 */
public record CoordinateAppearance(Kind kind, int zone) {

    /** The kinds a coordinate can look like. */
    public enum Kind {
        /** Gauss-Krüger easting without zone prefix, northing: EPSG:4548 for CM 117E. */
        PROJECTED_PLAIN,
        /** Gauss-Krüger easting with a zone prefix, northing: EPSG:4527 for zone 39. */
        PROJECTED_PREFIXED,
        /** Longitude first, then latitude: EPSG:4490 as files usually carry it. */
        LON_LAT,
        /** Latitude first, then longitude: EPSG:4490 in its EPSG axis order. */
        LAT_LON,
        /** Northing first, then an easting without prefix: projected axes swapped. */
        PROJECTED_SWAPPED,
        /** None of the above: not a coordinate in China in any accepted system. */
        UNRECOGNISED
    }

    static final double MIN_LON = 73, MAX_LON = 136, MIN_LAT = 3, MAX_LAT = 54;
    static final double MIN_NORTHING = 300_000, MAX_NORTHING = 6_000_000;
    static final double FALSE_EASTING = 500_000, EASTING_SPREAD = 300_000;
    static final double ZONE_FACTOR = 1_000_000;

    /** The appearance of the coordinate (x, y); non-finite numbers are {@link Kind#UNRECOGNISED}. */
    public static CoordinateAppearance of(double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return new CoordinateAppearance(Kind.UNRECOGNISED, 0);
        }
        if (isLongitude(x) && isLatitude(y)) {
            return new CoordinateAppearance(Kind.LON_LAT, 0);
        }
        if (isLatitude(x) && isLongitude(y)) {
            return new CoordinateAppearance(Kind.LAT_LON, 0);
        }
        if (isNorthing(y) && isPlainEasting(x)) {
            return new CoordinateAppearance(Kind.PROJECTED_PLAIN, 0);
        }
        if (isNorthing(y) && x >= ZONE_FACTOR) {
            int zone = (int) Math.floor(x / ZONE_FACTOR);
            // 3-degree zones in China are 25-45, 6-degree zones 13-23
            if (zone >= 13 && zone <= 45 && isPlainEasting(x - zone * ZONE_FACTOR)) {
                return new CoordinateAppearance(Kind.PROJECTED_PREFIXED, zone);
            }
        }
        if (isNorthing(x) && isPlainEasting(y)) {
            return new CoordinateAppearance(Kind.PROJECTED_SWAPPED, 0);
        }
        return new CoordinateAppearance(Kind.UNRECOGNISED, 0);
    }

    private static boolean isLongitude(double v) {
        return v >= MIN_LON && v <= MAX_LON;
    }

    private static boolean isLatitude(double v) {
        return v >= MIN_LAT && v <= MAX_LAT;
    }

    private static boolean isNorthing(double v) {
        return v >= MIN_NORTHING && v <= MAX_NORTHING;
    }

    private static boolean isPlainEasting(double v) {
        return Math.abs(v - FALSE_EASTING) <= EASTING_SPREAD;
    }

    /** Words for a report: what these coordinates look like. */
    public String describe() {
        return switch (kind) {
            case PROJECTED_PLAIN -> "EPSG:4548 Gauss-Krüger easting/northing without zone prefix";
            case PROJECTED_PREFIXED -> zone == 39
                    ? "EPSG:4527 Gauss-Krüger easting with zone prefix 39"
                    : "Gauss-Krüger easting with zone prefix " + zone + zoneMeridian(zone);
            case LON_LAT -> "EPSG:4490 longitude/latitude";
            case LAT_LON -> "EPSG:4490 latitude/longitude (latitude first)";
            case PROJECTED_SWAPPED -> "Gauss-Krüger northing/easting (axes swapped)";
            case UNRECOGNISED -> "no coordinate system for China (neither degrees nor Gauss-Krüger metres)";
        };
    }

    private static String zoneMeridian(int zone) {
        return zone >= 25 ? " (3-degree zone, CM " + 3 * zone + "E)" : " (6-degree zone, CM " + (6 * zone - 3) + "E)";
    }
}
