package cn.jining.census.delineate;

import java.net.URI;
import java.sql.SQLException;
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
import jakarta.ws.rs.core.Response;

import cn.jining.census.model.DivisionCode;
import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import cn.jining.census.store.SubareaEditStore;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Named versions of an area's subareas (摸底版, 标准时点版 …).
 *
 * <ul>
 * <li>{@code POST /api/v1/areas/{area}/versions} {@code {name}}: names the current state (201; 409 when
 * the name is taken)</li>
 * <li>{@code GET /api/v1/areas/{area}/versions}: the named versions, oldest first</li>
 * <li>{@code GET /api/v1/areas/{area}/versions/diff?from=ID[&to=ID]}: subareas that changed
 * (households before and after, geometry changed or not) and buildings registered elsewhere, from
 * one version to another or to the current state</li>
 * <li>{@code POST /api/v1/areas/{area}/versions/{id}/restore} {@code {reason}}: makes a version current
 * again; undo brings back the state it replaced</li>
 * </ul>
 */
@Path("/api/v1/areas/{area}/versions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    public record NameRequest(String name) {
    }

    public record RestoreRequest(String reason) {
    }

    public record Named(long id, String name) {
    }

    public record Diff(long from, Long to, List<SubareaEditStore.Difference> subareas, List<SubareaEditStore.Moved> buildings,
            int householdsMoved) {
    }

    public record Restored(String area, long version) {
    }

    private final SubareaEditStore store;
    private final SecurityIdentity identity;

    public VersionResource(SubareaEditStore store, SecurityIdentity identity) {
        this.store = store;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public Response name(@PathParam("area") String area, NameRequest body) throws SQLException {
        allowed(area);
        if (body == null || body.name() == null || body.name().isBlank() || body.name().length() > 60) {
            throw new BadRequestException("name: 1–60 characters required, e.g. 摸底版");
        }
        String name = body.name().strip();
        try {
            long id = store.saveVersion(area, name, identity.getPrincipal().getName())
                    .orElseThrow(() -> new ClientErrorException("name: '" + name + "' names a version of " + area + " already", 409));
            return Response.created(URI.create("/api/v1/areas/" + area + "/versions/" + id)).entity(new Named(id, name)).build();
        } catch (SubareaEditStore.NothingToEdit e) {
            throw new NotFoundException("area: " + e.getMessage());
        }
    }

    @GET
    public List<SubareaEditStore.Saved> list(@PathParam("area") String area) throws SQLException {
        allowed(area);
        return store.versions(area);
    }

    @GET
    @Path("diff")
    public Diff diff(@PathParam("area") String area, @QueryParam("from") Long from, @QueryParam("to") Long to)
            throws SQLException {
        allowed(area);
        if (from == null) {
            throw new BadRequestException("from: the id of a named version is required (to: another, or none for now)");
        }
        Map.Entry<List<SubareaEditStore.Difference>, List<SubareaEditStore.Moved>> d = store.diff(area, from, to)
                .orElseThrow(() -> new NotFoundException("from/to: no such named version of " + area));
        int moved = d.getValue().stream().mapToInt(SubareaEditStore.Moved::households).sum();
        return new Diff(from, to, d.getKey(), d.getValue(), moved);
    }

    @POST
    @Path("{id}/restore")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public Restored restore(@PathParam("area") String area, @PathParam("id") long id, RestoreRequest body) throws SQLException {
        allowed(area);
        try {
            long version = store.restoreVersion(area, id, identity.getPrincipal().getName(), body == null ? null : body.reason())
                    .orElseThrow(() -> new NotFoundException("id: no named version " + id + " of " + area));
            return new Restored(area, version);
        } catch (SubareaEditStore.NothingToEdit e) {
            throw new NotFoundException("area: " + e.getMessage());
        }
    }

    private void allowed(String area) {
        if (DivisionCode.parse(area).filter(c -> c.level() == DivisionCode.Level.AREA).isEmpty()) {
            throw new BadRequestException("area: a census area code of 12 digits is required, got '" + area + "'");
        }
        if (!Caller.of(identity).mayTouch(area)) {
            throw new ForbiddenException("area: " + area + " is outside your scopes");
        }
    }
}
