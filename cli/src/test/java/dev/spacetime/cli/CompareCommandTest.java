package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code spacetime compare} against a stand-in for results-service that answers the service's JSON shapes. */
class CompareCommandTest {

    private static final String SUMMARY = """
            {"sweep_id":"sw-1","runs":7,"completed":6,"configs":[
             {"config":"standard-small lr=0.01","model":"standard-small","params":1000,"seeds":3,
              "test_accuracy":{"n":3,"mean":0.92,"std":0.02,"ci95_low":0.870317,"ci95_high":0.969683,"min":0.9,"max":0.94},
              "train_seconds":{"n":3,"mean":12.0,"std":2.0,"ci95_low":7.0,"ci95_high":17.0,"min":10,"max":14},
              "epoch_seconds":{"n":3,"mean":0.5,"std":0.0,"ci95_low":0.5,"ci95_high":0.5,"min":0.5,"max":0.5},
              "inference_p50_us":{"n":3,"mean":50.0,"std":0.0,"ci95_low":50,"ci95_high":50,"min":50,"max":50},
              "inference_p99_us":{"n":0,"mean":null,"std":null,"ci95_low":null,"ci95_high":null,"min":null,"max":null}},
             {"config":"xor","model":"xor","params":9,"seeds":1,
              "test_accuracy":{"n":1,"mean":1.0,"std":null,"ci95_low":null,"ci95_high":null,"min":1.0,"max":1.0},
              "train_seconds":{"n":1,"mean":0.01,"std":null,"ci95_low":null,"ci95_high":null,"min":0.01,"max":0.01},
              "epoch_seconds":{"n":0},"inference_p50_us":{"n":0},"inference_p99_us":{"n":0}}],
             "winners":{"accuracy":"xor","training speed":"xor"}}""";
    private static final String COMPARE = """
            {"job_ids":["a","b"],"final_metrics":{},"runs":[
             {"job_id":"a","config":"standard-small lr=0.01","status":"COMPLETED",
              "results":{"test_accuracy":0.9,"params":1000,"train_seconds":10.0,"inference_p50_us":50.0}},
             {"job_id":"b","config":"standard-small lr=0.01","status":"RUNNING","results":{}}]}""";

    private HttpServer server;
    private final Map<String, String> requested = new ConcurrentHashMap<>();

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            // Decoded, as the real service reads it: the CLI percent-encodes the comma of ids=a,b.
            String uri = URLDecoder.decode(exchange.getRequestURI().toString(), StandardCharsets.UTF_8);
            requested.put("last", uri);
            int status;
            String body;
            if (uri.equals("/sweeps/sw-1/summary")) {
                status = 200;
                body = SUMMARY;
            } else if (uri.startsWith("/runs/compare?ids=a,b")) {
                status = 200;
                body = COMPARE;
            } else {
                status = 404;
                body = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no sweep 'nope'\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void aSweepPrintsMeanAndStdOverSeedsAndTheWinners() {
        CliRun run = CliRun.of("compare", "--sweep", "sw-1", "--results-url", url()).expectExit(ExitCodes.OK);
        assertTrue(run.out().contains("sweep sw-1: 7 runs, 6 completed"), run.out());
        String row = run.outLines().stream().filter(l -> l.startsWith("standard-small lr=0.01")).findFirst().orElseThrow();
        assertTrue(row.contains("0.9200 ± 0.0200 [0.8703, 0.9697]"), row);
        assertTrue(row.contains("12.000 ± 2.000"), row);
        assertTrue(row.contains("1,000"), row);
        String xor = run.outLines().stream().filter(l -> l.startsWith("xor")).findFirst().orElseThrow();
        assertTrue(xor.contains("1.0000 "), "one seed: the mean alone, no ± " + xor);
        assertTrue(run.out().contains("accuracy               xor"), run.out());
        assertTrue(run.outLines().indexOf(xor) < run.outLines().indexOf(row),
                "the service lists standard-small first; the table ranks by mean accuracy: " + run.out());
    }

    @Test
    void jsonIsTheServicesAnswerOnTheLastLine() {
        CliRun run = CliRun.of("compare", "--sweep", "sw-1", "--results-url", url() + "/", "--json").expectExit(ExitCodes.OK);
        assertEquals("sw-1", run.json().get("sweep_id").asText());
        assertEquals(1, run.outLines().size(), "the table goes to stderr with --json");
        assertTrue(run.err().contains("standard-small lr=0.01"));
    }

    @Test
    void jobsAreComparedSideBySide() {
        CliRun run = CliRun.of("compare", "a", "b", "--results-url", url()).expectExit(ExitCodes.OK);
        assertEquals("/runs/compare?ids=a,b", requested.get("last"));
        assertTrue(run.outLines().get(1).startsWith("a "), run.out());
        assertTrue(run.outLines().get(1).contains("0.9000"), run.out());
        assertTrue(run.outLines().get(2).contains("RUNNING"), run.out());
    }

    @Test
    void problemsAreOneLineAndExit2() {
        CliRun missing = CliRun.of("compare", "--sweep", "nope", "--results-url", url()).expectExit(ExitCodes.BAD_INPUT);
        assertEquals(List.of("spacetime: results-service: no sweep 'nope'"), missing.errLines());
        CliRun both = CliRun.of("compare", "--sweep", "x", "job-1", "--results-url", url()).expectExit(ExitCodes.BAD_INPUT);
        assertEquals(1, both.errLines().size());
        CliRun neither = CliRun.of("compare", "--results-url", url()).expectExit(ExitCodes.BAD_INPUT);
        assertTrue(neither.err().contains("name a sweep"), neither.err());
        server.stop(0);
        CliRun down = CliRun.of("compare", "--sweep", "sw-1", "--results-url", url()).expectExit(ExitCodes.BAD_INPUT);
        assertEquals(1, down.errLines().size(), down.err());
        assertTrue(down.err().contains("does not answer"), down.err());
    }

    @Test
    void settingsEveryConfigurationSharesArePrintedOnceNotPerRow() {
        List<String> labels = List.of("recursive batch=64 depth=4 lr=0.01", "standard-medium batch=64 lr=0.01",
                "recursive batch=64 depth=8 lr=0.01");
        var common = CompareCommand.commonSettings(labels);
        assertEquals(List.of("batch=64", "lr=0.01"), List.copyOf(common));
        assertEquals("recursive depth=4", CompareCommand.shorten(labels.getFirst(), common));
        assertEquals("standard-medium", CompareCommand.shorten(labels.get(1), common));
        assertTrue(CompareCommand.commonSettings(List.of("xor lr=0.5")).isEmpty(), "one label: nothing to factor out");
    }
}
