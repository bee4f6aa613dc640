package dev.spacetime.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spacetime.contracts.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** JSON over HTTP to the services; an unexpected status fails the test quoting the body (a problem's detail). */
final class Http {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), 200);
    }

    JsonNode post(String url, Object body, String token, int expected) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return send(r, expected);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        HttpRequest built = request.timeout(TIMEOUT).build();
        try {
            HttpResponse<String> r = client.send(built, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new AssertionError(built.method() + " " + built.uri() + " answered " + r.statusCode()
                        + " (expected " + expected + "): " + r.body());
            }
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(built.method() + " " + built.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
