package dev.spacetime.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.Topics;
import dev.spacetime.contracts.TrainingJob;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The REST edge: 401 and 400 problem bodies that name the field, 404, sweeps spread over partitions. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class RestApiTest {

    private static RequestSpecification authed() {
        return given().auth().oauth2(StackTestResource.API_TOKEN).contentType("application/json");
    }

    @Test
    void mutatingEndpointsNeedTheBearerToken() {
        given().contentType("application/json").body("{\"model\":\"iris\",\"dataset\":\"iris\"}").post("/jobs")
                .then().statusCode(401).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(401)).body("detail", containsString("Authorization: Bearer"));
        given().auth().oauth2("wrong").contentType("application/json").body("{}").post("/sweeps")
                .then().statusCode(401).body("title", equalTo("Unauthorized"));
        given().post("/jobs/some-job/cancel").then().statusCode(401);
    }

    @Test
    void badBodiesAre400sThatNameTheField() {
        authed().body("{\"model\":\"iris\",\"dataset\":\"iris\",\"hyperparameters\":{\"lr\":\"-1\"}}").post("/jobs")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("field", equalTo("hyperparameters.lr")).body("detail", containsString("learning rate -1.0"));
        authed().body("{\"model\":\"nope\",\"dataset\":\"iris\"}").post("/jobs")
                .then().statusCode(400).body("field", equalTo("model")).body("detail", containsString("nope"));
        authed().body("{\"model\":\"iris\"}").post("/jobs")
                .then().statusCode(400).body("field", equalTo("dataset"));
        authed().body("{\"model\":\"iris\",\"dataset\":\"iris\",\"engine\":\"gpu\"}").post("/jobs")
                .then().statusCode(400).body("field", equalTo("engine")).body("detail", containsString("gpu"));
        authed().body("{\"model\":\"recursive\",\"dataset\":\"mnist\",\"modelOptions\":{\"hidden\":\"0\"}}").post("/jobs")
                .then().statusCode(400).body("field", equalTo("modelOptions.hidden"));
        authed().body("{not json").post("/jobs")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("not valid JSON"));
        authed().body("{\"model\":\"iris\",\"dataset\":\"iris\",\"seed\":\"abc\"}").post("/jobs")
                .then().statusCode(400).body("field", equalTo("seed"));
        authed().body("{\"base\":{\"model\":\"iris\",\"dataset\":\"iris\"},\"grid\":{\"lr\":[\"0.1\",\"-2\"]}}")
                .post("/sweeps").then().statusCode(400).body("field", equalTo("hyperparameters.lr"))
                .body("detail", containsString("sweep point"));
        // chunked-disk: its own fields, and a sweep axis that is one of its model options lands in modelOptions
        authed().body("{\"engine\":\"chunked-disk\",\"model\":\"deep\",\"modelOptions\":{\"layers\":\"0\"},"
                + "\"hyperparameters\":{\"steps\":\"5\"}}").post("/jobs")
                .then().statusCode(400).body("field", equalTo("modelOptions.layers"));
        authed().body("{\"base\":{\"engine\":\"chunked-disk\",\"model\":\"deep\",\"modelOptions\":{\"layers\":\"10\"},"
                + "\"hyperparameters\":{\"steps\":\"5\"}},\"grid\":{\"activation\":[\"tanh\",\"sigmoid\"]}}")
                .post("/sweeps").then().statusCode(400).body("field", equalTo("modelOptions.activation"))
                .body("detail", containsString("sigmoid"));
    }

    @Test
    void unknownJobIs404AndABadIdIs400() {
        given().get("/jobs/never-submitted-" + System.nanoTime()).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().get("/jobs/..%2Fetc").then().statusCode(400);
    }

    @Test
    void aSweepIsOneJobPerPointAndSeedSpreadOverThePartitions() {
        String sweep = TestJobs.id("sweep");
        authed().body("{\"sweepId\":\"" + sweep + "\",\"base\":{\"model\":\"iris\",\"dataset\":\"iris\","
                        + "\"hyperparameters\":{\"epochs\":\"2\",\"latency-calls\":\"0\"}},"
                        + "\"grid\":{\"lr\":[\"0.01\",\"0.02\"],\"batch\":[\"16\",\"32\"]},\"seeds\":2}")
                .post("/sweeps").then().statusCode(202).body("count", equalTo(8)).body("sweepId", equalTo(sweep));
        List<ConsumerRecord<String, String>> records = StackTestResource.consumeUntil(Topics.JOBS,
                rs -> rs.stream().filter(r -> r.key() != null && r.key().startsWith(sweep)).count() == 8, TestJobs.TIMEOUT)
                .stream().filter(r -> r.key() != null && r.key().startsWith(sweep)).toList();
        Set<String> keys = records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertEquals(8, keys.size(), "distinct keys");
        records.forEach(r -> assertEquals(r.key(), Json.read(r.value(), TrainingJob.class).jobId()));
        assertEquals(Math.min(8, Topics.JOB_PARTITIONS), records.stream().map(ConsumerRecord::partition).distinct().count(),
                "spread over the partitions");
        Set<Long> seeds = records.stream().map(r -> Json.read(r.value(), TrainingJob.class).seed()).collect(Collectors.toSet());
        assertEquals(Set.of(1L, 2L), seeds);
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                given().get("/sweeps/" + sweep).then().statusCode(200).body("statuses.COMPLETED", equalTo(8)));
    }

    @Test
    void openApiHealthAndMetricsAreServed() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/jobs/{id}/cancel"));
        given().get("/q/health/ready").then().statusCode(200).body(containsString("artifact-store"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("spacetime_trainer_jobs_in_flight"));
    }
}
