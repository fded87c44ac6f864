package cn.jining.census.assign;

import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import cn.jining.census.model.DivisionCode;
import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import cn.jining.census.security.TokenIdentityProvider;
import cn.jining.census.store.AssignmentStore;
import cn.jining.census.store.AssignmentStore.AreaRow;
import cn.jining.census.store.AssignmentStore.AssignmentRow;
import cn.jining.census.store.AssignmentStore.Kind;
import cn.jining.census.store.AssignmentStore.Outcome;
import cn.jining.census.store.AssignmentStore.StaffRow;
import cn.jining.census.store.AssignmentStore.SubareaRow;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Assignments, {@code /api/v1/assignments}: who works where in a scope, one assignment by hand
 * ({@code PUT}/{@code DELETE}, with the people the caller saw on the unit: 409 when they changed),
 * proposals (preview, then accept) and the workload spread.
 *
 * <p>Reading: any role, inside its scopes. Changing: administrators, and planners inside their
 * streets. A person is assigned only inside their own street office.
 */
@Path("/api/v1/assignments")
@Produces(MediaType.APPLICATION_JSON)
public class AssignmentResource {

    /** Someone assigned, as listed. */
    public record Assignee(String personId, String name) {
    }

    /** A subarea with its enumerators. */
    public record StaffedSubarea(String code, String area, int households, List<Assignee> enumerators) {
    }

    /** A census area with its supervisors. */
    public record StaffedArea(String code, String name, int households, List<Assignee> supervisors) {
    }

    /** Who works where in a scope. */
    public record ScopeAssignments(String scope, List<StaffedSubarea> subareas, List<StaffedArea> areas) {
    }

    /** What a change by hand sends: the people of the unit as the caller saw them (may be empty). */
    public record Seen(List<String> seen) {
    }

    /** A unit's people after a change. */
    public record UnitPeople(String kind, String code, List<String> people) {
    }

    private final AssignmentStore store;
    private final ProposeAssignments proposals;
    private final SecurityIdentity identity;
    private final TokenIdentityProvider identities;

    public AssignmentResource(AssignmentStore store, ProposeAssignments proposals, SecurityIdentity identity,
            TokenIdentityProvider identities) {
        this.store = store;
        this.proposals = proposals;
        this.identity = identity;
        this.identities = identities;
    }

    /** The subareas and areas of {@code scope} with the people assigned to them. */
    @GET
    @RolesAllowed({ Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.ENUMERATOR })
    public ScopeAssignments list(@QueryParam("scope") String scope) throws SQLException {
        String code = readableScope(scope);
        Map<String, List<Assignee>> people = new LinkedHashMap<>();
        for (AssignmentRow a : store.assignments(code, false)) {
            people.computeIfAbsent(a.kind() + a.unitCode(), k -> new ArrayList<>())
                    .add(new Assignee(a.personId(), a.personName()));
        }
        Caller caller = Caller.of(identity);
        List<StaffedSubarea> subareas = new ArrayList<>();
        for (SubareaRow s : store.subareas(code)) {
            if (caller.mayTouch(s.code())) {
                subareas.add(new StaffedSubarea(s.code(), s.areaCode(), s.households(),
                        people.getOrDefault(Kind.ENUMERATOR + s.code(), List.of())));
            }
        }
        List<StaffedArea> areas = new ArrayList<>();
        for (AreaRow a : store.areas(code)) {
            if (caller.mayTouch(a.code())) {
                areas.add(new StaffedArea(a.code(), a.name(), a.households(),
                        people.getOrDefault(Kind.SUPERVISOR + a.code(), List.of())));
            }
        }
        return new ScopeAssignments(code, subareas, areas);
    }

    /** Assigns an enumerator to a subarea; body {@code {"seen": [ids the caller saw on it]}}. */
    @PUT
    @Path("subareas/{code}/enumerators/{person}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public UnitPeople assignEnumerator(@PathParam("code") String code, @PathParam("person") String person, Seen seen)
            throws SQLException {
        return change(Kind.ENUMERATOR, code, person, seenOf(seen), true);
    }

    /** Ends an enumerator's assignment; {@code ?seen=A,B} the ids the caller saw on the subarea. */
    @DELETE
    @Path("subareas/{code}/enumerators/{person}")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public UnitPeople unassignEnumerator(@PathParam("code") String code, @PathParam("person") String person,
            @QueryParam("seen") String seen) throws SQLException {
        return change(Kind.ENUMERATOR, code, person, seenOf(seen), false);
    }

    /** Assigns a supervisor to a census area; body as for enumerators. */
    @PUT
    @Path("areas/{code}/supervisors/{person}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public UnitPeople assignSupervisor(@PathParam("code") String code, @PathParam("person") String person, Seen seen)
            throws SQLException {
        return change(Kind.SUPERVISOR, code, person, seenOf(seen), true);
    }

    /** Ends a supervisor's assignment; {@code ?seen=} as for enumerators. */
    @DELETE
    @Path("areas/{code}/supervisors/{person}")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public UnitPeople unassignSupervisor(@PathParam("code") String code, @PathParam("person") String person,
            @QueryParam("seen") String seen) throws SQLException {
        return change(Kind.SUPERVISOR, code, person, seenOf(seen), false);
    }

    /**
     * Makes a proposal and stores it for preview: with {@code scope} only, people for every
     * subarea and area of the scope that has nobody; with {@code replace=ID}, who takes over the
     * units of that person ({@code by=ID} names the successor, else the nearest with room).
     */
    @POST
    @Path("proposals")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public Response propose(@QueryParam("scope") String scope, @QueryParam("replace") String replace,
            @QueryParam("by") String by) throws SQLException {
        String actor = Caller.of(identity).login();
        ProposeAssignments.Proposal proposal;
        if (replace != null && !replace.isBlank()) {
            StaffRow leaving = activePerson("replace", replace);
            writableScope(leaving.streetCode());
            Optional<StaffRow> successor = by == null || by.isBlank() ? Optional.empty()
                    : Optional.of(activePerson("by", by));
            try {
                proposal = proposals.replace(actor, leaving, successor);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(e.getMessage());
            }
        } else {
            proposal = proposals.balance(actor, writableScope(scope));
        }
        return Response.created(URI.create("/api/v1/assignments/proposals/" + proposal.id())).entity(proposal).build();
    }

    /** A stored proposal as previewed. */
    @GET
    @Path("proposals/{id}")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public ProposeAssignments.Proposal proposal(@PathParam("id") long id) throws SQLException {
        ProposeAssignments.Proposal proposal = proposals.find(id)
                .orElseThrow(() -> new NotFoundException("id: no proposal " + id));
        writableScope(proposal.scope());
        return proposal;
    }

    /** Applies a proposal exactly as previewed; 409 when its scope changed since, or accepted before. */
    @POST
    @Path("proposals/{id}/accept")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public ProposeAssignments.Proposal accept(@PathParam("id") long id) throws SQLException {
        ProposeAssignments.Proposal proposal = proposal(id);
        try {
            return proposals.accept(Caller.of(identity).login(), proposal);
        } catch (ProposeAssignments.Stale e) {
            throw new ClientErrorException(e.getMessage(), 409);
        }
    }

    /** Households per enumerator in the scope: min, max, mean, standard deviation, the overloaded. */
    @GET
    @Path("workload")
    @RolesAllowed({ Role.ADMIN, Role.PLANNER })
    public WorkloadSpread workload(@QueryParam("scope") String scope) throws SQLException {
        return proposals.spread(writableScope(scope));
    }

    private UnitPeople change(Kind kind, String code, String person, List<String> seen, boolean add)
            throws SQLException {
        int digits = kind == Kind.ENUMERATOR ? 15 : 12;
        if (code == null || !code.matches("[0-9]{" + digits + "}")) {
            throw new BadRequestException("code: a " + (kind == Kind.ENUMERATOR ? "subarea" : "census area") + " code of "
                    + digits + " digits is required, got '" + code + "'");
        }
        Caller caller = Caller.of(identity);
        if (!caller.mayTouch(code)) {
            throw new ForbiddenException("code: " + code + " is outside your streets");
        }
        Outcome outcome = add ? store.assign(caller.login(), kind, code, person, seen)
                : store.unassign(caller.login(), kind, code, person, seen);
        List<String> now = store.peopleOf(kind, code);
        switch (outcome) {
            case DONE -> identities.forgetCachedUsers(store.userIds(List.of(person)));
            case NO_UNIT -> throw new NotFoundException("code: no " + (kind == Kind.ENUMERATOR ? "subarea " : "census area ") + code);
            case NO_PERSON -> throw new NotFoundException("person: no person '" + person + "' on the roster");
            case INACTIVE -> throw new ClientErrorException("person: " + person + " is deactivated", 409);
            case WRONG_ROLE -> throw new BadRequestException("person: " + person + " is not a " + kind.role);
            case OTHER_STREET -> throw new BadRequestException("person: " + person + " works for another street office than "
                    + code.substring(0, 9));
            case STALE -> throw new ClientErrorException("seen: the people of " + code + " are now " + now
                    + ", not " + seen + "; reload and try again", 409);
        }
        return new UnitPeople(kind.role, code, now);
    }

    private static List<String> seenOf(Seen seen) {
        if (seen == null || seen.seen() == null) {
            throw new BadRequestException("seen: the list of person ids the unit had when you looked (may be empty) is required");
        }
        return seen.seen();
    }

    private static List<String> seenOf(String seen) {
        if (seen == null) {
            throw new BadRequestException("seen: the person ids the unit had when you looked, separated by commas, are required");
        }
        return Arrays.stream(seen.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private StaffRow activePerson(String field, String id) throws SQLException {
        return store.staffMember(id).orElseThrow(() -> new NotFoundException(field + ": no active person '" + id + "'"));
    }

    private String readableScope(String scope) {
        String code = parseScope(scope, Set.of(DivisionCode.Level.DISTRICT, DivisionCode.Level.STREET,
                DivisionCode.Level.AREA, DivisionCode.Level.SUBAREA));
        Caller caller = Caller.of(identity);
        // a supervisor or enumerator reads inside their scopes, or the street or area around them
        if (!caller.mayTouch(code) && caller.scopes().stream().noneMatch(s -> s.startsWith(code))) {
            throw new ForbiddenException("scope: " + code + " is outside your scopes");
        }
        return code;
    }

    private String writableScope(String scope) {
        String code = parseScope(scope, Set.of(DivisionCode.Level.DISTRICT, DivisionCode.Level.STREET,
                DivisionCode.Level.AREA));
        if (!Caller.of(identity).mayTouch(code)) {
            throw new ForbiddenException("scope: " + code + " is outside your streets");
        }
        return code;
    }

    private static String parseScope(String scope, Set<DivisionCode.Level> levels) {
        return Optional.ofNullable(scope).map(String::strip).flatMap(DivisionCode::parse)
                .filter(c -> levels.contains(c.level())).map(DivisionCode::value)
                .orElseThrow(() -> new BadRequestException("scope: a division code of "
                        + (levels.contains(DivisionCode.Level.SUBAREA) ? "6, 9, 12 or 15" : "6, 9 or 12")
                        + " digits is required, got '" + scope + "'"));
    }
}
