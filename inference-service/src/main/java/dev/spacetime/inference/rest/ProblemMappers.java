package dev.spacetime.inference.rest;

import dev.spacetime.inference.service.BadInputException;
import dev.spacetime.inference.service.ModelNotFoundException;
import dev.spacetime.inference.service.ModelUnavailableException;
import dev.spacetime.inference.service.RetirementNotRecordedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as an RFC 9457 problem body: bad input → 400 naming the row/column, unknown model or version →
 * 404, a model with no serving version or a retirement Kafka did not take → 503, framework errors (405, 406, 415, …)
 * keep their status. Only a bug reaches 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final Problems problems;

    public ProblemMappers(Problems problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response badInput(BadInputException e, UriInfo uri) {
        Problem p = Problem.of(400, "bad-input", "Bad input", e.getMessage(), path(uri)).at(e.row(), e.column());
        return problems.response(p, "bad_request");
    }

    @ServerExceptionMapper
    public Response notFound(ModelNotFoundException e, UriInfo uri) {
        return problems.response(Problem.of(404, "not-found", "Not found", e.getMessage(), path(uri)), "not_found");
    }

    @ServerExceptionMapper
    public Response unavailable(ModelUnavailableException e, UriInfo uri) {
        return problems.response(Problem.of(503, "model-unavailable", "Model unavailable", e.getMessage(), path(uri)),
                "unavailable");
    }

    @ServerExceptionMapper
    public Response notRecorded(RetirementNotRecordedException e, UriInfo uri) {
        LOG.warn(e.getMessage());
        return problems.response(Problem.of(503, "kafka-unavailable", "Kafka unavailable", e.getMessage(), path(uri)),
                "unavailable");
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        String outcome = switch (status) {
            case 404 -> "not_found";
            case 413 -> "payload_too_large";
            default -> status >= 500 ? "error" : "bad_request";
        };
        if (status >= 500) {
            LOG.error("request failed: " + path(uri), e);
        }
        return problems.response(Problem.of(status, slug(title), title, e.getMessage(), path(uri)), outcome);
    }

    @ServerExceptionMapper
    public Response bug(Exception e, UriInfo uri) {
        LOG.error("unexpected error on " + path(uri), e);
        return problems.response(Problem.of(500, "internal", "Internal Server Error",
                "unexpected " + e.getClass().getSimpleName() + ": see the service log", path(uri)), "error");
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
