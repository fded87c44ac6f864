package cn.jining.census.security;

import java.sql.SQLException;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import cn.jining.census.store.AccountStore;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes sure an administrator can log in after start: the token of {@code CENSUS_ADMIN_TOKEN}
 * becomes the admin's, replacing the one set before. When it is unset outside production
 * ({@code CENSUS_PRODUCTION} not true) a token is generated and printed once on the console,
 * never to the log files; in production the service refuses to start without one. One-shot
 * commands (an import from the command line) set {@code census.admin-token.bootstrap=false}
 * and leave the tokens of a running service alone.
 */
@Singleton
public class AdminTokenBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminTokenBootstrap.class);
    static final String ADMIN_LOGIN = "admin";
    private static final int MIN_TOKEN_LENGTH = 24;

    private final AccountStore accounts;
    private final Optional<String> configuredToken;
    private final boolean production;
    private final boolean enabled;

    public AdminTokenBootstrap(AccountStore accounts,
            @ConfigProperty(name = "census.admin-token") Optional<String> configuredToken,
            @ConfigProperty(name = "census.production", defaultValue = "false") boolean production,
            @ConfigProperty(name = "census.admin-token.bootstrap", defaultValue = "true") boolean enabled) {
        this.accounts = accounts;
        this.configuredToken = configuredToken.filter(t -> !t.isBlank());
        this.production = production;
        this.enabled = enabled;
    }

    // Runs before the start-up import, whose observer has a later priority.
    void onStart(@Observes @jakarta.annotation.Priority(10) StartupEvent event) throws SQLException {
        if (!enabled) {
            return;
        }
        if (configuredToken.isPresent()) {
            String token = configuredToken.get();
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalStateException("CENSUS_ADMIN_TOKEN must have at least " + MIN_TOKEN_LENGTH + " characters");
            }
            accounts.replaceLabelledToken(ADMIN_LOGIN, "管理员", Role.ADMIN, "CENSUS_ADMIN_TOKEN", TokenHash.sha256(token));
            LOG.info("admin token taken from CENSUS_ADMIN_TOKEN");
            return;
        }
        if (production) {
            throw new IllegalStateException("CENSUS_ADMIN_TOKEN is required when CENSUS_PRODUCTION=true");
        }
        String token = TokenHash.newToken();
        accounts.replaceLabelledToken(ADMIN_LOGIN, "管理员", Role.ADMIN, "generated at start", TokenHash.sha256(token));
        // Printed to the console only (not through the logger, whose output may be shipped):
        // this is the one moment the token exists in clear.
        System.out.println("""

                ==============================================================
                 CENSUS_ADMIN_TOKEN was not set; generated an admin token:
                   %s
                 It replaces the token generated at the previous start.
                ==============================================================
                """.formatted(token));
    }
}
