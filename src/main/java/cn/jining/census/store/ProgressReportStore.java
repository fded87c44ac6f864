package cn.jining.census.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Progress reports from the phones ({@code progress_report}, append-only) and the state of every
 * reported building they add up to ({@code building_progress}).
 *
 * <p>Rules, applied to a batch in the order given, exactly as if its reports had come one by one:
 * <ul>
 * <li>A report id already stored (or repeated in the batch) is not stored again; it is answered
 * with the receipt of its first arrival, field for field.</li>
 * <li>A report newer (device time) than the building's state becomes the state: {@code applied}.</li>
 * <li>A report not newer with the state's content (status and households) changes nothing:
 * {@code same}.</li>
 * <li>A report not newer with other content is kept as a {@code conflict} naming the report
 * holding the state, and counted on the building; the state stays.</li>
 * </ul>
 *
 * <p>Durability: a batch is one transaction committed with {@code synchronous_commit = on} before
 * {@link #ingest} returns, so every receipt a caller gets is on disk. Concurrent batches touching
 * the same building or the same report id are serialised by transaction-scoped advisory locks,
 * taken in one sorted order; a deadlock detected anyway is retried.
 */
@ApplicationScoped
public class ProgressReportStore {

    /** A report to store. */
    public record Incoming(String reportId, String subareaCode, String bid, String status, int households,
            OffsetDateTime deviceTime) {
        String building() {
            return subareaCode + "/" + bid;
        }
    }

    /** What a report did, as answered every time it is sent. */
    public record Receipt(String reportId, String outcome, String conflictsWith, OffsetDateTime receivedAt) {
    }

    /**
     * A stored report; {@code resolution} is the supervisor's decision on a conflict, null while
     * it waits (and for any other outcome).
     */
    public record Stored(String reportId, String subareaCode, String bid, String status, int households,
            OffsetDateTime deviceTime, OffsetDateTime receivedAt, String reportedBy, String outcome, String conflictsWith,
            ReportResolutionStore.Decision resolution) {
    }

    private record State(String reportId, String status, int households, OffsetDateTime deviceTime, int conflicts) {
    }

    private static final int ATTEMPTS = 5;
    private static final String DEADLOCK = "40P01";

    private final DataSource dataSource;

    public ProgressReportStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The indexes of the reports whose building is not registered in their subarea
     * ({@code subarea_building}).
     */
    public List<Integer> unregistered(List<Incoming> reports) throws SQLException {
        Set<String> registered = new HashSet<>();
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT sb.subarea_code || '/' || sb.bid
                  FROM subarea_building sb
                  JOIN unnest(CAST(:subareas AS text[]), CAST(:bids AS text[])) AS r(subarea_code, bid)
                    ON sb.subarea_code = r.subarea_code AND sb.bid = r.bid
                """)) {
            q.set("subareas", reports.stream().map(Incoming::subareaCode).toArray(String[]::new))
                    .set("bids", reports.stream().map(Incoming::bid).toArray(String[]::new));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    registered.add(rs.getString(1));
                }
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            if (!registered.contains(reports.get(i).building())) {
                missing.add(i);
            }
        }
        return missing;
    }

    /** Stores a batch and answers a receipt per report, in order, once the batch is committed. */
    public List<Receipt> ingest(List<Incoming> reports, String actor) throws SQLException {
        for (int attempt = 1;; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    List<Receipt> receipts = ingest(c, reports, actor);
                    c.commit();
                    return receipts;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    if (!(e instanceof SQLException s && DEADLOCK.equals(s.getSQLState()) && attempt < ATTEMPTS)) {
                        throw e;
                    }
                }
            }
        }
    }

    private List<Receipt> ingest(Connection c, List<Incoming> reports, String actor) throws SQLException {
        try (var s = c.createStatement()) {
            // the receipt promises the report survives a crash: never let a session setting weaken that
            s.execute("SET LOCAL synchronous_commit = on");
        }
        Set<String> lockKeys = new TreeSet<>();
        for (Incoming r : reports) {
            lockKeys.add("b:" + r.building());
            lockKeys.add("r:" + r.reportId());
        }
        lock(c, lockKeys);
        Map<String, Receipt> receipts = storedReceipts(c, reports);
        Map<String, State> states = states(c, reports);
        Set<String> changed = new LinkedHashSet<>();
        List<Incoming> fresh = new ArrayList<>();
        Map<String, String[]> outcomes = new HashMap<>();
        for (Incoming r : reports) {
            if (receipts.containsKey(r.reportId()) || outcomes.containsKey(r.reportId())) {
                continue;
            }
            State state = states.get(r.building());
            String outcome;
            String conflictsWith = null;
            if (state == null || r.deviceTime().isAfter(state.deviceTime())) {
                outcome = "applied";
                states.put(r.building(), new State(r.reportId(), r.status(), r.households(), r.deviceTime(),
                        state == null ? 0 : state.conflicts()));
                changed.add(r.building());
            } else if (r.status().equals(state.status()) && r.households() == state.households()) {
                outcome = "same";
            } else {
                outcome = "conflict";
                conflictsWith = state.reportId();
                states.put(r.building(), new State(state.reportId(), state.status(), state.households(),
                        state.deviceTime(), state.conflicts() + 1));
                changed.add(r.building());
            }
            outcomes.put(r.reportId(), new String[] { outcome, conflictsWith });
            fresh.add(r);
        }
        if (!fresh.isEmpty()) {
            receipts.putAll(insert(c, fresh, outcomes, actor));
            saveStates(c, changed, states);
        }
        return reports.stream().map(r -> Objects.requireNonNull(receipts.get(r.reportId()))).toList();
    }

    /**
     * Takes the transaction-scoped advisory locks of {@code keys} in sorted order: {@code b:} and
     * the building ({@code subarea/bid}), {@code r:} and a report id.
     */
    static void lock(Connection c, Set<String> keys) throws SQLException {
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
                  FROM (SELECT k FROM unnest(CAST(:keys AS text[])) AS k ORDER BY k) sorted
                """)) {
            q.set("keys", keys.toArray(String[]::new));
            q.statement().executeQuery().close();
        }
    }

    private static Map<String, Receipt> storedReceipts(Connection c, List<Incoming> reports) throws SQLException {
        Map<String, Receipt> receipts = new HashMap<>();
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT report_id, outcome, conflicts_with, received_at FROM progress_report
                 WHERE report_id = ANY (CAST(:ids AS text[]))
                """)) {
            q.set("ids", reports.stream().map(Incoming::reportId).toArray(String[]::new));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    receipts.put(rs.getString(1), new Receipt(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class)));
                }
            }
        }
        return receipts;
    }

    private static Map<String, State> states(Connection c, List<Incoming> reports) throws SQLException {
        Map<String, State> states = new HashMap<>();
        try (NamedStatement q = NamedStatement.prepare(c, """
                SELECT p.subarea_code || '/' || p.bid, p.report_id, p.status, p.households, p.device_time, p.conflicts
                  FROM building_progress p
                  JOIN unnest(CAST(:subareas AS text[]), CAST(:bids AS text[])) AS r(subarea_code, bid)
                    ON p.subarea_code = r.subarea_code AND p.bid = r.bid
                """)) {
            q.set("subareas", reports.stream().map(Incoming::subareaCode).toArray(String[]::new))
                    .set("bids", reports.stream().map(Incoming::bid).toArray(String[]::new));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), new State(rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getObject(5, OffsetDateTime.class), rs.getInt(6)));
                }
            }
        }
        return states;
    }

    private static Map<String, Receipt> insert(Connection c, List<Incoming> fresh, Map<String, String[]> outcomes,
            String actor) throws SQLException {
        Map<String, Receipt> receipts = new HashMap<>();
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO progress_report (report_id, subarea_code, bid, street_code, status, households, device_time,
                                             reported_by, outcome, conflicts_with)
                SELECT id, subarea, bid, substr(subarea, 1, 9), status, households, device_time, :actor, outcome, conflicts_with
                  FROM unnest(CAST(:ids AS text[]), CAST(:subareas AS text[]), CAST(:bids AS text[]),
                              CAST(:statuses AS text[]), CAST(:households AS integer[]),
                              CAST(:times AS timestamptz[]), CAST(:outcomes AS text[]), CAST(:conflicts AS text[]))
                       AS r(id, subarea, bid, status, households, device_time, outcome, conflicts_with)
                RETURNING report_id, outcome, conflicts_with, received_at
                """)) {
            q.set("actor", actor)
                    .set("ids", fresh.stream().map(Incoming::reportId).toArray(String[]::new))
                    .set("subareas", fresh.stream().map(Incoming::subareaCode).toArray(String[]::new))
                    .set("bids", fresh.stream().map(Incoming::bid).toArray(String[]::new))
                    .set("statuses", fresh.stream().map(Incoming::status).toArray(String[]::new))
                    .set("households", fresh.stream().map(Incoming::households).toArray(Integer[]::new))
                    .set("times", fresh.stream().map(r -> r.deviceTime().toString()).toArray(String[]::new))
                    .set("outcomes", fresh.stream().map(r -> outcomes.get(r.reportId())[0]).toArray(String[]::new))
                    .set("conflicts", fresh.stream().map(r -> outcomes.get(r.reportId())[1]).toArray(String[]::new));
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    receipts.put(rs.getString(1), new Receipt(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class)));
                }
            }
        }
        return receipts;
    }

    private static void saveStates(Connection c, Set<String> changed, Map<String, State> states) throws SQLException {
        if (changed.isEmpty()) {
            return;
        }
        List<String> keys = List.copyOf(changed);
        try (NamedStatement q = NamedStatement.prepare(c, """
                INSERT INTO building_progress (subarea_code, bid, street_code, report_id, status, households, device_time, conflicts)
                SELECT subarea, bid, substr(subarea, 1, 9), report_id, status, households, device_time, conflicts
                  FROM unnest(CAST(:subareas AS text[]), CAST(:bids AS text[]), CAST(:ids AS text[]),
                              CAST(:statuses AS text[]), CAST(:households AS integer[]),
                              CAST(:times AS timestamptz[]), CAST(:conflicts AS integer[]))
                       AS s(subarea, bid, report_id, status, households, device_time, conflicts)
                ON CONFLICT (subarea_code, bid) DO UPDATE
                   SET report_id = excluded.report_id, status = excluded.status, households = excluded.households,
                       device_time = excluded.device_time, conflicts = excluded.conflicts
                """)) {
            q.set("subareas", keys.stream().map(k -> k.substring(0, k.indexOf('/'))).toArray(String[]::new))
                    .set("bids", keys.stream().map(k -> k.substring(k.indexOf('/') + 1)).toArray(String[]::new))
                    .set("ids", keys.stream().map(k -> states.get(k).reportId()).toArray(String[]::new))
                    .set("statuses", keys.stream().map(k -> states.get(k).status()).toArray(String[]::new))
                    .set("households", keys.stream().map(k -> states.get(k).households()).toArray(Integer[]::new))
                    .set("times", keys.stream().map(k -> states.get(k).deviceTime().toString()).toArray(String[]::new))
                    .set("conflicts", keys.stream().map(k -> states.get(k).conflicts()).toArray(Integer[]::new));
            q.statement().executeUpdate();
        }
    }

    /**
     * Moves the progress of buildings that an edit registered in another subarea along with them:
     * a building of {@code areas} with progress under a subarea that no longer registers it, now
     * registered in exactly one subarea with no progress of its own there, takes its state (and
     * waiting conflicts) to that subarea. Reports stay filed as they were sent. Called inside the
     * edit's transaction, after it wrote the new registrations.
     */
    static void followRegistrations(Connection c, Collection<String> areas) throws SQLException {
        if (areas.isEmpty()) {
            return;
        }
        try (NamedStatement q = NamedStatement.prepare(c, """
                UPDATE building_progress p
                   SET subarea_code = sb.subarea_code, street_code = sb.street_code
                  FROM unnest(CAST(:areas AS text[])) AS a(code), subarea_building sb
                 -- a range of the primary key: the area's subareas 000 to 999
                 WHERE p.subarea_code BETWEEN CAST(a.code || '000' AS bpchar) AND CAST(a.code || '999' AS bpchar)
                   AND sb.bid = p.bid
                   AND NOT EXISTS (SELECT 1 FROM subarea_building o WHERE o.subarea_code = p.subarea_code AND o.bid = p.bid)
                   AND (SELECT count(*) FROM subarea_building x WHERE x.bid = p.bid) = 1
                   AND NOT EXISTS (SELECT 1 FROM building_progress q WHERE q.subarea_code = sb.subarea_code AND q.bid = p.bid)
                """)) {
            q.set("areas", areas.toArray(String[]::new)).statement().executeUpdate();
        }
    }

    /**
     * The reports of a subarea in order of arrival; only the conflicts when {@code conflictsOnly},
     * then with those sent for a building an edit has moved here since, which are decided here
     * ({@link ReportResolutionStore#decidedIn}).
     */
    public List<Stored> reports(String subareaCode, boolean conflictsOnly) throws SQLException {
        try (Connection c = dataSource.getConnection(); NamedStatement q = NamedStatement.prepare(c, """
                SELECT r.report_id, r.subarea_code, r.bid, r.status, r.households, r.device_time, r.received_at,
                       r.reported_by, r.outcome, r.conflicts_with, d.decision, d.reason, d.resolved_by, d.resolved_at
                  FROM progress_report r LEFT JOIN report_resolution d ON d.report_id = r.report_id
                 WHERE (r.outcome = 'conflict' OR NOT :conflictsOnly)
                   AND (r.subarea_code = :subarea
                        -- a conflict sent for a building an edit has registered here since waits for a decision here
                        OR (:conflictsOnly AND EXISTS (SELECT 1 FROM building_progress p WHERE p.subarea_code = :subarea AND p.bid = r.bid)
                            AND NOT EXISTS (SELECT 1 FROM building_progress p WHERE p.subarea_code = r.subarea_code AND p.bid = r.bid)))
                 ORDER BY r.received_at, r.report_id
                """)) {
            q.set("subarea", subareaCode).set("conflictsOnly", conflictsOnly);
            List<Stored> rows = new ArrayList<>();
            try (ResultSet rs = q.statement().executeQuery()) {
                while (rs.next()) {
                    rows.add(new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
                            rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11) == null ? null
                                    : new ReportResolutionStore.Decision(rs.getString(11), rs.getString(12), rs.getString(13),
                                            rs.getObject(14, OffsetDateTime.class))));
                }
            }
            return rows;
        }
    }
}
