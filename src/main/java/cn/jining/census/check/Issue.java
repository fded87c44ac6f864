package cn.jining.census.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/**
 * One problem found by a check. Immutable. A class rather than a record only so that its
 * {@link #id()}, a hash over its geometry, is computed once: reports sort and merge by it.
 */
public final class Issue {

    private final IssueKind kind;
    private final Severity severity;
    private final String parentCode;
    private final List<String> codes;
    private final double areaM2;
    private final Geometry geometry;
    private final String message;
    private final Fix fix;
    private volatile String id;

    /**
     * @param kind       what is wrong
     * @param severity   how urgent
     * @param parentCode the unit whose coverage or rules were checked (the street of an
     *                   area-level gap); the district code for rules of the whole delivery
     * @param codes      the units involved, most affected first (for a gap: the neighbours by
     *                   length of shared edge; for an overlap: the two units); building ids for
     *                   building issues come after the unit codes
     * @param areaM2     area in m² (EPSG:4548) of the defect; 0 for points, lines and rules
     * @param geometry   where, in EPSG:4548; null when the issue has no place (a code missing
     *                   from the delivery)
     * @param message    the issue in words (Chinese), with its figures
     * @param fix        the mechanical repair, or null when a person must decide
     */
    public Issue(IssueKind kind, Severity severity, String parentCode, List<String> codes, double areaM2,
            Geometry geometry, String message, Fix fix) {
        this.kind = kind;
        this.severity = severity;
        this.parentCode = parentCode;
        this.codes = List.copyOf(codes);
        this.areaM2 = areaM2;
        this.geometry = geometry;
        this.message = message;
        this.fix = fix;
    }

    public IssueKind kind() {
        return kind;
    }

    public Severity severity() {
        return severity;
    }

    public String parentCode() {
        return parentCode;
    }

    public List<String> codes() {
        return codes;
    }

    public double areaM2() {
        return areaM2;
    }

    public Geometry geometry() {
        return geometry;
    }

    public String message() {
        return message;
    }

    public Fix fix() {
        return fix;
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
        String known = id;
        if (known == null) {
            known = computeId();
            id = known;
        }
        return known;
    }

    private String computeId() {
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

    @Override
    public String toString() {
        return kind.jsonName() + " " + codes + " " + message + (fix == null ? "" : " [" + fix.description() + "]");
    }
}
