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
        String hash = TokenHash.sha256(request.getToken().getToken());
        Cached cached = cache.get(hash);
        if (cached != null && cached.expiresAtNanos - System.nanoTime() > 0) {
            return Uni.createFrom().item(() -> toIdentity(cached.account));
        }
        return context.runBlocking(() -> {
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
            return toIdentity(account);
        });
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

    private static SecurityIdentity toIdentity(Optional<Account> account) {
        Account a = account.orElseThrow(() -> new AuthenticationFailedException("unknown or revoked token"));
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(a.login()))
                .addRole(a.role())
                .addAttribute(Caller.ATTRIBUTE, new Caller(a.id(), a.login(), a.displayName(), a.role(), a.scopes()))
                .build();
    }
}
