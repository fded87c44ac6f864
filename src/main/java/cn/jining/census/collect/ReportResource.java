package cn.jining.census.collect;

import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import cn.jining.census.store.ProgressReportStore;
import cn.jining.census.store.ProgressReportStore.Incoming;
import cn.jining.census.store.ProgressReportStore.Receipt;
import cn.jining.census.store.ReportResolutionStore;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Progress reports per building from the phones.
 *
 * <ul>
 * <li>{@code POST /api/v1/app/reports} {@code {id, subarea, bid, status, households, deviceTime}}: one report.</li>
 * <li>{@code POST /api/v1/app/reports/batch} {@code {reports: [...]}}: up to {@code census.app.max-batch}
 * reports in one transaction, answered {@code {receipts: [...]}} in the same order.</li>
 * <li>{@code GET /api/v1/app/reports?subarea=CODE[&conflicts=true]}: a subarea's reports as stored,
 * each conflict with the decision taken on it ({@code resolution}, null while it waits); the
 * conflicts also list those sent for a building an edit has registered in the subarea since.</li>
 * <li>{@code POST /api/v1/app/reports/{id}/resolution} {@code {decision, reason}}: a supervisor of
 * the area where the report's building is now (or an administrator) decides a conflict:
 * {@code apply} makes the report the building's state, {@code dismiss} keeps the state; a reason
 * is required. 404 for an unknown report, 403 outside the caller's scopes, 409 for a report that is not a conflict, one decided
 * already, or (apply) a building whose state changed since ({@link ReportResolutionStore}).</li>
 * </ul>
 * {@code id} is made by the phone (8–64 of A–Z a–z 0–9 _ -, e.g. a UUID): sent again it is answered
 * with the same receipt and counted once. {@code status} is {@code registered}, {@code vacant},
 * {@code refused}, {@code pending} or its label 已登记, 空户, 拒访, 待访. {@code deviceTime} is the
 * phone's ISO-8601 time with offset; more than a day ahead of the server is refused. A receipt is
 * answered only after the report is committed; its {@code outcome} is {@code applied}, {@code same}
 * or {@code conflict} (see {@link ProgressReportStore}). A batch is checked whole before anything
 * is stored: one bad report is 400/403/404 naming {@code reports[i].field}, and nothing is stored.
 */
@Path("/api/v1/app/reports")
public class ReportResource {

    static final Set<String> REPORT_FIELDS = Set.of("id", "subarea", "bid", "status", "households", "deviceTime");
    static final Set<String> BATCH_FIELDS = Set.of("reports");
    static final Set<String> RESOLUTION_FIELDS = Set.of("decision", "reason");
    private static final int MAX_REASON = 500;
    private static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Duration CLOCK_SLACK = Duration.ofDays(1);

    /** A report as the phone sends it. */
    public record Report(String id, String subarea, String bid, String status, Integer households, String deviceTime) {
    }

    /** A batch as the phone sends it. */
    public record Batch(List<JsonNode> reports) {
    }

    /** The receipts of a batch, in the order of its reports. */
    public record Receipts(List<Receipt> receipts) {
    }

    /** A decision on a conflict as a supervisor sends it. */
    public record Decision(String decision, String reason) {
    }

    /** A stored report with its status label. */
    public record StoredReport(ProgressReportStore.Stored report, String label) {
    }

    private final ProgressReportStore store;
    private final ReportResolutionStore resolutions;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final AppSettings settings;

    public ReportResource(ProgressReportStore store, ReportResolutionStore resolutions, SecurityIdentity identity,
            ObjectMapper json, AppSettings settings) {
        this.store = store;
        this.resolutions = resolutions;
        this.identity = identity;
        this.json = json;
        this.settings = settings;
    }

    @POST
    @RolesAllowed({ Role.ENUMERATOR, Role.SUPERVISOR, Role.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One progress report; sent again with the same id it is answered the same and counted once")
    @RequestBody(description = "{id, subarea, bid, status, households, deviceTime}")
    public Receipt one(JsonNode body) throws SQLException {
        return ingest(List.of(body), "body").get(0);
    }

    @POST
    @Path("batch")
    @RolesAllowed({ Role.ENUMERATOR, Role.SUPERVISOR, Role.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Many progress reports in one transaction; receipts in the same order")
    @RequestBody(description = "{reports: [{id, subarea, bid, status, households, deviceTime}, …]}")
    public Receipts batch(JsonNode body) throws SQLException {
        Batch batch = RequestFields.bind(json, body, BATCH_FIELDS, Batch.class, "body");
        if (batch.reports() == null || batch.reports().isEmpty()) {
            throw new BadRequestException("reports: at least one report is required");
        }
        if (batch.reports().size() > settings.maxBatch()) {
            throw new BadRequestException("reports: " + batch.reports().size() + " reports, at most " + settings.maxBatch()
                    + " in one batch (census.app.max-batch)");
        }
        return new Receipts(ingest(batch.reports(), "reports"));
    }

    @GET
    @RolesAllowed({ Role.ENUMERATOR, Role.SUPERVISOR, Role.PLANNER, Role.ADMIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The reports of one of the caller's subareas in order of arrival; conflicts=true for the conflicts alone")
    public List<StoredReport> ofSubarea(@QueryParam("subarea") String subarea, @QueryParam("conflicts") boolean conflicts)
            throws SQLException {
        String code = AppAccess.subarea(Caller.of(identity), subarea, "subarea");
        return store.reports(code, conflicts).stream().map(r -> new StoredReport(r, ReportStatus.labelOf(r.status()))).toList();
    }

    @POST
    @Path("{id}/resolution")
    @RolesAllowed({ Role.SUPERVISOR, Role.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A supervisor's decision on a conflicting report: apply it as the building's state, or dismiss it")
    @RequestBody(description = "{decision: apply | dismiss, reason}")
    public ReportResolutionStore.Resolution resolve(@PathParam("id") String id, JsonNode body) throws SQLException {
        String subarea = resolutions.decidedIn(id).orElseThrow(() -> new NotFoundException("id: no report '" + id + "'"));
        Caller caller = Caller.of(identity);
        if (!caller.mayTouch(subarea)) {
            throw new ForbiddenException("id: the building of report " + id + " is in subarea " + subarea + ", not one of yours");
        }
        Decision decision = RequestFields.bind(json, body, RESOLUTION_FIELDS, Decision.class, "body");
        if (!"apply".equals(decision.decision()) && !"dismiss".equals(decision.decision())) {
            throw new BadRequestException("decision: apply or dismiss, got '" + decision.decision() + "'");
        }
        if (decision.reason() == null || decision.reason().isBlank() || decision.reason().strip().length() > MAX_REASON) {
            throw new BadRequestException("reason: why, in 1 to " + MAX_REASON + " characters, is required");
        }
        try {
            return resolutions.resolve(id, subarea, "apply".equals(decision.decision()), decision.reason().strip(), caller.login());
        } catch (ReportResolutionStore.Refused e) {
            if (e.status() == 404) {
                throw new NotFoundException(e.getMessage());
            }
            throw new ClientErrorException(e.getMessage(), e.status());
        }
    }

    private List<Receipt> ingest(List<JsonNode> bodies, String where) throws SQLException {
        Caller caller = Caller.of(identity);
        boolean batch = where.equals("reports");
        List<Incoming> reports = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            String at = batch ? where + "[" + i + "]" : where;
            reports.add(incoming(RequestFields.bind(json, bodies.get(i), REPORT_FIELDS, Report.class, at), caller, at));
        }
        List<Integer> unregistered = store.unregistered(reports);
        if (!unregistered.isEmpty()) {
            int i = unregistered.get(0);
            throw new NotFoundException((batch ? where + "[" + i + "]" : where) + ".bid: no building "
                    + reports.get(i).bid() + " in subarea " + reports.get(i).subareaCode());
        }
        return store.ingest(reports, caller.login());
    }

    private static Incoming incoming(Report r, Caller caller, String at) {
        if (r.id() == null || !REPORT_ID.matcher(r.id()).matches()) {
            throw new BadRequestException(at + ".id: 8 to 64 characters of A-Z a-z 0-9 _ - are required, got '" + r.id() + "'");
        }
        String subarea = AppAccess.subarea(caller, r.subarea(), at + ".subarea");
        if (r.bid() == null || r.bid().isBlank()) {
            throw new BadRequestException(at + ".bid: the building id is required");
        }
        ReportStatus status = ReportStatus.named(r.status() == null ? "" : r.status())
                .orElseThrow(() -> new BadRequestException(at + ".status: one of " + ReportStatus.names() + ", got '" + r.status() + "'"));
        if (r.households() == null || r.households() < 0 || r.households() > 999) {
            throw new BadRequestException(at + ".households: between 0 and 999 is required, got " + r.households());
        }
        if (r.deviceTime() == null) {
            throw new BadRequestException(at + ".deviceTime: the phone's time (ISO-8601 with offset) is required");
        }
        OffsetDateTime deviceTime;
        try {
            deviceTime = OffsetDateTime.parse(r.deviceTime());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(at + ".deviceTime: not an ISO-8601 time with offset: '" + r.deviceTime() + "'");
        }
        if (deviceTime.isAfter(OffsetDateTime.now().plus(CLOCK_SLACK))) {
            throw new BadRequestException(at + ".deviceTime: " + r.deviceTime() + " lies more than a day in the future");
        }
        return new Incoming(r.id(), subarea, r.bid().strip(), status.code(), r.households(), deviceTime);
    }
}
