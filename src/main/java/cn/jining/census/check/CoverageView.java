package cn.jining.census.check;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The answer of {@code GET /api/v1/coverage}: a summary and every issue of the scope, geometries
 * as GeoJSON in EPSG:4326.
 *
 * @param scope   the code checked
 * @param summary counts and timings
 * @param issues  grouped by street, then area, errors first within each
 */
public record CoverageView(String scope, Summary summary, List<IssueView> issues) {

    /**
     * @param issues      all issues
     * @param open        issues not accepted as exceptions
     * @param accepted    issues accepted as exceptions
     * @param fixable     open issues with a mechanical fix
     * @param bySeverity  issues per severity
     * @param byKind      issues per kind
     * @param units       units of the scope checked
     * @param buildings   buildings checked
     * @param checkMillis time of the checks
     * @param loadMillis  time of reading the scope from the database
     */
    public record Summary(int issues, int open, int accepted, int fixable, Map<String, Integer> bySeverity,
            Map<String, Integer> byKind, int units, int buildings, long checkMillis, long loadMillis) {
    }

    /**
     * One issue.
     *
     * @param id        stable identity, for the fix and exception endpoints
     * @param kind      JSON name of the kind ({@code gap}, {@code overlap} …)
     * @param label     the kind in Chinese
     * @param status    {@code open} or {@code accepted}
     * @param parent    the unit whose check found it
     * @param street    the street it is filed under; null for the district's own rules
     * @param area      the area it is filed under; null for street-level issues
     * @param areaM2    area in m² (EPSG:4548)
     * @param geometry  GeoJSON geometry in EPSG:4326, or null
     * @param fix       the mechanical repair, or null
     * @param exception the acceptance, when accepted
     */
    public record IssueView(String id, String kind, String label, String severity, String status, String parent,
            String street, String area, List<String> codes, double areaM2, String message, JsonNode geometry, FixView fix,
            ExceptionView exception) {
    }

    /** A fix as shown: what it does and which units it edits how. */
    public record FixView(String action, String description, List<EditView> edits) {
    }

    /** One edit of a fix: the unit and the operation ({@code union}, {@code difference} …). */
    public record EditView(String code, String op) {
    }

    /** Who accepted an issue as an exception, when and why. */
    public record ExceptionView(String reason, String acceptedBy, Instant acceptedAt) {
    }
}
