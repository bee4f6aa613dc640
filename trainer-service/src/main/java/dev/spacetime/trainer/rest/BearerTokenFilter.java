package dev.spacetime.trainer.rest;

import dev.spacetime.trainer.config.TrainerConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** {@link Secured} endpoints: a missing or wrong bearer token is a 401 problem body; compared in constant time. */
@Provider
@Secured
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    /** Resolved per request: providers are built at static init, before runtime config exists. */
    private final Instance<TrainerConfig> config;

    public BearerTokenFilter(Instance<TrainerConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
        byte[] expected = config.get().apiToken().getBytes(StandardCharsets.UTF_8);
        if (token == null || !MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
            Response r = Problem.response(Response.Status.UNAUTHORIZED, token == null
                    ? "this endpoint needs 'Authorization: Bearer <token>' (the deployment's spacetime.api-token; "
                    + "for the local stack: .spacetime/stack/api-token or SPACETIME_API_TOKEN)"
                    : "the bearer token is not this deployment's spacetime.api-token", null);
            request.abortWith(Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"spacetime\"").build());
        }
    }
}
