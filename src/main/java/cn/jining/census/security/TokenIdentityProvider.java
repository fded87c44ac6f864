package cn.jining.census.security;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import cn.jining.census.store.AccountStore;
import cn.jining.census.store.AccountStore.Account;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer token into the identity of its owner: login as principal, the role, and the
 * {@link Caller} as attribute {@code caller}.
 *
 * <p>Lookups are cached for {@link #CACHE_TTL} by token hash so that tile requests do not each
 * cost a query; a revoked token therefore keeps working for at most that long, unless the change
 * forgets the entries ({@link #forgetCachedUsers}), as assignment changes do for the people whose
 * scopes they change.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    static final Duration CACHE_TTL = Duration.ofSeconds(30);
    private static final int CACHE_LIMIT = 10_000;
    /** Why a token was refused. */
    public static final String UNKNOWN_TOKEN = "unknown or revoked token";

    private record Cached(Optional<Account> account, long expiresAtNanos) {
    }

    private final AccountStore accounts;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public TokenIdentityProvider(AccountStore accounts) {
        this.accounts = accounts;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        Optional<Optional<Caller>> known = cachedCaller(token);
        if (known.isPresent()) {
            return Uni.createFrom().item(() -> toIdentity(known.get()));
        }
        return context.runBlocking(() -> toIdentity(lookUpCaller(token)));
    }

    /**
     * The person a token stands for, when a lookup of it is cached and fresh: the inner optional
     * is empty for a token known to be unknown or revoked; the outer one is empty when the token
     * must first be looked up ({@link #lookUpCaller}). For callers that check tokens on an event
     * loop, where the lookup may not run.
     */
    public Optional<Optional<Caller>> cachedCaller(String token) {
        Cached cached = cache.get(TokenHash.sha256(token));
        if (cached == null || cached.expiresAtNanos - System.nanoTime() <= 0) {
            return Optional.empty();
        }
        return Optional.of(cached.account.map(TokenIdentityProvider::callerOf));
    }

    /** The person a token stands for, looked up in the database (blocking) and cached; empty for an unknown or revoked token. */
    public Optional<Caller> lookUpCaller(String token) {
        String hash = TokenHash.sha256(token);
        Optional<Account> account;
        try {
            account = accounts.findByTokenHash(hash);
        } catch (SQLException e) {
            throw new IllegalStateException("token lookup failed", e);
        }
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(hash, new Cached(account, System.nanoTime() + CACHE_TTL.toNanos()));
        return account.map(TokenIdentityProvider::callerOf);
    }

    /** Forgets every cached lookup, e.g. after tokens were revoked. */
    public void forgetCachedTokens() {
        cache.clear();
    }

    /**
     * Forgets the cached lookups of these users (app_user ids), so that a change of their
     * assignments, and with it of their scopes, takes effect with their next request.
     */
    public void forgetCachedUsers(Collection<Long> userIds) {
        if (!userIds.isEmpty()) {
            cache.values().removeIf(c -> c.account.isPresent() && userIds.contains(c.account.get().id()));
        }
    }

    private static Caller callerOf(Account a) {
        return new Caller(a.id(), a.login(), a.displayName(), a.role(), a.scopes());
    }

    private static SecurityIdentity toIdentity(Optional<Caller> caller) {
        Caller c = caller.orElseThrow(() -> new AuthenticationFailedException(UNKNOWN_TOKEN));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(c.login()))
                .addRole(c.role())
                .addAttribute(Caller.ATTRIBUTE, c)
                .build();
    }
}
