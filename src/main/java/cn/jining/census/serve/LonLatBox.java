package cn.jining.census.serve;

import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A box in EPSG:4326 degrees, serialised as the GeoJSON bbox array {@code [minLon, minLat,
 * maxLon, maxLat]}. Construction requires {@code west < east} and {@code south < north} within
 * [-180, 180] × [-90, 90]; boxes crossing the antimeridian are not supported (no census data
 * lies there).
 */
public record LonLatBox(double west, double south, double east, double north) {

    /**
     * Where coordinates of the storage CRS, EPSG:4548 (Gauss-Krüger CM 117°E), mean something:
     * 6° either side of the central meridian. Farther out the projection folds over (PostGIS
     * projects the whole world to a line at 998 km easting), so a request box is cut to this
     * before it is projected. Data valid in EPSG:4548 lies well inside it (the zone is 3° wide).
     */
    public static final LonLatBox EPSG_4548_USABLE = new LonLatBox(111, 0, 123, 60);

    public LonLatBox {
        if (!(west >= -180 && east <= 180 && south >= -90 && north <= 90)) {
            throw new IllegalArgumentException("longitudes must lie in [-180, 180] and latitudes in [-90, 90]");
        }
        if (!(west < east)) {
            throw new IllegalArgumentException("minLon must be less than maxLon");
        }
        if (!(south < north)) {
            throw new IllegalArgumentException("minLat must be less than maxLat");
        }
    }

    /**
     * Reads {@code minLon,minLat,maxLon,maxLat} in degrees.
     *
     * @throws IllegalArgumentException with a message saying what is wrong with the text
     */
    public static LonLatBox parse(String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected four numbers minLon,minLat,maxLon,maxLat, got " + parts.length
                    + " value" + (parts.length == 1 ? "" : "s"));
        }
        double[] values = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                values[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[i] + "' is not a number");
            }
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("'" + parts[i] + "' is not a finite number");
            }
        }
        return new LonLatBox(values[0], values[1], values[2], values[3]);
    }

    /** The part of this box that also lies in {@code other}; empty when they do not overlap. */
    public Optional<LonLatBox> intersection(LonLatBox other) {
        double w = Math.max(west, other.west);
        double s = Math.max(south, other.south);
        double e = Math.min(east, other.east);
        double n = Math.min(north, other.north);
        return w < e && s < n ? Optional.of(new LonLatBox(w, s, e, n)) : Optional.empty();
    }

    /** {@code [minLon, minLat, maxLon, maxLat]}, the JSON form. */
    @JsonValue
    public double[] toArray() {
        return new double[] { west, south, east, north };
    }
}
