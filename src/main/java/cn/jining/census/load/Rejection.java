package cn.jining.census.load;

import java.util.List;

import org.locationtech.jts.geom.Coordinate;

/**
 * One problem found in a delivery, as listed in the import report.
 *
 * @param layer    the layer ({@code street}, …, {@code household_record}); null for the file as a whole
 * @param id       the feature: its code (street, area), bid (building), {@code fid N} (other
 *                 layers) or {@code row N} (CSV); null for a whole layer
 * @param reason   what is wrong, in words
 * @param location [x, y] in the delivery's own coordinates (as written in the file), or null
 */
public record Rejection(String layer, String id, String reason, List<Double> location) {

    static Rejection at(String layer, String id, String reason, Coordinate c) {
        return new Rejection(layer, id, reason, c == null ? null : List.of(c.x, c.y));
    }
}
