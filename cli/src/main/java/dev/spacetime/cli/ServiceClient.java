package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON over HTTP to one of the platform's services (results-service, inference-service). Any answer but 200 becomes
 * the one-line error {@code <service>: <problem detail>}; an unreachable service names how to start it.
 */
final class ServiceClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code name} as users know it ({@code results-service}); {@code base} without a trailing slash. */
    ServiceClient(String name, String base) {
        this.name = name;
        this.base = base.replaceAll("/+$", "");
    }

    /** GET, expecting 200. */
    JsonNode get(String path) {
        return expect200(send(HttpRequest.newBuilder(uri(path)).GET()), path);
    }

    /** GET; null on 404 (not there yet, or not at all). */
    JsonNode getOrNull(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).GET());
        return r.statusCode() == 404 ? null : expect200(r, path);
    }

    /** POST of a JSON body, expecting 200. */
    JsonNode post(String path, String json) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        return expect200(r, path);
    }

    private URI uri(String path) {
        try {
            return URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw new UserError(name + " URL " + base + " is not valid: " + e.getMessage(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new UserError(name + " does not answer at " + base + ": start the stack with ./spacetime up");
        } catch (IOException e) {
            throw new UserError(name + " at " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while calling " + name, e);
        }
    }

    private JsonNode expect200(HttpResponse<String> r, String path) {
        JsonNode body;
        try {
            body = r.body() == null || r.body().isBlank() ? MAPPER.nullNode() : MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UserError(name + " at " + base + " answered HTTP " + r.statusCode() + " without JSON");
        }
        if (r.statusCode() != 200) {
            throw new UserError(name + ": " + body.path("detail").asText("HTTP " + r.statusCode() + " to " + path));
        }
        return body;
    }
}
