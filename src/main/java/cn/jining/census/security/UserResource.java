package cn.jining.census.security;

import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import cn.jining.census.model.DivisionCode;
import cn.jining.census.store.AccountStore;
import cn.jining.census.store.AccountStore.Person;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Administrators create people with a role and scopes, issue tokens and deactivate people.
 * A token appears in clear exactly once, in the answer that issues it.
 */
@Path("/api/v1/users")
@RolesAllowed(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    /** What an administrator sends to create a person. */
    public record NewPerson(String login, String displayName, String role, List<String> scopes) {
    }

    /** A person with a freshly issued token, shown once. */
    public record IssuedToken(Person person, String token) {
    }

    private static final Set<String> ROLES = Set.of(Role.ADMIN, Role.PLANNER, Role.SUPERVISOR, Role.ENUMERATOR);

    private final AccountStore accounts;
    private final SecurityIdentity identity;
    private final TokenIdentityProvider tokenCache;

    public UserResource(AccountStore accounts, SecurityIdentity identity, TokenIdentityProvider tokenCache) {
        this.accounts = accounts;
        this.identity = identity;
        this.tokenCache = tokenCache;
    }

    @GET
    public List<Person> list() throws SQLException {
        return accounts.listPeople();
    }

    /**
     * Creates a person. Scopes are division codes: planners get streets (9 digits), supervisors
     * areas (12), enumerators subareas (15); a larger unit is accepted too (a planner of a whole
     * district). 400 names the bad field, 409 when the login is taken.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(NewPerson request) throws SQLException {
        if (request == null) {
            throw new BadRequestException("body: a JSON object {login, displayName, role, scopes} is required");
        }
        if (request.login() == null || !request.login().matches("[A-Za-z0-9._-]{2,64}")) {
            throw new BadRequestException("login: 2–64 letters, digits, '.', '_' or '-' required");
        }
        if (request.displayName() == null || request.displayName().isBlank() || request.displayName().length() > 100) {
            throw new BadRequestException("displayName: required, at most 100 characters");
        }
        if (request.role() == null || !ROLES.contains(request.role())) {
            throw new BadRequestException("role: one of " + ROLES + " required");
        }
        List<String> scopes = request.scopes() == null ? List.of() : request.scopes();
        for (String scope : scopes) {
            if (DivisionCode.parse(scope).isEmpty()) {
                throw new BadRequestException("scopes: '" + scope + "' is not a division code of 6, 9, 12 or 15 digits");
            }
        }
        if (!Role.ADMIN.equals(request.role()) && scopes.isEmpty()) {
            throw new BadRequestException("scopes: a " + request.role() + " needs at least one division code");
        }
        String token = TokenHash.newToken();
        Person person = accounts.createPerson(identity.getPrincipal().getName(), request.login(),
                request.displayName().strip(), request.role(), scopes, TokenHash.sha256(token))
                .orElseThrow(() -> new ClientErrorException("login: '" + request.login() + "' exists already", 409));
        return Response.created(URI.create("/api/v1/users/" + person.login()))
                .entity(new IssuedToken(person, token)).build();
    }

    /** Issues one more token for an active person, e.g. for a second device. */
    @POST
    @Path("{login}/tokens")
    public IssuedToken issueToken(@PathParam("login") String login) throws SQLException {
        String token = TokenHash.newToken();
        if (!accounts.addToken(identity.getPrincipal().getName(), login, TokenHash.sha256(token), "issued by admin")) {
            throw new NotFoundException("login: no active person '" + login + "'");
        }
        return new IssuedToken(accounts.findPerson(login).orElseThrow(), token);
    }

    /** Deactivates a person and revokes their tokens at once; their history stays. */
    @POST
    @Path("{login}/deactivate")
    public Person deactivate(@PathParam("login") String login) throws SQLException {
        if (AdminTokenBootstrap.ADMIN_LOGIN.equals(login)) {
            throw new ClientErrorException("login: the built-in admin cannot be deactivated", 409);
        }
        if (!accounts.deactivate(identity.getPrincipal().getName(), login)) {
            throw new NotFoundException("login: no person '" + login + "'");
        }
        tokenCache.forgetCachedTokens();
        return accounts.findPerson(login).orElseThrow();
    }
}
