package dev.spacetime.trainer.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.spacetime.trainer.service.CancelService;
import dev.spacetime.trainer.service.InvalidJobException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Exceptions to problem bodies: bad input is a 4xx that names the field; only a bug is a 500. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidJobException e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), e.field());
    }

    @ServerExceptionMapper
    public Response alreadyFinal(CancelService.AlreadyFinalException e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException j) {
            return json(j);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        return Problem.response(status, e.getMessage());
    }

    @ServerExceptionMapper
    public Response bug(RuntimeException e) {
        LOG.error("request failed", e);
        return Problem.response(500, "internal error: " + e);
    }

    private static Response json(JsonProcessingException e) {
        String field = null;
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        String detail = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage().replace('\n', ' ');
        return Problem.response(Response.Status.BAD_REQUEST, "the body is not valid JSON for this endpoint"
                + (field == null ? "" : " at " + field) + ": " + detail, field);
    }
}
