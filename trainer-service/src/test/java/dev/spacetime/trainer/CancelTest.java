package dev.spacetime.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cancel over REST: a running job stops at a step boundary; a queued one never starts; an ended one is a 409. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = "postgres", value = "false"))
class CancelTest {

    private static void cancel(String id, int status) {
        given().auth().oauth2(StackTestResource.API_TOKEN).queryParam("reason", "test cancels " + id)
                .post("/jobs/" + id + "/cancel").then().statusCode(status);
    }

    @Test
    void aRunningJobAndAQueuedJobAreCancelled() {
        String running = TestJobs.id("long");
        TestJobs.produce(TestJobs.longJob(running));
        TestJobs.awaitEvents(running, es -> TestJobs.count(es, JobEventType.PROGRESS) >= 2);

        // One worker slot in tests: the next job waits behind the running one.
        String queued = TestJobs.id("queued");
        TestJobs.produce(TestJobs.iris(queued, 2));
        cancel(queued, 202);
        cancel(running, 202);

        List<JobEvent> r = TestJobs.awaitFinal(running);
        JobEvent last = r.getLast();
        assertEquals(JobEventType.CANCELLED, last.type(), r.toString());
        assertTrue(last.reason().contains("test cancels " + running) && last.reason().contains("stopped at epoch"), last.reason());
        assertEquals(0, TestJobs.count(r, JobEventType.COMPLETED));

        List<JobEvent> q = TestJobs.awaitFinal(queued);
        assertEquals(JobEventType.CANCELLED, q.getLast().type(), q.toString());
        assertEquals(0, TestJobs.count(q, JobEventType.STARTED), "a cancelled queued job never starts: " + q);
        assertTrue(q.getLast().reason().startsWith("cancelled before it started"), q.getLast().reason());

        given().get("/jobs/" + running).then().statusCode(200).body("status", equalTo("CANCELLED"));
        cancel(running, 409);
    }
}
