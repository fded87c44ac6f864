package cn.jining.census.security;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/** Who the token belongs to: the web map uses it to check a token and to show the user's name. */
@Path("/api/v1/me")
@Authenticated
public class MeResource {

    /** The caller as the web map shows them. */
    public record Me(String login, String displayName, String role, List<String> scopes) {
    }

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Me me() {
        Caller caller = Caller.of(identity);
        return new Me(caller.login(), caller.displayName(), caller.role(), caller.scopes());
    }
}
