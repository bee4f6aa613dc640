package dev.spacetime.inference;

import static dev.spacetime.inference.ModelFixtures.publish;
import static dev.spacetime.inference.ModelFixtures.trainIris;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.stack.StackTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad predict input gets a 4xx with an RFC 9457 problem body that says what and where; never a 500. */
@QuarkusTest
@WithTestResource(value = StackTestResource.class, initArgs = @ResourceArg(name = StackTestResource.POSTGRES_ARG, value = "false"))
class BadInputTest {

    static final String NAME = "iris-bad";
    static boolean published;

    @TestHTTPResource("/v1/models/" + NAME + "/predict")
    URI predictUri;

    @BeforeEach
    void publishOnce() {
        if (!published) {
            publish(NAME, 1, trainIris(7, 5));
            published = true;
        }
    }

    static Stream<Arguments> badBodies() {
        String huge = "1" + "0".repeat(50);
        return Stream.of(
                // body, detail fragment, row, column (null: not located)
                Arguments.of("{\"inputs\":[[1,2,3,4],[1,2,3]]}", "inputs[1] has 3 values but model 'iris-bad' version 1 takes 4", 1, null),
                Arguments.of("{\"inputs\":[[1,2,3,4,5]]}", "inputs[0] has 5 values", 0, null),
                Arguments.of("{\"inputs\":[[1,NaN,3,4]]}", "inputs[0][1] is NaN or Infinity", 0, 1),
                Arguments.of("{\"inputs\":[[1,2,3,4],[1,2,Infinity,4]]}", "inputs[1][2] is NaN or Infinity", 1, 2),
                Arguments.of("{\"inputs\":[[-Infinity,2,3,4]]}", "inputs[0][0] is NaN or Infinity", 0, 0),
                Arguments.of("{\"inputs\":[[1,2,3,\"NaN\"]]}", "inputs[0][3] is a string (\"NaN\"), not a number", 0, 3),
                Arguments.of("{\"inputs\":[[\"1.5\",2,3,4]]}", "inputs[0][0] is a string (\"1.5\"), not a number", 0, 0),
                Arguments.of("{\"inputs\":[[1e39,2,3,4]]}", "inputs[0][0] = 1e39 overflows float", 0, 0),
                Arguments.of("{\"inputs\":[[1,-3.5e38,3,4]]}", "inputs[0][1] = -3.5e38 overflows float", 0, 1),
                Arguments.of("{\"inputs\":[[1,2," + huge + ",4]]}", "inputs[0][2] = " + huge + " overflows float", 0, 2),
                Arguments.of("{\"inputs\":[[1,2,3,null]]}", "inputs[0][3] is null, not a number", 0, 3),
                Arguments.of("{\"inputs\":[[1,true,3,4]]}", "inputs[0][1] is a boolean, not a number", 0, 1),
                Arguments.of("{\"inputs\":[[1,2,[3],4]]}", "inputs[0][2] is an array, not a number", 0, 2),
                Arguments.of("{\"inputs\":[[1,2,3,{\"x\":4}]]}", "inputs[0][3] is an object, not a number", 0, 3),
                Arguments.of("{\"inputs\":[1,2,3,4]}", "inputs[0] must be an array of numbers, not a number", 0, null),
                Arguments.of("{\"inputs\":[[1,2,3,4],\"x\"]}", "inputs[1] must be an array of numbers, not a string", 1, null),
                Arguments.of("{\"inputs\":[[]]}", "inputs[0] is empty", 0, null),
                Arguments.of("{\"inputs\":[]}", "\"inputs\" is empty", null, null),
                Arguments.of("{\"inputs\":\"1,2,3,4\"}", "\"inputs\" must be an array of rows", null, null),
                Arguments.of("{\"rows\":[[1,2,3,4]]}", "\"inputs\" is missing", null, null),
                Arguments.of("[[1,2,3,4]]", "the body must be a JSON object", null, null),
                Arguments.of("", "the request body is empty", null, null),
                Arguments.of("{\"inputs\":[[1,2,3,4]]", "malformed JSON", null, null),
                Arguments.of("{\"inputs\":[[1,2,3 4]]}", "malformed JSON at inputs[0][3]", 0, 3),
                Arguments.of("{\"inputs\":[[1,2,3,4]]} trailing", "unexpected content after the JSON object", null, null),
                Arguments.of("{\"inputs\":[[1,2,3," + "9".repeat(500) + "]]}", "inputs[0][3]", 0, 3));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void badBodyIs400WithALocatedProblem(String body, String detail, Integer row, Integer column) {
        ValidatableResponse r = given().contentType(ContentType.JSON).body(body)
                .post("/v1/models/" + NAME + "/predict")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad input"))
                .body("type", equalTo("urn:spacetime:problem:bad-input"))
                .body("instance", equalTo("/v1/models/" + NAME + "/predict"))
                .body("detail", containsString(detail));
        if (row == null) {
            r.body("row", nullValue());
        } else {
            r.body("row", equalTo(row)).body("column", column == null ? nullValue() : equalTo(column))
                    .body("pointer", equalTo("/inputs/" + row + (column == null ? "" : "/" + column)));
        }
    }

    @Test
    void tooManyRowsIs400() {
        StringBuilder sb = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < 1025; i++) {
            sb.append(i == 0 ? "" : ",").append("[1,2,3,4]");
        }
        given().contentType(ContentType.JSON).body(sb.append("]}").toString())
                .post("/v1/models/" + NAME + "/predict")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("too many rows: at most 1024")).body("row", equalTo(1024));
    }

    @Test
    void badVersionIs400() {
        for (String v : new String[] {"abc", "0", "-1", "1.5"}) {
            given().contentType(ContentType.JSON).body("{\"inputs\":[[1,2,3,4]]}")
                    .post("/v1/models/" + NAME + "/predict?version=" + v)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString("is not a version number"));
        }
    }

    @Test
    void oversizedBodyIs413WithAProblem() {
        byte[] big = oversized();
        given().contentType(ContentType.JSON).body(big)
                .post("/v1/models/" + NAME + "/predict")
                .then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("quarkus.http.limits.max-body-size"));
    }

    @Test
    void oversizedChunkedBodyIs413WithAProblem() throws Exception {
        // No Content-Length: the limit trips while the body streams in.
        byte[] big = oversized();
        HttpRequest req = HttpRequest.newBuilder(predictUri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(413, resp.statusCode(), resp.body());
            assertEquals("application/problem+json", resp.headers().firstValue("Content-Type").orElse(""));
            assertTrue(resp.body().contains("\"status\":413"), resp.body());
        }
    }

    @Test
    void tinyNumbersUnderflowToZeroAndAreAccepted() {
        given().contentType(ContentType.JSON).body("{\"inputs\":[[1e-50,2,3,4]]}")
                .post("/v1/models/" + NAME + "/predict").then().statusCode(200);
    }

    @Test
    void theMediaTypeIsNotRequired() {
        given().body("{\"inputs\":[[5.1,3.5,1.4,0.2]]}").contentType("text/plain")
                .post("/v1/models/" + NAME + "/predict").then().statusCode(200).body("version", equalTo(1));
    }

    /** Over the 4 MB limit in few, very wide rows: neither the row cap nor the JSON syntax trips first. */
    private static byte[] oversized() {
        StringBuilder sb = new StringBuilder(5 << 20).append("{\"inputs\":[");
        while (sb.length() < (4 << 20) + 1000) {
            sb.append('[');
            for (int i = 0; i < 10_000; i++) {
                sb.append(i == 0 ? "" : ",").append("0.125");
            }
            sb.append("],");
        }
        sb.append("[1,2,3,4]]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
