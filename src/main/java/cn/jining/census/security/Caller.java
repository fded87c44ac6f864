package cn.jining.census.security;

import java.util.List;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The authenticated person behind a request and the division codes they may touch.
 *
 * @param scopes division codes given to the person; each covers every code starting with it
 */
public record Caller(long userId, String login, String displayName, String role, List<String> scopes) {

    static final String ATTRIBUTE = "caller";

    /** The caller of an authenticated identity. */
    public static Caller of(SecurityIdentity identity) {
        Caller caller = identity.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller");
        }
        return caller;
    }

    public boolean isAdmin() {
        return Role.ADMIN.equals(role);
    }

    /**
     * True when the caller may touch the division {@code code}: admins everything, others the
     * codes inside one of their scopes.
     */
    public boolean mayTouch(String code) {
        return isAdmin() || scopes.stream().anyMatch(code::startsWith);
    }
}
