package dev.spacetime.results.rest;

import dev.spacetime.results.service.BadParameter;
import dev.spacetime.results.service.NotFound;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Every error leaves as a JSON problem body: 400 naming the parameter, 404 naming the id, and so on. */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    @Provider
    public static class BadParameterMapper implements ExceptionMapper<BadParameter> {
        @Override
        public Response toResponse(BadParameter e) {
            return Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), e.parameter());
        }
    }

    @Provider
    public static class NotFoundMapper implements ExceptionMapper<NotFound> {
        @Override
        public Response toResponse(NotFound e) {
            return Problem.response(Response.Status.NOT_FOUND, e.getMessage(), null);
        }
    }

    /** The framework's own errors (unknown path 404, wrong method 405, unacceptable type 406, ...), as problems. */
    @Provider
    public static class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            String title = r.getStatusInfo().getReasonPhrase();
            return Problem.response(r.getStatus(), title, e.getMessage(), null);
        }
    }

    /** A bug or the database being away: 500/503 with a short detail; the stack trace goes to the log. */
    @Provider
    public static class UnexpectedMapper implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof dev.spacetime.results.persistence.StoreException) {
                LOG.warnf("database query failed: %s", e.getMessage());
                return Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                        "the results database is not available; retry shortly", null);
            }
            LOG.error("unexpected error", e);
            return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, e.getClass().getSimpleName(), null);
        }
    }
}
