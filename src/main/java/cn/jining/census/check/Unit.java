package cn.jining.census.check;

import org.locationtech.jts.geom.Geometry;

import cn.jining.census.model.DivisionCode;

/**
 * One division as the checks see it: a district, street office, census area or census subarea.
 *
 * @param code       its statistical code (6, 9, 12 or 15 digits); a malformed code is kept so that
 *                   it can be reported
 * @param name       its name, empty for subareas
 * @param geometry   (multi)polygon in EPSG:4548; null for a virtual subarea or a district the
 *                   delivery does not outline
 * @param households households registered (subareas only, 0 otherwise)
 * @param virtual    a subarea numbered from 900 for a demolition zone, without a map
 * @param verticalOf for a vertical part of a split high-rise, the subarea whose geometry carries
 *                   the footprint; null otherwise
 * @param exception  for a subarea whose households lie outside the band, why (the planner's or
 *                   the delineation's words); null when nobody explained it
 */
public record Unit(String code, String name, Geometry geometry, int households, boolean virtual, String verticalOf,
        String exception) {

    /** A unit with a code and a geometry only (streets and areas, test cases). */
    public static Unit of(String code, Geometry geometry) {
        return new Unit(code, "", geometry, 0, false, null, null);
    }

    /** The same unit with another geometry (after a fix). */
    public Unit withGeometry(Geometry other) {
        return new Unit(code, name, other, households, virtual, verticalOf, exception);
    }

    /** The level its code's length gives; subarea for any length that is no level. */
    public DivisionCode.Level level() {
        return switch (code.length()) {
            case 6 -> DivisionCode.Level.DISTRICT;
            case 9 -> DivisionCode.Level.STREET;
            case 12 -> DivisionCode.Level.AREA;
            default -> DivisionCode.Level.SUBAREA;
        };
    }

    /** True when the unit takes part in tiling its parent: it has a map and is no vertical part. */
    public boolean tiles() {
        return geometry != null && !geometry.isEmpty() && !virtual && verticalOf == null;
    }

    /** The code of the parent, by prefix; null for a district. */
    public String parentCode() {
        return switch (level()) {
            case DISTRICT -> null;
            case STREET -> code.substring(0, 6);
            case AREA -> code.substring(0, 9);
            case SUBAREA -> code.length() >= 12 ? code.substring(0, 12) : null;
        };
    }
}
