package cn.jining.census.check;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of checking one scope.
 *
 * @param scope   the code checked (district, street office or census area)
 * @param summary counts
 * @param issues  every issue, errors first, then by kind and codes
 */
public record CoverageReport(String scope, Summary summary, List<Issue> issues) {

    /**
     * Counts of a report.
     *
     * @param issues     number of issues
     * @param bySeverity issues per severity (JSON names)
     * @param byKind     issues per kind (JSON names)
     * @param units      units whose geometry or rules were checked
     * @param buildings  buildings checked
     * @param millis     time the check took, without loading
     */
    public record Summary(int issues, Map<String, Integer> bySeverity, Map<String, Integer> byKind, int units,
            int buildings, long millis) {
    }

    static CoverageReport of(String scope, List<Issue> issues, int units, int buildings, long millis) {
        Map<String, Integer> bySeverity = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        for (Issue i : issues) {
            bySeverity.merge(i.severity().jsonName(), 1, Integer::sum);
            byKind.merge(i.kind().jsonName(), 1, Integer::sum);
        }
        return new CoverageReport(scope, new Summary(issues.size(), bySeverity, byKind, units, buildings, millis),
                List.copyOf(issues));
    }
}
