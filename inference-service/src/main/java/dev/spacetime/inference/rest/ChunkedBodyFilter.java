package dev.spacetime.inference.rest;

import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Hands a chunked body that {@link BodyLimitRoute} already buffered (within the limit) to JAX-RS as the entity. */
public class ChunkedBodyFilter {

    @ServerRequestFilter(preMatching = true)
    public void bufferedBody(ContainerRequestContext request, RoutingContext ctx) {
        RequestBody body = ctx.body();
        if (body != null && body.available() && body.buffer() != null) {
            request.setEntityStream(new ByteArrayInputStream(body.buffer().getBytes()));
        }
    }
}
