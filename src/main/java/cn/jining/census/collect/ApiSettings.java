package cn.jining.census.collect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code census.api.*}: limits every bearer token's requests under {@code /api} share. */
@ConfigMapping(prefix = "census.api")
public interface ApiSettings {

    /** Requests per second one token may make on average; 0 turns the limit off. */
    @WithDefault("50")
    double rateLimit();

    /** Requests one token may make at once before the average applies. */
    @WithDefault("100")
    int rateBurst();

    /** Bytes: largest JSON request body (uploads of deliveries have their own limit). */
    @WithDefault("2097152")
    long maxJsonBody();
}
