package cn.jining.census.check;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jining.census.store.CoverageStore;
import cn.jining.census.store.CoverageStore.IssueRow;
import cn.jining.census.store.CoverageStore.ScopeRows;
import cn.jining.census.store.CoverageStore.StoredIssue;

/**
 * Checks a scope stored in PostGIS and records the result; applies fixes and accepts exceptions.
 * Each check replaces the recorded issues inside its scope, so the table always says what the
 * latest check of each place found.
 */
@ApplicationScoped
public class CoverageService {

    /** A scope's check: the report, how long reading took, and the issues as recorded. */
    public record Checked(CoverageReport report, long loadMillis, List<StoredIssue> issues) {
    }

    /** Why a fix was not applied. */
    public static final class FixRefused extends Exception {
        /** HTTP-like reason: 404 unknown issue, 409 no longer found or no fix, 403 not the caller's units. */
        public final int status;

        FixRefused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CoverageStore store;
    private final StaffingSource staffing;
    private final CheckSettings settings;
    private final String demolitionLanduse;
    private final ScopeChecker checker;
    private final FixApplier applier;

    public CoverageService(CoverageStore store, StaffingSource staffing,
            @ConfigProperty(name = "census.check.noise-area", defaultValue = "0.000001") double noiseAreaM2,
            @ConfigProperty(name = "census.check.gap-width", defaultValue = "1.0") double gapWidthM,
            @ConfigProperty(name = "census.check.sliver-width", defaultValue = "1.0") double sliverWidthM,
            @ConfigProperty(name = "census.check.vertex-tolerance", defaultValue = "0.001") double vertexToleranceM,
            @ConfigProperty(name = "census.check.band-min", defaultValue = "80") int bandMin,
            @ConfigProperty(name = "census.check.band-max", defaultValue = "100") int bandMax,
            @ConfigProperty(name = "census.check.hard-limit", defaultValue = "999") int hardLimit,
            @ConfigProperty(name = "census.check.demolition-landuse", defaultValue = "拆迁区") String demolitionLanduse) {
        this.store = store;
        this.staffing = staffing;
        this.settings = new CheckSettings(noiseAreaM2, gapWidthM, sliverWidthM, vertexToleranceM, bandMin, bandMax, hardLimit);
        this.demolitionLanduse = demolitionLanduse;
        this.checker = new ScopeChecker(settings);
        this.applier = new FixApplier(settings);
    }

    /**
     * Checks {@code scope} and records the result.
     *
     * @return empty when the database holds no street or area with that code and no street of a
     *         district with it
     */
    public Optional<Checked> check(String scope) throws SQLException {
        long start = System.nanoTime();
        ScopeRows rows = store.load(scope, demolitionLanduse);
        long loadMillis = (System.nanoTime() - start) / 1_000_000;
        boolean known = rows.units().stream().anyMatch(u -> u.code().equals(scope))
                || (scope.length() == 6 && rows.units().stream().anyMatch(u -> u.code().length() == 9));
        if (!known) {
            return Optional.empty();
        }
        CoverageReport report = checker.check(snapshot(rows, scope), scope);
        List<IssueRow> issues = new ArrayList<>();
        for (Issue i : report.issues()) {
            issues.add(toRow(i));
        }
        store.replaceIssues(scope, issues);
        return Optional.of(new Checked(report, loadMillis, store.issues(scope)));
    }

    private CoverageSnapshot snapshot(ScopeRows rows, String scope) {
        List<Unit> units = rows.units().stream()
                .map(u -> new Unit(u.code(), u.name(), u.geometry(), u.households(), u.virtual(), u.verticalOf(),
                        u.exception()))
                .toList();
        List<BuildingFootprint> buildings = rows.buildings().stream()
                .map(b -> new BuildingFootprint(b.bid(), b.streetCode(), b.use(), b.households(), b.geometry())).toList();
        List<ReferenceDivision> reference = rows.reference().stream().map(r -> new ReferenceDivision(r.code(), r.name())).toList();
        return new CoverageSnapshot(units, buildings, rows.registrations(), rows.demolitionZones(), reference,
                staffing.staffing(scope));
    }

    private static IssueRow toRow(Issue i) {
        String first = i.codes().isEmpty() ? i.parentCode() : i.codes().get(0);
        String street = first.length() >= 9 && first.substring(0, 9).chars().allMatch(Character::isDigit) ? first.substring(0, 9) : null;
        String area = first.length() >= 12 && first.substring(0, 12).chars().allMatch(Character::isDigit) ? first.substring(0, 12) : null;
        return new IssueRow(i.id(), i.parentCode(), street, area, i.kind().jsonName(), i.severity().jsonName(), i.codes(),
                i.areaM2(), i.geometry(), i.message(), FixCodec.toJson(i.fix()));
    }

    /** One recorded issue. */
    public Optional<StoredIssue> issue(String id) throws SQLException {
        return store.issue(id);
    }

    /**
     * Applies the fix of issue {@code id}. The place is checked again first, so that only a fix
     * of a problem that still exists is applied, and as computed from the current data.
     *
     * @param mayEdit whether the caller may change a unit (their scopes)
     * @return the codes of the units changed
     * @throws FixRefused 404 when no such issue was recorded, 409 when it is gone or has no
     *                    fix, 403 when the fix edits a unit the caller may not touch
     */
    public List<String> applyFix(String id, String actor, Predicate<String> mayEdit) throws SQLException, FixRefused {
        StoredIssue stored = store.issue(id).orElseThrow(() -> new FixRefused(404, "id: no issue '" + id + "' recorded"));
        String place = stored.issue().parentCode();
        Checked fresh = check(place).orElseThrow(() -> new FixRefused(409, "id: the place " + place + " no longer exists"));
        Issue issue = fresh.report().issues().stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow(() -> new FixRefused(409, "id: issue '" + id + "' is no longer found; check again"));
        Fix fix = issue.fix();
        if (fix == null) {
            throw new FixRefused(409, "id: issue '" + id + "' (" + issue.kind().label() + ") has no mechanical fix");
        }
        for (Fix.Edit e : fix.edits()) {
            if (!mayEdit.test(e.code())) {
                throw new FixRefused(403, "the fix edits " + e.code() + ", which is outside your scopes");
            }
        }
        Envelope region = new Envelope();
        for (Fix.Edit e : fix.edits()) {
            region.expandToInclude(e.geometry().getEnvelopeInternal());
        }
        region.expandBy(10 * settings.vertexToleranceM());
        Map<String, Geometry> changed = store.editGeometries(region, settings.noiseAreaM2(), actor, "coverage-fix:" + fix.action(),
                fix.description() + "（问题 " + id + "：" + issue.message() + "）", current -> applier.apply(fix, current));
        return List.copyOf(changed.keySet());
    }

    /**
     * Accepts issue {@code id} as an exception.
     *
     * @return false when no such issue was recorded
     */
    public boolean acceptException(String id, String reason, String actor) throws SQLException {
        return store.acceptException(id, reason, actor);
    }

    /** The recorded issues of a check as the API shows them. */
    public CoverageView view(String scope, Checked checked) {
        List<CoverageView.IssueView> issues = checked.issues().stream().map(CoverageService::view).toList();
        Map<String, Integer> bySeverity = new TreeMap<>();
        Map<String, Integer> byKind = new TreeMap<>();
        int accepted = 0;
        int fixable = 0;
        for (CoverageView.IssueView i : issues) {
            bySeverity.merge(i.severity(), 1, Integer::sum);
            byKind.merge(i.kind(), 1, Integer::sum);
            if ("accepted".equals(i.status())) {
                accepted++;
            } else if (i.fix() != null) {
                fixable++;
            }
        }
        CoverageReport.Summary s = checked.report().summary();
        return new CoverageView(scope, new CoverageView.Summary(issues.size(), issues.size() - accepted, accepted, fixable,
                bySeverity, byKind, s.units(), s.buildings(), s.millis(), checked.loadMillis()), issues);
    }

    static CoverageView.IssueView view(StoredIssue stored) {
        IssueRow i = stored.issue();
        Fix fix = FixCodec.fromJson(i.fixJson());
        CoverageView.FixView fixView = fix == null ? null : new CoverageView.FixView(fix.action(), fix.description(),
                fix.edits().stream().map(e -> new CoverageView.EditView(e.code(), e.op().jsonName())).toList());
        CoverageView.ExceptionView exception = stored.exception()
                .map(e -> new CoverageView.ExceptionView(e.reason(), e.acceptedBy(), e.acceptedAt())).orElse(null);
        String label = IssueKind.ofJsonName(i.kind()).map(IssueKind::label).orElse(i.kind());
        return new CoverageView.IssueView(i.id(), i.kind(), label, i.severity(), stored.status(),
                i.parentCode(), i.streetCode(), i.areaCode(), i.codes(), i.areaM2(), i.message(), geoJson(stored.geoJson4326()),
                fixView, exception);
    }

    private static JsonNode geoJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostGIS answered GeoJSON that does not parse", e);
        }
    }
}
