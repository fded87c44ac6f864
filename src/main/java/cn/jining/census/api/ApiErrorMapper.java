package cn.jining.census.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Gives the message of a refused request to the caller as an {@link ApiError} body; by default
 * the framework answers only the status, which leaves a caller guessing what to fix.
 */
public class ApiErrorMapper {

    @ServerExceptionMapper
    public Response toErrorBody(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        int status = original.getStatus();
        String message = exception.getMessage() == null ? original.getStatusInfo().getReasonPhrase() : exception.getMessage();
        return Response.fromResponse(original)
                .type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(status, original.getStatusInfo().getReasonPhrase(), message))
                .build();
    }
}
