package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.body;
import static dev.spacetime.inference.ModelFixtures.irisRows;
import static dev.spacetime.inference.ModelFixtures.publish;
import static dev.spacetime.inference.ModelFixtures.trainIris;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Atomic swap under load: several client threads predict as fast as they can while new versions are published.
 * Zero failed requests; every answer is exactly the engine's output for the version it names; each client sees the
 * versions move forward only.
 */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
class HotSwapTest {

    static final String NAME = "iris-swap";
    static final int VERSIONS = 5;
    static final int CLIENTS = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1/models/" + NAME + "/predict")
    URI predictUri;

    record Answer(String model, int version, float[][] outputs, int[] predictions) {
    }

    @Test
    void swapsUnderConcurrentLoadWithoutAFailedRequest() throws Exception {
        float[][] rows = irisRows(0, 3);
        String request = body(rows);
        Map<Integer, ModelFixtures.Trained> models = new ConcurrentHashMap<>();
        Map<Integer, Predictor.Prediction> expected = new ConcurrentHashMap<>();
        for (int v = 1; v <= VERSIONS; v++) {
            ModelFixtures.Trained t = trainIris(100 + v, 3 + v);
            models.put(v, t);
            expected.put(v, t.predictor().predict(rows));
        }
        publish(NAME, 1, models.get(1));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ok = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(Thread.ofPlatform().name("hammer-" + c).start(() -> hammer(client, request, rows, expected, stop,
                    ok, failures, seen)));
        }
        try {
            for (int v = 2; v <= VERSIONS; v++) {
                long before = ok.get();
                await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() > before + 100 || !failures.isEmpty());
                publish(NAME, v, models.get(v));
                int want = v;
                await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains(want) || !failures.isEmpty());
            }
            long before = ok.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> ok.get() > before + 100 || !failures.isEmpty());
        } finally {
            stop.set(true);
            for (Thread t : clients) {
                t.join(30_000);
            }
        }
        System.out.printf("hot swap: %d requests from %d clients across %d versions, %d failed%n", ok.get(), CLIENTS,
                VERSIONS, failures.size());
        assertTrue(failures.isEmpty(), failures.size() + " failed request(s) during the swaps, first: " + failures.peek());
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(seen), "every version answered at some point");
        assertTrue(ok.get() > 100, "the clients kept the service busy: " + ok.get() + " requests");
        given().get("/v1/models/" + NAME).then().statusCode(200).body("defaultVersion", org.hamcrest.Matchers.equalTo(VERSIONS));
    }

    private void hammer(int client, String request, float[][] rows, Map<Integer, Predictor.Prediction> expected,
                        AtomicBoolean stop, AtomicLong ok, ConcurrentLinkedQueue<String> failures, Set<Integer> seen) {
        HttpRequest req = HttpRequest.newBuilder(predictUri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build();
        int lastVersion = 0;
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            while (!stop.get()) {
                try {
                    HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                    if (resp.statusCode() != 200) {
                        failures.add("client " + client + ": HTTP " + resp.statusCode() + " " + resp.body());
                        continue;
                    }
                    Answer a = JSON.readValue(resp.body(), Answer.class);
                    Predictor.Prediction want = expected.get(a.version());
                    if (want == null || a.version() < lastVersion) {
                        failures.add("client " + client + ": version " + a.version() + " after " + lastVersion);
                        continue;
                    }
                    for (int r = 0; r < rows.length; r++) {
                        assertArrayEquals(want.outputs()[r], a.outputs()[r], "version " + a.version() + " row " + r);
                    }
                    assertArrayEquals(want.classes(), a.predictions());
                    lastVersion = a.version();
                    seen.add(a.version());
                    ok.incrementAndGet();
                } catch (Exception | AssertionError e) {
                    failures.add("client " + client + ": " + e);
                }
            }
        }
    }
}
