package cn.jining.census.collect;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import cn.jining.census.store.BuildingMarkingStore;
import cn.jining.census.store.BuildingMarkingStore.Result;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Building marking (建筑物标绘) inside the caller's subareas.
 *
 * <ul>
 * <li>{@code GET /api/v1/app/buildings/{bid}[?subarea=CODE]}: one building with its number and progress.</li>
 * <li>{@code POST /api/v1/app/buildings} {@code {subarea, geometry, floors, use, households, address, reason}}:
 * adds a building found on the ground (201).</li>
 * <li>{@code POST /api/v1/app/buildings/{bid}} {@code {subarea, version, geometry?, households?, floors?, reason}}:
 * moves it (a new outline) and/or sets its households or floors.</li>
 * </ul>
 * 403 for another person's subarea or building, 404 for an unknown one, 409 when the building's
 * version is not the one the change was made on, 422 naming the coordinate when the outline
 * leaves the subarea or overlaps another building, 400 naming a malformed or unknown field.
 * Every change is in the edit log.
 */
@Path("/api/v1/app/buildings")
public class BuildingMarkingResource {

    static final Set<String> ADD_FIELDS = Set.of("subarea", "geometry", "floors", "use", "households", "address", "reason");
    static final Set<String> CHANGE_FIELDS = Set.of("subarea", "version", "geometry", "households", "floors", "reason");
    private static final Set<String> USES = Set.of("住宅", "商业", "工业", "公共", "其他");

    /** A new building as the app sends it. */
    public record NewBuilding(String subarea, JsonNode geometry, Integer floors, String use, Integer households,
            String address, String reason) {
    }

    /** A change as the app sends it; absent fields stay as they are. */
    public record Change(String subarea, Long version, JsonNode geometry, Integer households, Integer floors,
            String reason) {
    }

    private final BuildingMarkingStore store;
    private final AssignmentQuery assignments;
    private final SecurityIdentity identity;
    private final ObjectMapper json;
    private final Footprints footprints;

    public BuildingMarkingResource(BuildingMarkingStore store, AssignmentQuery assignments, SecurityIdentity identity,
            ObjectMapper json, AppSettings settings) {
        this.store = store;
        this.assignments = assignments;
        this.identity = identity;
        this.json = json;
        this.footprints = new Footprints(settings);
    }

    @GET
    @Path("{bid}")
    @RolesAllowed({ Role.ENUMERATOR, Role.SUPERVISOR, Role.ADMIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One building of the caller's subareas, with its number and progress")
    public AssignmentQuery.Building one(@PathParam("bid") String bid, @QueryParam("subarea") String subarea)
            throws SQLException {
        String code = subareaOf(bid, subarea);
        return assignments.building(code, bid).orElseThrow(() -> new NotFoundException("bid: no building " + bid));
    }

    @POST
    @RolesAllowed({ Role.ENUMERATOR, Role.SUPERVISOR, Role.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a building found on the ground to one of the caller's subareas")
    @RequestBody(description = "{subarea, geometry (GeoJSON Polygon, lon/lat), floors, use (住宅|商业|工业|公共|其他), households, address, reason}")
    public Response add(JsonNode body) throws SQLException {
        NewBuilding b = RequestFields.bind(json, body, ADD_FIELDS, NewBuilding.class, "body");
        Caller caller = Caller.of(identity);
        String subarea = AppAccess.subarea(caller, b.subarea(), "subarea");
        Footprints.Footprint footprint = footprints.read(b.geometry(), "geometry");
        String use = b.use() == null ? "住宅" : b.use();
        if (!USES.contains(use)) {
            throw new BadRequestException("use: one of " + String.join(", ", List.copyOf(USES).stream().sorted().toList())
                    + ", got '" + use + "'");
        }
        Result result = store.add(new BuildingMarkingStore.NewBuilding(subarea, footprint.projected(),
                floors(b.floors()), use, households(b.households() == null ? 0 : b.households()), b.address()),
                caller.login(), b.reason(), (outline, projected) -> Footprints.outside(footprint, outline, subarea));
        return Response.status(Response.Status.CREATED).entity(done(result)).build();
    }

    @POST
    @Path("{bid}")
    @RolesAllowed({ Role.ENUMERATOR, Role.SUPERVISOR, Role.ADMIN })
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move a building of the caller's subarea and/or set its households or floors")
    @RequestBody(description = "{subarea, version (as read), geometry?, households?, floors?, reason}")
    public BuildingMarkingStore.Marked change(@PathParam("bid") String bid, JsonNode body) throws SQLException {
        Change change = RequestFields.bind(json, body, CHANGE_FIELDS, Change.class, "body");
        Caller caller = Caller.of(identity);
        String subarea = AppAccess.subarea(caller, change.subarea(), "subarea");
        if (change.version() == null) {
            throw new BadRequestException("version: the building's version as you read it is required");
        }
        if (change.geometry() == null && change.households() == null && change.floors() == null) {
            throw new BadRequestException("body: nothing to change; give geometry, households or floors");
        }
        Optional<Footprints.Footprint> footprint = Optional.ofNullable(change.geometry()).map(g -> footprints.read(g, "geometry"));
        Result result = store.change(new BuildingMarkingStore.Change(bid, subarea, change.version(),
                footprint.map(Footprints.Footprint::projected).orElse(null),
                change.households() == null ? null : households(change.households()), floors(change.floors())),
                caller.login(), change.reason(),
                (outline, projected) -> Footprints.outside(footprint.orElseThrow(), outline, subarea));
        return done(result);
    }

    /** The subarea the caller reads the building in: the one given, else the first of theirs registering it. */
    private String subareaOf(String bid, String subarea) throws SQLException {
        Caller caller = Caller.of(identity);
        if (subarea != null) {
            return AppAccess.subarea(caller, subarea, "subarea");
        }
        List<String> registering = assignments.subareasOf(bid);
        if (registering.isEmpty()) {
            throw new NotFoundException("bid: no building " + bid + " registered in a subarea");
        }
        return registering.stream().filter(caller::mayTouch).findFirst()
                .orElseThrow(() -> new ForbiddenException("bid: building " + bid + " is not in your subareas"));
    }

    private static BuildingMarkingStore.Marked done(Result result) {
        return switch (result.kind()) {
            case DONE -> result.building();
            case NOT_FOUND -> throw new NotFoundException(result.message());
            case STALE -> throw new ClientErrorException(result.message(), Response.Status.CONFLICT);
            case REFUSED -> throw new UnprocessableException(result.message());
        };
    }

    private static int households(int households) {
        if (households < 0 || households > 999) {
            throw new BadRequestException("households: between 0 and 999, got " + households);
        }
        return households;
    }

    private static Integer floors(Integer floors) {
        if (floors != null && (floors < 0 || floors > 300)) {
            throw new BadRequestException("floors: between 0 and 300, got " + floors);
        }
        return floors;
    }
}
