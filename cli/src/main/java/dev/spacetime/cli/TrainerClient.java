package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The trainer's REST API. A 4xx answer is the user's to fix: its problem {@code detail} becomes the error line. */
final class TrainerClient {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    record Answer(int status, JsonNode body) {
    }

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TrainerClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    JsonNode post(String path, String json) {
        Answer a = send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(json)));
        return expect(a, path, 202);
    }

    JsonNode cancel(String jobId, String reason) {
        String q = reason == null ? "" : "?reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8);
        Answer a = send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "/cancel" + q))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()));
        return expect(a, "/jobs/" + jobId + "/cancel", 202);
    }

    /** GET; null on 404. */
    JsonNode get(String path) {
        Answer a = send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        if (a.status() == 404) {
            return null;
        }
        return expect(a, path, 200);
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? MAPPER.nullNode() : MAPPER.readTree(r.body());
            return new Answer(r.statusCode(), body);
        } catch (ConnectException e) {
            throw new UserError("cannot reach the trainer at " + base + ": is it running? (./spacetime up, or --trainer URL)");
        } catch (IOException e) {
            throw new UserError("the trainer at " + base + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while calling the trainer", e);
        }
    }

    private JsonNode expect(Answer a, String path, int ok) {
        if (a.status() == ok) {
            return a.body();
        }
        String detail = a.body().path("detail").asText("");
        if (a.status() >= 400 && a.status() < 500) {
            throw new UserError("the trainer refused " + path + " (" + a.status() + "): "
                    + (detail.isEmpty() ? a.body().toString() : detail));
        }
        throw new IllegalStateException("the trainer answered " + a.status() + " to " + path + ": " + a.body());
    }
}
