package dev.spacetime.inference.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Oversized bodies get a problem body too ({@code quarkus.http.limits.max-body-size}; the framework would answer a
 * bare 413). This route runs ahead of every other: a declared Content-Length over the limit is refused at once; a
 * chunked body is buffered within the limit (a failure handler turns the overflow into the problem); other requests
 * pass untouched, so the usual fixed-length request pays one header lookup.
 */
@ApplicationScoped
public class BodyLimitRoute {

    private final long maxBodyBytes;
    private final Problems problems;

    public BodyLimitRoute(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize max,
                          Problems problems) {
        this.maxBodyBytes = max.asLongValue();
        this.problems = problems;
    }

    void install(@Observes Router router) {
        // Chunked bodies (no Content-Length) are read here, within the limit, before JAX-RS sees them: otherwise the
        // limit trips inside the framework's body stream, which answers a bare 413. ChunkedBodyFilter hands the
        // buffered body on.
        BodyHandler chunked = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null) {
                if (tooLong(length)) {
                    reject(ctx.response(), ctx.request().path(), "the body has " + length + " bytes");
                } else {
                    ctx.next();
                }
            } else if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true)) {
                chunked.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                reject(ctx.response(), ctx.request().path(), "the body grew past the limit");
            } else {
                ctx.next();
            }
        });
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void reject(io.vertx.core.http.HttpServerResponse response, String path, String why) {
        Problem p = Problem.of(413, "payload-too-large", "Payload Too Large", why + "; at most " + maxBodyBytes
                + " bytes are accepted (quarkus.http.limits.max-body-size): send fewer rows per request", path);
        problems.count("payload_too_large");
        response.setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close").end(problems.json(p));
    }
}
