package dev.spacetime.trainer.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * An error body (RFC 9457 problem details, {@code application/problem+json}): {@code detail} says what is wrong and
 * how to fix it; {@code field} names the request field when one is to blame.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.Status status, String detail, String field) {
        Problem p = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, field);
        return Response.status(status).type(MEDIA_TYPE).entity(p).build();
    }

    public static Response response(int status, String detail) {
        Response.Status s = Response.Status.fromStatusCode(status);
        String title = s == null ? "HTTP " + status : s.getReasonPhrase();
        return Response.status(status).type(MEDIA_TYPE).entity(new Problem("about:blank", title, status, detail, null)).build();
    }
}
