package cn.jining.census.geo;

import java.util.Optional;

import org.locationtech.jts.geom.Envelope;

import cn.jining.census.geo.CoordinateAppearance.Kind;

/**
 * Checks that coordinates can belong to the coordinate system a layer declares. Accepted
 * declarations: EPSG:4548, EPSG:4527 and EPSG:4490. A layer declared EPSG:4490 may carry
 * latitude first; the axis order is decided once per layer (from its first feature) and every
 * feature must then follow it.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CrsCheck {

    /** The outcome for one feature: accepted, or refused with what the coordinates look like. */
    public record Verdict(boolean accepted, String reason) {
        static final Verdict OK = new Verdict(true, null);
    }

    private final int declaredSrid;
    private final Kind expected;

    private CrsCheck(int declaredSrid, Kind expected) {
        this.declaredSrid = declaredSrid;
        this.expected = expected;
    }

    /**
     * The check for a layer declaring {@code declaredSrid} whose first feature spans
     * {@code firstExtent} (null when the layer has no feature with finite coordinates).
     *
     * @throws IllegalArgumentException when the declaration itself is not accepted; see
     *         {@link #refusalOfDeclared(int)}
     */
    public static CrsCheck forLayer(int declaredSrid, Envelope firstExtent) {
        refusalOfDeclared(declaredSrid).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        Kind expected = switch (declaredSrid) {
            case 4548 -> Kind.PROJECTED_PLAIN;
            case 4527 -> Kind.PROJECTED_PREFIXED;
            default -> firstExtent != null && !firstExtent.isNull()
                    && CoordinateAppearance.of(firstExtent.getMinX(), firstExtent.getMinY()).kind() == Kind.LAT_LON
                            ? Kind.LAT_LON : Kind.LON_LAT;
        };
        return new CrsCheck(declaredSrid, expected);
    }

    /** Why a declared SRS is not accepted, or empty when it is EPSG:4548, 4527 or 4490. */
    public static Optional<String> refusalOfDeclared(int srid) {
        if (srid == 4548 || srid == 4527 || srid == 4490) {
            return Optional.empty();
        }
        String accepted = "accepted are EPSG:4548 (CGCS2000 3-degree Gauss-Krüger CM 117E), "
                + "EPSG:4527 (the same zone with prefix 39) and EPSG:4490 (CGCS2000 geographic)";
        String what;
        if (srid >= 4534 && srid <= 4554) {
            what = "EPSG:" + srid + " is CGCS2000 3-degree Gauss-Krüger CM " + (75 + 3 * (srid - 4534))
                    + "E, the wrong zone (CM 117E expected)";
        } else if (srid >= 4513 && srid <= 4533) {
            int zone = 25 + srid - 4513;
            what = "EPSG:" + srid + " is CGCS2000 3-degree Gauss-Krüger zone " + zone + " (CM " + 3 * zone
                    + "E), the wrong zone (zone 39, CM 117E expected)";
        } else if (srid <= 0) {
            what = "the layer declares no coordinate system";
        } else {
            what = "EPSG:" + srid + " is not an accepted coordinate system";
        }
        return Optional.of(what + "; " + accepted);
    }

    /** The declared EPSG code. */
    public int declaredSrid() {
        return declaredSrid;
    }

    /** True when the layer is EPSG:4490 with latitude first, so x and y must be swapped. */
    public boolean axesSwapped() {
        return expected == Kind.LAT_LON;
    }

    /**
     * Checks a feature's extent, in the layer's own coordinates and with finite bounds: both
     * corners must look like the declared system (and, for EPSG:4490, the layer's axis order).
     */
    public Verdict check(Envelope extent) {
        CoordinateAppearance low = CoordinateAppearance.of(extent.getMinX(), extent.getMinY());
        CoordinateAppearance high = CoordinateAppearance.of(extent.getMaxX(), extent.getMaxY());
        if (fits(low) && fits(high)) {
            return Verdict.OK;
        }
        CoordinateAppearance wrong = fits(low) ? high : low;
        String declared = "the declared EPSG:" + declaredSrid + switch (expected) {
            case LAT_LON -> " with latitude first as in the layer's first feature";
            case LON_LAT -> " with longitude first as in the layer's first feature";
            default -> "";
        };
        return new Verdict(false, "coordinates look like " + wrong.describe() + ", not " + declared);
    }

    private boolean fits(CoordinateAppearance a) {
        return a.kind() == expected && (expected != Kind.PROJECTED_PREFIXED || a.zone() == 39);
    }
}
