package dev.spacetime.inference.rest;

import dev.spacetime.inference.config.InferenceConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards {@link TokenRequired} endpoints: 401 without the right bearer token, 403 when the deployment configured no
 * token at all (mutations are then disabled rather than open). The comparison takes constant time.
 */
@Provider
@TokenRequired
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final Instance<InferenceConfig> config;
    private final Problems problems;
    private volatile Optional<byte[]> token;

    /** Providers are built at static init, before runtime config exists: the token is read on the first request. */
    public BearerTokenFilter(Instance<InferenceConfig> config, Problems problems) {
        this.config = config;
        this.problems = problems;
    }

    private Optional<byte[]> token() {
        Optional<byte[]> t = token;
        if (t == null) {
            t = config.get().apiToken().filter(s -> !s.isBlank()).map(s -> s.getBytes(StandardCharsets.UTF_8));
            token = t;
        }
        return t;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        Optional<byte[]> token = token();
        if (token.isEmpty()) {
            request.abortWith(problems.response(Problem.of(403, "forbidden", "Forbidden",
                    "mutating endpoints are disabled: this deployment sets no spacetime.api-token", path), "forbidden"));
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean ok = header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                && MessageDigest.isEqual(token.get(), header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            request.abortWith(problems.unauthorized(path, header == null
                    ? "this endpoint needs Authorization: Bearer <spacetime.api-token>"
                    : "the bearer token is not the one this deployment accepts"));
        }
    }
}
