package cn.jining.census.check;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Coverage and rule checks over HTTP. Every request checks the scope afresh (a district in about
 * a second, an area in a few tens of milliseconds), so what a supervisor sees is the state of
 * the data now.
 *
 * <pre>
 * GET  /api/v1/coverage?scope=CODE                  report: {scope, summary, issues}
 * GET  /api/v1/coverage/layer?scope=CODE            the same issues as a GeoJSON FeatureCollection
 * POST /api/v1/coverage/issues/{id}/fix?scope=CODE  apply the issue's fix, answer the scope's new report
 * POST /api/v1/coverage/issues/{id}/exception       accept the issue as an exception: {"reason": "…"}
 * </pre>
 *
 * Scopes are 6-, 9- or 12-digit codes the caller may touch; geometries are GeoJSON in EPSG:4326.
 */
@Path("/api/v1/coverage")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CoverageResource {

    /** The body accepting an exception. */
    public record ExceptionRequest(String reason) {
    }

    /** The answer to an applied fix: the units changed and the scope's report afterwards. */
    public record FixApplied(String issue, List<String> changed, CoverageView coverage) {
    }

    private final CoverageService coverage;
    private final SecurityIdentity identity;

    public CoverageResource(CoverageService coverage, SecurityIdentity identity) {
        this.coverage = coverage;
        this.identity = identity;
    }

    /** Checks {@code scope} (a district, street or area code) and answers every issue found. */
    @GET
    public CoverageView check(@QueryParam("scope") String scope) throws SQLException {
        return checked(scope);
    }

    /** The issues of {@code scope} as a map layer: GeoJSON features with the issue's fields as properties. */
    @GET
    @Path("layer")
    @Produces("application/geo+json")
    public Map<String, Object> layer(@QueryParam("scope") String scope) throws SQLException {
        CoverageView view = checked(scope);
        List<Map<String, Object>> features = new ArrayList<>();
        for (CoverageView.IssueView i : view.issues()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("kind", i.kind());
            properties.put("label", i.label());
            properties.put("severity", i.severity());
            properties.put("status", i.status());
            properties.put("parent", i.parent());
            properties.put("street", i.street());
            properties.put("area", i.area());
            properties.put("codes", i.codes());
            properties.put("areaM2", i.areaM2());
            properties.put("message", i.message());
            properties.put("fix", i.fix());
            properties.put("exception", i.exception());
            Map<String, Object> feature = new LinkedHashMap<>();
            feature.put("type", "Feature");
            feature.put("id", i.id());
            feature.put("geometry", i.geometry());
            feature.put("properties", properties);
            features.add(feature);
        }
        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("type", "FeatureCollection");
        collection.put("features", features);
        return collection;
    }

    /**
     * Applies the fix of issue {@code id} in one transaction, logged in the edit log, and answers
     * the new report of {@code scope} (default: the place the issue was found). Every unit the
     * fix edits must lie inside the caller's scopes.
     */
    @POST
    @Path("issues/{id}/fix")
    @RolesAllowed({Role.ADMIN, Role.PLANNER, Role.SUPERVISOR})
    public FixApplied fix(@PathParam("id") String id, @QueryParam("scope") String scope) throws SQLException {
        Caller caller = Caller.of(identity);
        String place = scope;
        if (place == null || place.isBlank()) {
            place = coverage.issue(id).map(s -> s.issue().parentCode())
                    .orElseThrow(() -> new NotFoundException("id: no issue '" + id + "' recorded"));
        }
        validScope(place, caller);
        List<String> changed;
        try {
            changed = coverage.applyFix(id, caller.login(), caller::mayTouch);
        } catch (CoverageService.FixRefused e) {
            throw switch (e.status) {
                case 404 -> new NotFoundException(e.getMessage());
                case 403 -> new ForbiddenException(e.getMessage());
                default -> new ClientErrorException(e.getMessage(), e.status);
            };
        }
        return new FixApplied(id, changed, checked(place));
    }

    /** Accepts issue {@code id} as an exception; supervisors of one of its units and admins may. */
    @POST
    @Path("issues/{id}/exception")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.ADMIN, Role.SUPERVISOR})
    public CoverageView.IssueView accept(@PathParam("id") String id, ExceptionRequest request) throws SQLException {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw new BadRequestException("reason: a reason for accepting the exception is required");
        }
        if (request.reason().length() > 1000) {
            throw new BadRequestException("reason: at most 1000 characters");
        }
        Caller caller = Caller.of(identity);
        var stored = coverage.issue(id).orElseThrow(() -> new NotFoundException("id: no issue '" + id + "' recorded"));
        List<String> units = stored.issue().codes().stream().filter(c -> c.matches("\\d{6,15}")).toList();
        boolean mine = units.isEmpty() ? caller.mayTouch(stored.issue().parentCode()) : units.stream().anyMatch(caller::mayTouch);
        if (!mine) {
            throw new ForbiddenException("id: issue '" + id + "' concerns " + String.join("、", units) + ", outside your scopes");
        }
        coverage.acceptException(id, request.reason().strip(), caller.login());
        return coverage.issue(id).map(CoverageService::view).orElseThrow();
    }

    private CoverageView checked(String scope) throws SQLException {
        Caller caller = Caller.of(identity);
        validScope(scope, caller);
        CoverageService.Checked checked = coverage.check(scope)
                .orElseThrow(() -> new NotFoundException("scope: no district, street or area '" + scope + "'"));
        return coverage.view(scope, checked);
    }

    private static void validScope(String scope, Caller caller) {
        if (scope == null || !scope.matches("\\d{6}|\\d{9}|\\d{12}")) {
            throw new BadRequestException("scope: a district (6 digits), street (9) or area (12) code is required");
        }
        if (!caller.mayTouch(scope)) {
            throw new ForbiddenException("scope: " + scope + " is outside your scopes");
        }
    }
}
