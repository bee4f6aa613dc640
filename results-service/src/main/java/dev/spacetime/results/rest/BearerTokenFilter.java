package dev.spacetime.results.rest;

import dev.spacetime.results.config.ResultsConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Refuses {@link TokenRequired} calls without the configured bearer token: 401 problem, {@code WWW-Authenticate}. */
@Provider
@TokenRequired
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    /** Looked up per request: providers are created at static init, before the runtime config (the token) exists. */
    @Inject
    Instance<ResultsConfig> config;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String expected = config.get().apiToken().filter(t -> !t.isBlank()).orElse(null);
        String detail = null;
        if (expected == null) {
            detail = "this deployment has no API token configured (spacetime.api-token), so mutating calls are refused";
        } else if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            detail = "this call needs the header Authorization: Bearer <token>";
        } else if (!MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            detail = "the bearer token is not valid";
        }
        if (detail != null) {
            Response r = Problem.response(Response.Status.UNAUTHORIZED, detail, null);
            request.abortWith(Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
    }
}
