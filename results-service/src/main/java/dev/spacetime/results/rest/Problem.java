package dev.spacetime.results.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * An RFC 9457 problem body ({@code application/problem+json}): {@code title} is the status' phrase, {@code detail}
 * says what was wrong, {@code parameter} names the bad request parameter where there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(Response.Status status, String detail, String parameter) {
        return response(status.getStatusCode(), status.getReasonPhrase(), detail, parameter);
    }

    public static Response response(int status, String title, String detail, String parameter) {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE))
                .entity(new Problem("about:blank", title, status, detail, parameter)).build();
    }
}
