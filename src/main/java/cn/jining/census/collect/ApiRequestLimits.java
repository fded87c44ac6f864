package cn.jining.census.collect;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.jining.census.api.ApiError;
import cn.jining.census.security.TokenHash;

/**
 * The limits every request under {@code /api} passes before its resource runs.
 *
 * <ul>
 * <li>Rate per bearer token ({@code census.api.rate-limit} per second on average, bursts of
 * {@code census.api.rate-burst}): beyond it 429 with {@code Retry-After} in whole seconds. Tokens
 * are told apart by their SHA-256, so no token is kept in memory.</li>
 * <li>JSON bodies: at most {@code census.api.max-json-body} bytes by {@code Content-Length}
 * (413); a JSON body without {@code Content-Length} is 411, so that its size is known before a
 * byte of it is read.</li>
 * </ul>
 * Anonymous requests are refused (401) before this filter by the security layer.
 */
public class ApiRequestLimits {

    /** Buckets beyond this number are swept of the full ones, which hold no information. */
    private static final int SWEEP_ABOVE = 10_000;

    private final ApiSettings settings;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public ApiRequestLimits(ApiSettings settings) {
        this.settings = settings;
    }

    @ServerRequestFilter
    public Optional<Response> limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return Optional.empty();
        }
        Optional<Response> refusal = rate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        return refusal.isPresent() ? refusal : bodySize(request);
    }

    private Optional<Response> rate(String authorization) {
        if (authorization == null || settings.rateLimit() <= 0) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        if (buckets.size() > SWEEP_ABOVE) {
            buckets.values().removeIf(b -> b.isFullAt(now));
        }
        TokenBucket bucket = buckets.computeIfAbsent(TokenHash.sha256(authorization),
                k -> new TokenBucket(settings.rateLimit(), settings.rateBurst(), now));
        long waitNanos = bucket.take(now);
        if (waitNanos == 0) {
            return Optional.empty();
        }
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return Optional.of(error(Status.TOO_MANY_REQUESTS.getStatusCode(), "Too Many Requests",
                "this token made more than " + settings.rateLimit() + " requests per second; retry after " + seconds + " s")
                .header("Retry-After", seconds).build());
    }

    private Optional<Response> bodySize(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (HttpMethod.GET.equals(request.getMethod()) || type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return Optional.empty();
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return Optional.of(error(411, "Length Required",
                    "Content-Length: a JSON body must say its length (at most " + settings.maxJsonBody() + " bytes)").build());
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return Optional.of(error(400, "Bad Request", "Content-Length: not a number: '" + length + "'").build());
        }
        if (bytes > settings.maxJsonBody()) {
            return Optional.of(error(413, "Content Too Large", "body: " + bytes + " bytes, at most "
                    + settings.maxJsonBody() + " are accepted (census.api.max-json-body)").build());
        }
        return Optional.empty();
    }

    private static Response.ResponseBuilder error(int status, String reason, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ApiError(status, reason, message));
    }
}
