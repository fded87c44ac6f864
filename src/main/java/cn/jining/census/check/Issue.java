package cn.jining.census.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * One problem found by a check.
 *
 * @param kind       what is wrong
 * @param severity   how urgent
 * @param parentCode the unit whose coverage or rules were checked (the street of an area-level
 *                   gap); the district code for rules of the whole delivery
 * @param codes      the units involved, most affected first (for a gap: the neighbours by
 *                   length of shared edge; for an overlap: the two units); building ids for
 *                   building issues come after the unit codes
 * @param areaM2     area of the geometry in m² (EPSG:4548); 0 for points and lines
 * @param geometry   where, in EPSG:4548; null when the issue has no place (a code missing from
 *                   the delivery)
 * @param message    the issue in words (Chinese), with its figures
 * @param fix        the mechanical repair, or null when a person must decide
 */
public record Issue(IssueKind kind, Severity severity, String parentCode, List<String> codes, double areaM2,
        Geometry geometry, String message, Fix fix) {

    public Issue {
        codes = List.copyOf(codes);
    }

    /** The same issue with another fix (the orchestrator knows more than one parent's check). */
    public Issue withFix(Fix other) {
        return new Issue(kind, severity, parentCode, codes, areaM2, geometry, message, other);
    }

    /** The same issue with another message. */
    public Issue withMessage(String other) {
        return new Issue(kind, severity, parentCode, codes, areaM2, geometry, other, fix);
    }

    /**
     * A stable identity: the same problem found again by a later check (same kind, codes and
     * place to the decimetre) has the same id, whichever scope found it, which lets an accepted
     * exception survive re-checks. The parent is left out because an overlap across two parents
     * is found from either side. 16 hex digits.
     */
    public String id() {
        StringBuilder key = new StringBuilder(kind.jsonName()).append('|').append(String.join(",", codes));
        if (codes.isEmpty()) {
            key.append('|').append(parentCode);
        }
        if (geometry != null && !geometry.isEmpty()) {
            Point c = geometry.getCentroid();
            if (!c.isEmpty()) {
                key.append('|').append(Math.round(c.getX() * 10)).append('|').append(Math.round(c.getY() * 10));
            }
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
