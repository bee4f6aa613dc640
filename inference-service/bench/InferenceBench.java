import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.contracts.SchemaVersion;
import dev.spacetime.contracts.Topics;
import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Datasets;
import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;
import dev.spacetime.engine.train.RunResult;
import dev.spacetime.engine.train.TrainConfig;
import dev.spacetime.engine.train.Trainer;
import dev.spacetime.engine.train.TrainingListener;
import dev.spacetime.stack.KafkaBroker;
import dev.spacetime.stack.KafkaClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The inference-service benchmark: MNIST standard-medium, single-row requests over loopback, wrk as the load generator,
 * against the PACKAGED service (quarkus-run.jar in its own JVM) fed by a real Kafka broker. Run through run.sh, which
 * builds and sets the class path. Steps: train the model with the engine, time the engine's Predictor on one row
 * in-process, start a broker, write + announce the artifact, start the service, wait until it serves, run wrk.
 *
 * <p>Args: results folder, training epochs, seconds per wrk run. Raw outputs land in the results folder.
 */
public class InferenceBench {

    static final String MODEL = "mnist-medium";

    public static void main(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "bench-out"));
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path work = Files.createTempDirectory("inference-bench-");
        Path store = work.resolve("artifacts");
        StringBuilder report = new StringBuilder();

        // 1. The model: standard-medium (784-128-64-10) on MNIST, trained by the engine.
        log(report, "load before training: " + load());
        DataSplit raw = Datasets.load("mnist", DataOptions.defaults(), System.err::println);
        Normalization norm = Datasets.defaultNormalization("mnist", raw);
        Model model = MlpSpec.standard("medium").build();
        model.initialize(1);
        TrainConfig config = new TrainConfig(epochs, 64, OptimizerConfig.adam(0.002), Schedule.COSINE, 1, 2, 0);
        RunResult run = new Trainer(config, KernelProvider.get()).train(model, raw.normalized(norm), TrainingListener.NONE);
        log(report, String.format(Locale.ROOT, "model: %s, %d parameters, %d epochs in %.1f s, test accuracy %.2f%%, kernels %s",
                model.spec(), model.spec().parameterCount(), epochs, run.trainSeconds(), 100 * run.test().accuracy(), run.kernels()));
        String uri = MODEL + "/1/model.stm";
        ModelFile.save(store.resolve(uri), model, norm, Map.of("dataset", "mnist"));
        byte[] bytes = Files.readAllBytes(store.resolve(uri));

        // 2. In-process cost: the engine's Predictor on one raw row (normalise, forward, softmax, copy out).
        float[] pixels = new float[784];
        raw.test().row(0, pixels, 0);
        float[][] row = {pixels};
        Predictor predictor = new Predictor(model, norm, KernelProvider.get());
        log(report, "load before in-process timing: " + load());
        log(report, inProcess(predictor, row));

        // 3. Broker, announcement, service.
        KafkaBroker broker = KafkaBroker.builder().topics(List.of(Topics.MODELS)).start();
        Process service = null;
        try {
            KafkaClients.produce(broker.bootstrapServers(), Topics.MODELS, MODEL, Json.write(new ModelPublished(
                    SchemaVersion.CURRENT, MODEL, 1, "bench", model.spec().toMap(), uri, sha256(bytes), bytes.length,
                    Map.of("test_accuracy", run.test().accuracy()), Instant.now())), Map.of());
            int port = freePort();
            Path jar = Path.of("inference-service/target/quarkus-app/quarkus-run.jar").toAbsolutePath();
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-Dquarkus.http.port=" + port,
                    "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(), "-Dspacetime.artifact-dir=" + store,
                    "-jar", jar.toString());
            log(report, "service: " + String.join(" ", cmd));
            service = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolve("service.log").toFile()).start();
            String base = "http://127.0.0.1:" + port;
            awaitServing(base);

            // 4. wrk: one MNIST test image as the body (raw pixel values 0..255), single-row requests.
            StringBuilder body = new StringBuilder("{\"inputs\":[[");
            for (int i = 0; i < pixels.length; i++) {
                body.append(i == 0 ? "" : ",").append((int) pixels[i]);
            }
            Files.writeString(out.resolve("body.json"), body.append("]]}"));
            Files.writeString(out.resolve("predict.lua"), lua(out.resolve("body.json"), 0));
            Files.writeString(out.resolve("predict-paced-9ms.lua"), lua(out.resolve("body.json"), 9));
            String url = base + "/v1/models/" + MODEL + "/predict";
            log(report, "single request: " + post(url, body.toString()));
            for (String bad : List.of("{\"inputs\": [[5.1, NaN, 1.4, 0.2]]}", "{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}",
                    "{\"inputs\": [[1, 2, \"x\"]]}")) {
                log(report, "POST " + bad + " -> " + exchange(url, bad));
            }
            log(report, "POST to an unknown model -> " + exchange(base + "/v1/models/nope/predict", body.toString()));
            Process curl = new ProcessBuilder("curl", "-s", "-w", " HTTP %{http_code}", url, "-d", body.toString()).start();
            log(report, "curl -d (form content type) -> " + new String(curl.getInputStream().readAllBytes()).substring(0, 100) + "...");

            wrk(report, out, "warmup", seconds, "-t2", "-c16", "-s", out.resolve("predict.lua").toString(), url);
            wrk(report, out, "max-c16", seconds, "-t2", "-c16", "--latency", "-s", out.resolve("predict.lua").toString(), url);
            wrk(report, out, "max-c4", seconds, "-t1", "-c4", "--latency", "-s", out.resolve("predict.lua").toString(), url);
            wrk(report, out, "paced-2000", seconds, "-t1", "-c20", "--latency", "-s",
                    out.resolve("predict-paced-9ms.lua").toString(), url);
            wrk(report, out, "paced-1000", seconds, "-t1", "-c10", "--latency", "-s",
                    out.resolve("predict-paced-9ms.lua").toString(), url);
            String metrics = get(base + "/q/metrics");
            List<String> lines = metrics.lines().filter(l -> l.startsWith("spacetime_inference_predict_latency_seconds{")
                    || l.startsWith("spacetime_inference_predict_latency_seconds_count")
                    || l.startsWith("spacetime_inference_predict_latency_seconds_max")
                    || l.startsWith("spacetime_inference_requests_total")).toList();
            Files.write(out.resolve("metrics.txt"), lines);
            log(report, "service-side prediction timer after the runs:\n  " + String.join("\n  ", lines));
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor();
            }
            broker.stop();
            Files.writeString(out.resolve("report.txt"), report);
        }
    }

    static String inProcess(Predictor p, float[][] row) {
        for (int i = 0; i < 50_000; i++) {
            p.predict(row);
        }
        int n = 200_000;
        long[] t = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            p.predict(row);
            t[i] = System.nanoTime() - t0;
        }
        long total = System.nanoTime() - start;
        Arrays.sort(t);
        return String.format(Locale.ROOT, "in-process Predictor, 1 row, %d calls: p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, mean %.1f µs",
                n, t[n / 2] / 1e3, t[(int) (n * 0.99)] / 1e3, t[(int) (n * 0.999)] / 1e3, total / 1e3 / n);
    }

    static String lua(Path body, int delayMs) {
        return """
                -- POST one MNIST row (written by InferenceBench) to the predict endpoint%s
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                local f = io.open("%s", "r")
                wrk.body = f:read("*a")
                f:close()
                """.formatted(delayMs > 0 ? "; each connection waits " + delayMs + " ms between requests" : "",
                body.toAbsolutePath())
                + (delayMs > 0 ? "function delay()\n  return " + delayMs + "\nend\n" : "");
    }

    static void wrk(StringBuilder report, Path out, String name, int seconds, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-d" + seconds + "s"));
        cmd.addAll(List.of(args));
        String before = load();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Files.writeString(out.resolve("wrk-" + name + ".txt"), "$ " + String.join(" ", cmd) + "\n" + text);
        log(report, "== " + name + " (load before: " + before + ", after: " + load() + ")\n$ " + String.join(" ", cmd) + "\n" + text);
    }

    static void awaitServing(String base) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (get(base + "/q/health/ready").contains("\"UP\"") && get(base + "/v1/models/" + MODEL).contains("\"defaultVersion\":1")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service did not serve " + MODEL + " within 180 s");
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String exchange(String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("") + " " + r.body();
    }

    static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static void log(StringBuilder report, String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }
}
