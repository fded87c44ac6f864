package cn.jining.census.assign;

import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
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

import cn.jining.census.security.Caller;
import cn.jining.census.security.Role;
import cn.jining.census.security.TokenHash;
import cn.jining.census.security.TokenIdentityProvider;
import cn.jining.census.store.AccountStore;
import cn.jining.census.store.RosterStore;
import cn.jining.census.store.RosterStore.EndedAssignment;
import cn.jining.census.store.RosterStore.Outcome;
import cn.jining.census.store.RosterStore.Person;
import cn.jining.census.store.RosterStore.PersonFields;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The roster of enumerators (普查员) and supervisors (普查指导员), {@code /api/v1/people}:
 * import from CSV (all rows or none), list, edit, deactivate (history kept) and give a login.
 * Administrators may edit everyone, planners the people of their streets (403 otherwise).
 */
@Path("/api/v1/people")
@RolesAllowed({ Role.ADMIN, Role.PLANNER })
@Produces(MediaType.APPLICATION_JSON)
public class RosterResource {

    /** A person with the assignments that ended. */
    public record PersonWithHistory(Person person, List<EndedAssignment> history) {
    }

    /** A roster import that was stored. */
    public record Imported(int imported, List<String> people) {
    }

    /** A refused roster import: the error body plus every problem by line and field. */
    public record ImportRefused(int status, String error, String message, List<RosterCsv.RowError> errors) {
    }

    /** What an edit sends: every field, and the version the editor saw. */
    public record Edit(String name, String phone, String role, String street, String homeArea, Integer version) {
    }

    /** What a deactivation sends: the version seen and why. */
    public record Deactivation(Integer version, String reason) {
    }

    /** A person's login and a new token for it, shown once. */
    public record IssuedLogin(String personId, String login, String token) {
    }

    private final RosterStore roster;
    private final AccountStore accounts;
    private final SecurityIdentity identity;
    private final TokenIdentityProvider identities;

    public RosterResource(RosterStore roster, AccountStore accounts, SecurityIdentity identity,
            TokenIdentityProvider identities) {
        this.roster = roster;
        this.accounts = accounts;
        this.identity = identity;
        this.identities = identities;
    }

    /** The people of a street (or all the caller may see), active ones unless {@code inactive=true}. */
    @GET
    public List<Person> list(@QueryParam("street") @DefaultValue("") String street,
            @QueryParam("inactive") @DefaultValue("false") boolean inactive) throws SQLException {
        if (!street.isEmpty() && !street.matches("[0-9]{9}")) {
            throw new BadRequestException("street: a street code of 9 digits is required, got '" + street + "'");
        }
        Caller caller = Caller.of(identity);
        if (!street.isEmpty() && !caller.mayTouch(street)) {
            throw new ForbiddenException("street: " + street + " is outside your streets");
        }
        return roster.list(street, inactive).stream().filter(p -> caller.mayTouch(p.streetCode())).toList();
    }

    /** One person with their current and ended assignments. */
    @GET
    @Path("{id}")
    public PersonWithHistory get(@PathParam("id") String id) throws SQLException {
        Person person = editable(id);
        return new PersonWithHistory(person, roster.history(id));
    }

    /**
     * Imports a roster CSV ({@link RosterCsv}); {@code role} applies to rows without one. 200 with
     * the ids stored; 422 with every problem by line and field, and nothing stored, or 403 with the
     * same list when a row's street is not one of the caller's; 409 when an id was added by someone
     * else meanwhile.
     */
    @POST
    @Path("import")
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    public Response importCsv(String body, @QueryParam("role") String role) throws SQLException {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("body: a roster CSV with a header line is required");
        }
        Caller caller = Caller.of(identity);
        RosterCsv csv = new RosterCsv(new HashSet<>(roster.streets()), roster.areaStreets(), caller::mayTouch);
        RosterCsv.Parsed parsed = csv.parse(body, role);
        List<RosterCsv.RowError> errors = new ArrayList<>(parsed.errors());
        if (!parsed.rows().isEmpty()) {
            Map<String, Integer> lineOfId = new HashMap<>();
            for (int i = 0; i < parsed.rows().size(); i++) {
                lineOfId.put(parsed.rows().get(i).personId(), parsed.lines().get(i));
            }
            for (String existing : roster.existingIds(new ArrayList<>(lineOfId.keySet()))) {
                errors.add(new RosterCsv.RowError(lineOfId.get(existing), "id", existing,
                        "already on the roster; edit the person with PUT /api/v1/people/" + existing));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort((a, b) -> Integer.compare(a.line(), b.line()));
            // rows of another street are a matter of permission, not of the file: 403, still with every problem listed
            Optional<RosterCsv.RowError> forbidden = errors.stream()
                    .filter(e -> RosterCsv.OUTSIDE_YOUR_STREETS.equals(e.message())).findFirst();
            RosterCsv.RowError first = forbidden.orElse(errors.get(0));
            int status = forbidden.isPresent() ? 403 : 422;
            return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ImportRefused(status,
                    forbidden.isPresent() ? "Forbidden" : "Unprocessable Entity",
                    errors.size() + " problem(s) in the roster, nothing imported; the first" + (forbidden.isPresent() ? " refused" : "")
                            + ": line " + first.line() + ", " + first.field()
                            + (first.field().equals("*") || first.value().isEmpty() ? "" : " " + first.value()) + ": " + first.message(),
                    errors)).build();
        }
        try {
            roster.insertAll(caller.login(), parsed.rows());
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new ClientErrorException("id: a person of this roster was added meanwhile; nothing imported", 409);
            }
            throw e;
        }
        return Response.ok(new Imported(parsed.rows().size(), parsed.rows().stream().map(PersonFields::personId).toList()))
                .build();
    }

    /**
     * Replaces a person's fields. 409 when the version is stale, or when the street or role of a
     * person with assignments would change (end them first).
     */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Person edit(@PathParam("id") String id, Edit edit) throws SQLException {
        if (edit == null || edit.version() == null) {
            throw new BadRequestException("body: {name, phone, role, street, homeArea, version} is required");
        }
        Person before = editable(id);
        if (before.login() != null && edit.role() != null && !edit.role().equals(before.role())) {
            throw new ClientErrorException("role: " + id + " logs in as " + before.role()
                    + "; deactivate the person and add them again under a new id for the other role", 409);
        }
        Caller caller = Caller.of(identity);
        String row = "id,name,phone,role,street,home_area\n" + csvLine(id, edit.name(), edit.phone(), edit.role(),
                edit.street(), edit.homeArea());
        RosterCsv.Parsed parsed = new RosterCsv(new HashSet<>(roster.streets()), roster.areaStreets(), caller::mayTouch)
                .parse(row, null);
        if (!parsed.errors().isEmpty()) {
            RosterCsv.RowError e = parsed.errors().get(0);
            throw new BadRequestException(fieldName(e.field()) + ": " + e.message() + " (got '" + e.value() + "')");
        }
        Outcome outcome = roster.update(caller.login(), parsed.rows().get(0), edit.version());
        return switch (outcome) {
            case DONE -> roster.find(id).orElseThrow();
            case MISSING -> throw new NotFoundException("id: no person '" + id + "'");
            case STALE -> throw new ClientErrorException("version: person " + id + " was changed meanwhile; reload", 409);
            case ASSIGNED_ELSEWHERE -> throw new ClientErrorException("street, role: " + id
                    + " has assignments; end them before changing street or role", 409);
        };
    }

    /**
     * Deactivates a person: their assignments end (kept in the history), their login and tokens
     * are deactivated, the person stays listed with {@code inactive=true}. 409 when stale.
     */
    @POST
    @Path("{id}/deactivate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Person deactivate(@PathParam("id") String id, Deactivation request) throws SQLException {
        if (request == null || request.version() == null || request.reason() == null || request.reason().isBlank()) {
            throw new BadRequestException("body: {version, reason} is required");
        }
        Person person = editable(id);
        Caller caller = Caller.of(identity);
        Outcome outcome = roster.deactivate(caller.login(), id, request.version(), request.reason().strip());
        switch (outcome) {
            case MISSING -> throw new NotFoundException("id: no person '" + id + "'");
            case STALE -> throw new ClientErrorException("version: person " + id + " was changed meanwhile; reload", 409);
            default -> { }
        }
        Person deactivated = roster.find(id).orElseThrow();
        if (deactivated.login() != null) {
            identities.forgetCachedTokens();
        }
        return deactivated;
    }

    /**
     * Gives an active person a login (their id, role enumerator or supervisor, no scopes of its
     * own: the assignments give them) with a first token, or another token when they have a login.
     * The token is shown once.
     */
    @POST
    @Path("{id}/login")
    public Response giveLogin(@PathParam("id") String id) throws SQLException {
        Person person = editable(id);
        if (!person.active()) {
            throw new ClientErrorException("id: person " + id + " is deactivated", 409);
        }
        String actor = Caller.of(identity).login();
        String token = TokenHash.newToken();
        if (person.login() != null) {
            if (!accounts.addToken(actor, person.login(), TokenHash.sha256(token), "issued for roster person " + id)) {
                throw new ClientErrorException("login: " + person.login() + " is deactivated", 409);
            }
            return Response.ok(new IssuedLogin(id, person.login(), token)).build();
        }
        var created = accounts.createPerson(actor, id, person.name(), person.role(), List.of(),
                TokenHash.sha256(token),
                (connection, userId) -> RosterStore.linkLogin(connection, actor, id, userId, person.streetCode()));
        if (created.isEmpty()) {
            throw new ClientErrorException("login: '" + id + "' is taken by another user; rename one of them", 409);
        }
        return Response.created(URI.create("/api/v1/people/" + id)).entity(new IssuedLogin(id, id, token)).build();
    }

    /** The person, if the caller may edit them: 404 unknown, 403 outside the caller's streets. */
    private Person editable(String id) throws SQLException {
        Person person = roster.find(id).orElseThrow(() -> new NotFoundException("id: no person '" + id + "'"));
        if (!Caller.of(identity).mayTouch(person.streetCode())) {
            throw new ForbiddenException("id: person " + id + " works outside your streets");
        }
        return person;
    }

    private static String fieldName(String csvField) {
        return "home_area".equals(csvField) ? "homeArea" : csvField;
    }

    private static String csvLine(String... values) {
        List<String> quoted = new ArrayList<>();
        for (String v : values) {
            quoted.add(v == null ? "" : "\"" + v.replace("\"", "\"\"") + "\"");
        }
        return String.join(",", quoted);
    }
}
