package cn.jining.census.serve;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * An error answer as an RFC 9457 problem document ({@code application/problem+json}), so that a
 * client sees in {@code detail} which parameter was wrong and why, in words a person can act on.
 *
 * @param type   always {@code about:blank}: the HTTP status says what kind of problem it is
 * @param title  the status' reason phrase
 * @param status the HTTP status code
 * @param detail what was wrong with this request
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A 400 answer; {@code detail} should name the parameter and what was expected. */
    public static WebApplicationException badRequest(String detail) {
        return of(Response.Status.BAD_REQUEST, detail);
    }

    /** A 404 answer for a division or resource that is not loaded. */
    public static WebApplicationException notFound(String detail) {
        return of(Response.Status.NOT_FOUND, detail);
    }

    private static WebApplicationException of(Response.Status status, String detail) {
        Problem body = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail);
        return new WebApplicationException(detail, Response.status(status).type(MEDIA_TYPE).entity(body).build());
    }
}
