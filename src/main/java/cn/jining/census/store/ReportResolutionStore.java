package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A supervisor's decision on a progress report kept as a conflict ({@code report_resolution}):
 * <em>apply</em> makes the report the building's state, <em>dismiss</em> leaves the state as it
 * is; either way the building's count of conflicts waiting drops by one, and the decision is
 * logged in the edit log with the state before and after.
 *
 * <p>Each decision is one transaction committed with {@code synchronous_commit = on}, holding the
 * advisory locks of the building and the report that {@link ProgressReportStore} takes, so that a
 * report arriving from a phone meanwhile is applied before or after the decision, never across it.
 */
@ApplicationScoped
public class ReportResolutionStore {

    /** What was decided about a conflict, by whom, when and why. */
    public record Decision(String decision, String reason, String resolvedBy, OffsetDateTime resolvedAt) {
    }

    /** A building's progress state. */
    public record BuildingState(String subareaCode, String bid, String reportId, String status, int households,
            OffsetDateTime deviceTime, int conflicts) {
    }

    /** A decision taken, and the building's state after it. */
    public record Resolution(String reportId, Decision decision, BuildingState state) {
    }

    /** The decision cannot be taken: 404 (no such report) or 409 (nothing or no longer to decide). */
    public static final class Refused extends Exception {
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private static final String APPLY = "apply";

    private final DataSource dataSource;

    public ReportResolutionStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The subarea a report was sent for, empty when no report has that id. */
    public Optional<String> subareaOf(String reportId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                NamedStatement q = NamedStatement.prepare(c, "SELECT subarea_code FROM progress_report WHERE report_id = :id")) {
            q.set("id", reportId);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Decides about conflict {@code reportId}.
     *
     * @param apply whether the report becomes the building's state; applying is refused (409) when
     *              the state it disagreed with is no longer the building's state, since the
     *              supervisor decided between two reports and a third has come in since
     * @throws Refused 404 for an unknown report, 409 for a report that is not a conflict, one
     *                 decided already, or (applying) a state that moved on
     */
    public Resolution resolve(String reportId, boolean apply, String reason, String actor) throws SQLException, Refused {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Resolution resolution = resolve(c, reportId, apply, reason, actor);
                c.commit();
                return resolution;
            } catch (SQLException | RuntimeException | Refused e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Resolution resolve(Connection c, String reportId, boolean apply, String reason, String actor)
            throws SQLException, Refused {
        try (var s = c.createStatement()) {
            // the answer promises the decision survives a crash
            s.execute("SET LOCAL synchronous_commit = on");
        }
        Optional<String> building = building(c, reportId);
        if (building.isEmpty()) {
            throw new Refused(404, "id: no report '" + reportId + "'");
        }
        ProgressReportStore.lock(c, Set.of("b:" + building.get(), "r:" + reportId));
        BuildingState report;
        String outcome;
        String conflictsWith;
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT subarea_code, bid, report_id, status, households, device_time, outcome, conflicts_with
                  FROM progress_report WHERE report_id = :id
                """)) {
            q.set("id", reportId);
            try (ResultSet rs = q.statement().executeQuery()) {
                rs.next();
                report = new BuildingState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getObject(6, OffsetDateTime.class), 0);
                outcome = rs.getString(7);
                conflictsWith = rs.getString(8);
            }
        }
        if (!"conflict".equals(outcome)) {
            throw new Refused(409, "id: report " + reportId + " was " + outcome + " on arrival; only a conflict waits for a decision");
        }
        Optional<Decision> earlier = decision(c, reportId);
        if (earlier.isPresent()) {
            Decision d = earlier.get();
            throw new Refused(409, "id: report " + reportId + " was decided already: " + d.decision() + " by " + d.resolvedBy()
                    + " at " + d.resolvedAt());
        }
        BuildingState before = state(c, report.subareaCode(), report.bid()).orElseThrow(() -> new Refused(409,
                "id: building " + report.bid() + " holds no progress under subarea " + report.subareaCode()
                        + " any more: an edit registered it elsewhere since; look at the building there"));
        if (apply && !before.reportId().equals(conflictsWith)) {
            throw new Refused(409, "id: report " + reportId + " disagreed with report " + conflictsWith + ", but building "
                    + report.bid() + " now holds report " + before.reportId() + ": look at the building again");
        }
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO report_resolution (report_id, decision, reason, resolved_by) VALUES (:id, :decision, :reason, :actor)
                """)) {
            q.set("id", reportId).set("decision", apply ? APPLY : "dismiss").set("reason", reason).set("actor", actor)
                    .statement().executeUpdate();
        }
        try (NamedStatement q = NamedStatement.prepare(c, apply ? """
                UPDATE building_progress SET report_id = :id, status = :status, households = :households,
                       device_time = CAST(:time AS timestamptz), conflicts = conflicts - 1
                 WHERE subarea_code = :subarea AND bid = :bid
                """ : """
                UPDATE building_progress SET conflicts = conflicts - 1 WHERE subarea_code = :subarea AND bid = :bid
                """)) {
            q.set("subarea", report.subareaCode()).set("bid", report.bid());
            if (apply) {
                q.set("id", reportId).set("status", report.status()).set("households", report.households())
                        .set("time", report.deviceTime().toString());
            }
            q.statement().executeUpdate();
        }
        BuildingState after = state(c, report.subareaCode(), report.bid()).orElseThrow();
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
                VALUES (:actor, :action, 'progress_report', :id, left(:subarea, 9), :reason,
                        jsonb_build_object('report', CAST(:beforeReport AS text), 'status', CAST(:beforeStatus AS text),
                                           'households', CAST(:beforeHouseholds AS integer)),
                        jsonb_build_object('report', CAST(:afterReport AS text), 'status', CAST(:afterStatus AS text),
                                           'households', CAST(:afterHouseholds AS integer)))
                """)) {
            q.set("actor", actor).set("action", "resolve-report:" + (apply ? APPLY : "dismiss")).set("id", reportId)
                    .set("subarea", report.subareaCode()).set("reason", reason)
                    .set("beforeReport", before.reportId()).set("beforeStatus", before.status())
                    .set("beforeHouseholds", before.households())
                    .set("afterReport", after.reportId()).set("afterStatus", after.status())
                    .set("afterHouseholds", after.households());
            q.statement().executeUpdate();
        }
        return new Resolution(reportId, decision(c, reportId).orElseThrow(), after);
    }

    /** The building ({@code subarea/bid}) of a report, the key of its advisory lock. */
    private static Optional<String> building(Connection c, String reportId) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c,
                "SELECT subarea_code || '/' || bid FROM progress_report WHERE report_id = :id")) {
            q.set("id", reportId);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Optional<Decision> decision(Connection c, String reportId) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c,
                "SELECT decision, reason, resolved_by, resolved_at FROM report_resolution WHERE report_id = :id")) {
            q.set("id", reportId);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next()
                        ? Optional.of(new Decision(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class)))
                        : Optional.empty();
            }
        }
    }

    private static Optional<BuildingState> state(Connection c, String subarea, String bid) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT subarea_code, bid, report_id, status, households, device_time, conflicts
                  FROM building_progress WHERE subarea_code = :subarea AND bid = :bid
                """)) {
            q.set("subarea", subarea).set("bid", bid);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next()
                        ? Optional.of(new BuildingState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getInt(5), rs.getObject(6, OffsetDateTime.class), rs.getInt(7)))
                        : Optional.empty();
            }
        }
    }
}
