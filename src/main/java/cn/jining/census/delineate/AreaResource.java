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
 * What planners do to a census area's subareas as a whole, and its history.
 *
 * <ul>
 * <li>{@code POST /api/v1/areas/{area}/renumber} {@code {version, reason}}: 001… in serpentine order,
 * made on the area's version ({@code area_version} of the subareas' GeoJSON); 409 when stale</li>
 * <li>{@code POST /api/v1/areas/{area}/undo} {@code {reason}}: back to the state before the latest
 * edit; 409 when there is none left</li>
 * <li>{@code GET /api/v1/areas/{area}/edits[?limit=N]}: the edit log, newest first: who, when,
 * what, why, before and after</li>
 * <li>{@code POST /api/v1/areas/{area}/versions} {@code {name}}: names the current state (摸底版,
 * 标准时点版 …); 201, 409 when the name is taken</li>
 * <li>{@code GET /api/v1/areas/{area}/versions}: the named versions, oldest first</li>
 * <li>{@code GET /api/v1/areas/{area}/versions/diff?from=ID[&to=ID]}: subareas that changed
 * (households before and after, geometry changed or not) and buildings registered elsewhere, from
 * one version to another or to the current state</li>
 * <li>{@code POST /api/v1/areas/{area}/versions/{id}/restore} {@code {reason}}: makes a version
 * current again; undo brings back the state it replaced</li>
 * </ul>
 * Renumbering, undo and restoring a version answer 409, naming them, when they would give subarea
 * codes that enumerators are assigned to other places (the assignment would silently send the
 * person elsewhere). Reading needs the area in the caller's scopes, changing it a planner of its street or an
 * administrator: 403 otherwise; 404 for an area without accepted subareas or an unknown version.
 */
@Path("/api/v1/areas/{area}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AreaResource {

    public record AreaEdit(Long version, String reason) {
    }

    public record NameRequest(String name) {
    }

    public record Named(long id, String name) {
    }

    public record Diff(long from, Long to, List<SubareaEditStore.Difference> subareas, List<SubareaEditStore.Moved> buildings,
            int householdsMoved) {
    }

    private final EditSubareas edits;
    private final EditReplies replies;
    private final SubareaEditStore store;
    private final SecurityIdentity identity;

    public AreaResource(EditSubareas edits, EditReplies replies, SubareaEditStore store, SecurityIdentity identity) {
        this.edits = edits;
        this.replies = replies;
        this.store = store;
        this.identity = identity;
    }

    @POST
    @Path("renumber")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    @Consumes(MediaType.APPLICATION_JSON)
    public EditReplies.EditAnswer renumber(@PathParam("area") String area, AreaEdit body) throws Exception {
        allowed(area);
        if (body == null || body.version() == null) {
            throw new BadRequestException("version: the area's version the renumbering is made on is required");
        }
        return replies.answer(area, EditReplies.guard(() -> edits.renumber(area, body.version(), who(), body.reason())));
    }

    @POST
    @Path("undo")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    @Consumes(MediaType.APPLICATION_JSON)
    public EditReplies.EditAnswer undo(@PathParam("area") String area, AreaEdit body) throws Exception {
        allowed(area);
        Long version = EditReplies.guard(() -> edits.undo(area, who(), body == null ? null : body.reason()));
        if (version == null) {
            throw new ClientErrorException("area: no edit of " + area + " left to undo", 409);
        }
        return replies.answer(area, new EditSubareas.Result(version, List.of(), List.of(), List.of()));
    }

    @GET
    @Path("edits")
    public List<Map<String, Object>> edits(@PathParam("area") String area, @QueryParam("limit") Integer limit)
            throws SQLException {
        allowed(area);
        return store.history(area, limit == null ? 100 : Math.max(1, Math.min(limit, 1000)));
    }

    @POST
    @Path("versions")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    @Consumes(MediaType.APPLICATION_JSON)
    public Response name(@PathParam("area") String area, NameRequest body) throws Exception {
        allowed(area);
        if (body == null || body.name() == null || body.name().isBlank() || body.name().length() > 60) {
            throw new BadRequestException("name: 1–60 characters required, e.g. 摸底版");
        }
        String name = body.name().strip();
        long id = EditReplies.guard(() -> store.saveVersion(area, name, who())).orElseThrow(
                () -> new ClientErrorException("name: '" + name + "' names a version of " + area + " already", 409));
        return Response.created(URI.create("/api/v1/areas/" + area + "/versions/" + id)).entity(new Named(id, name)).build();
    }

    @GET
    @Path("versions")
    public List<SubareaEditStore.Saved> versions(@PathParam("area") String area) throws SQLException {
        allowed(area);
        return store.versions(area);
    }

    @GET
    @Path("versions/diff")
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
    @Path("versions/{id}/restore")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    @Consumes(MediaType.APPLICATION_JSON)
    public EditReplies.EditAnswer restore(@PathParam("area") String area, @PathParam("id") long id, AreaEdit body)
            throws Exception {
        allowed(area);
        long version = EditReplies.guard(() -> store.restoreVersion(area, id, who(), body == null ? null : body.reason()))
                .orElseThrow(() -> new NotFoundException("id: no named version " + id + " of " + area));
        return replies.answer(area, new EditSubareas.Result(version, List.of(), List.of(), List.of()));
    }

    private String who() {
        return identity.getPrincipal().getName();
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
