package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

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

    /**
     * Where the building of a report holds its progress now: the subarea the report was sent for,
     * or, when an edit has registered the building elsewhere since, the one subarea holding its
     * progress instead ({@code null} when it is held by none or by several).
     */
    private static final String PLACE = """
            SELECT r.subarea_code, r.bid,
                   coalesce((SELECT p.subarea_code FROM building_progress p WHERE p.subarea_code = r.subarea_code AND p.bid = r.bid),
                            (SELECT min(p.subarea_code) FROM building_progress p WHERE p.bid = r.bid HAVING count(*) = 1))
              FROM progress_report r WHERE r.report_id = :id
            """;

    /** A report's subarea and building, and the subarea holding the building's progress now (null: none or several). */
    private record Place(String sentFor, String bid, String now) {
        /** Where a decision is taken: the building's place now, else the report's own subarea. */
        String decidedIn() {
            return now == null ? sentFor : now;
        }
    }

    /**
     * The subarea a decision on the report is taken in: where the report's building holds its
     * progress now (after an edit moved it, no longer the subarea the report was sent for), else
     * the report's own; empty when no report has that id.
     */
    public Optional<String> decidedIn(String reportId) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return place(c, reportId).map(Place::decidedIn);
        }
    }

    private static Optional<Place> place(Connection c, String reportId) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, PLACE)) {
            q.set("id", reportId);
            try (ResultSet rs = q.statement().executeQuery()) {
                return rs.next() ? Optional.of(new Place(rs.getString(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        }
    }

    /**
     * Decides about conflict {@code reportId}.
     *
     * @param checkedIn the subarea the caller's right to decide was checked against ({@link #decidedIn}):
     *                  409 when the building is elsewhere by the time the decision is taken
     * @param apply whether the report becomes the building's state; applying is refused (409) when
     *              the state it disagreed with is no longer the building's state, since the
     *              supervisor decided between two reports and a third has come in since
     * @throws Refused 404 for an unknown report, 409 for a report that is not a conflict, one
     *                 decided already, or (applying) a state that moved on
     */
    public Resolution resolve(String reportId, String checkedIn, boolean apply, String reason, String actor)
            throws SQLException, Refused {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Resolution resolution = resolve(c, reportId, checkedIn, apply, reason, actor);
                c.commit();
                return resolution;
            } catch (SQLException | RuntimeException | Refused e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Resolution resolve(Connection c, String reportId, String checkedIn, boolean apply, String reason, String actor)
            throws SQLException, Refused {
        try (var s = c.createStatement()) {
            // the answer promises the decision survives a crash
            s.execute("SET LOCAL synchronous_commit = on");
        }
        Optional<Place> seen = place(c, reportId);
        if (seen.isEmpty()) {
            throw new Refused(404, "id: no report '" + reportId + "'");
        }
        // reports of the building lock it under the subarea they are sent for: the old one and the new
        Place place = seen.get();
        ProgressReportStore.lock(c, new TreeSet<>(List.of("b:" + place.sentFor() + "/" + place.bid(),
                "b:" + place.decidedIn() + "/" + place.bid(), "r:" + reportId)));
        if (!place.equals(place(c, reportId).orElseThrow()) || !place.decidedIn().equals(checkedIn)) {
            throw new Refused(409, "id: building " + place.bid() + " of report " + reportId
                    + " was registered elsewhere while the decision was taken; ask again");
        }
        String subarea = place.decidedIn();
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
        BuildingState before = state(c, subarea, report.bid()).orElseThrow(() -> new Refused(409,
                "id: building " + report.bid() + " holds no progress under subarea " + report.subareaCode()
                        + " any more, nor under exactly one other: an edit split or removed it since; look at the building again"));
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
            q.set("subarea", subarea).set("bid", report.bid());
            if (apply) {
                q.set("id", reportId).set("status", report.status()).set("households", report.households())
                        .set("time", report.deviceTime().toString());
            }
            q.statement().executeUpdate();
        }
        BuildingState after = state(c, subarea, report.bid()).orElseThrow();
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO edit_log (actor, action, entity, entity_key, street_code, reason, before, after)
                VALUES (:actor, :action, 'progress_report', :id, left(:subarea, 9), :reason,
                        jsonb_build_object('subarea', CAST(:subarea AS text), 'report', CAST(:beforeReport AS text),
                                           'status', CAST(:beforeStatus AS text), 'households', CAST(:beforeHouseholds AS integer)),
                        jsonb_build_object('subarea', CAST(:subarea AS text), 'report', CAST(:afterReport AS text),
                                           'status', CAST(:afterStatus AS text), 'households', CAST(:afterHouseholds AS integer)))
                """)) {
            q.set("actor", actor).set("action", "resolve-report:" + (apply ? APPLY : "dismiss")).set("id", reportId)
                    .set("subarea", subarea).set("reason", reason)
                    .set("beforeReport", before.reportId()).set("beforeStatus", before.status())
                    .set("beforeHouseholds", before.households())
                    .set("afterReport", after.reportId()).set("afterStatus", after.status())
                    .set("afterHouseholds", after.households());
            q.statement().executeUpdate();
        }
        return new Resolution(reportId, decision(c, reportId).orElseThrow(), after);
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
