package dev.spacetime.inference.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacetime.inference.service.InferenceMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Builds problem responses and counts their outcome. The body is serialised here, so the same bytes serve the
 * JAX-RS mappers and the raw Vert.x route that answers oversized bodies before JAX-RS sees them.
 */
@ApplicationScoped
public class Problems {

    private final ObjectMapper mapper;
    private final InferenceMetrics metrics;

    public Problems(ObjectMapper mapper, InferenceMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    public Response response(Problem p, String outcome) {
        metrics.outcome(outcome);
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(json(p)).build();
    }

    public Response unauthorized(String path, String detail) {
        metrics.outcome("unauthorized");
        Problem p = Problem.of(401, "unauthorized", "Unauthorized", detail, path);
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(json(p)).build();
    }

    public String json(Problem p) {
        try {
            return mapper.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem body always serialises", e);
        }
    }

    public void count(String outcome) {
        metrics.outcome(outcome);
    }
}
