package cn.jining.census.collect;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * What an enumerator (or a supervisor, for their areas) works on: {@code GET /api/v1/app/me} and
 * the offline package {@code GET /api/v1/app/package.gpkg}. Both answer only the subareas inside
 * the caller's scopes, so there is no parameter through which another person's work could be
 * asked for. Planners and administrators have no assignment here (403).
 */
@Path("/api/v1/app")
@RolesAllowed({ Role.ENUMERATOR, Role.SUPERVISOR })
public class AppResource {

    public static final String GEOPACKAGE = "application/geopackage+sqlite3";

    /** The caller and their subareas. */
    public record Assignment(String login, String displayName, String role, List<AssignmentQuery.Subarea> subareas) {
    }

    private final AssignmentQuery assignments;
    private final OfflinePackage offline;
    private final SecurityIdentity identity;

    public AppResource(AssignmentQuery assignments, OfflinePackage offline, SecurityIdentity identity) {
        this.assignments = assignments;
        this.offline = offline;
        this.identity = identity;
    }

    @GET
    @Path("me")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's subareas with boundary (GeoJSON, EPSG:4326), 四至 and numbered buildings with their progress")
    public Assignment me() throws SQLException {
        Caller caller = Caller.of(identity);
        return new Assignment(caller.login(), caller.displayName(), caller.role(), assignments.subareas(caller.scopes()));
    }

    @GET
    @Path("package.gpkg")
    @Produces({ GEOPACKAGE, MediaType.APPLICATION_JSON })
    @Operation(summary = "Offline GeoPackage of the caller's subareas (subareas, buildings, roads, water; EPSG:4326)",
            description = "Answers an ETag; with If-None-Match naming it, 304 and no body. 404 when nothing is assigned.")
    public Response offlinePackage(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch)
            throws SQLException, IOException {
        Caller caller = Caller.of(identity);
        if (assignments.count(caller.scopes()) == 0) {
            throw new NotFoundException("no census subarea is assigned to " + caller.login() + " yet");
        }
        EntityTag tag = new EntityTag(offline.etag(caller.scopes()));
        if (ifNoneMatch != null && matches(ifNoneMatch, tag)) {
            return Response.notModified(tag).build();
        }
        return Response.ok(offline.write(caller.scopes()), GEOPACKAGE)
                .tag(tag)
                .header("Content-Disposition", "attachment; filename=\"" + caller.login() + ".gpkg\"")
                .build();
    }

    /** True when the If-None-Match header lists the tag (or is {@code *}). */
    static boolean matches(String ifNoneMatch, EntityTag tag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals("\"" + tag.getValue() + "\"")) {
                return true;
            }
        }
        return false;
    }
}
