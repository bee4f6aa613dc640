package dev.spacetime.results.bench;

import dev.spacetime.contracts.JobEvent;
import dev.spacetime.contracts.JobEventType;
import dev.spacetime.contracts.Json;
import dev.spacetime.contracts.Topics;
import dev.spacetime.stack.StackKeys;
import dev.spacetime.stack.StackTestResource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * results-service benchmark (not a test): the packaged service against the project's real broker and PostgreSQL.
 *
 * <ol>
 *   <li>Ingest: RUNS runs × (ACCEPTED, STARTED, EPOCHS × PROGRESS, COMPLETED) are put on the job-event topic first,
 *       behind a warm-up of RUNS / 5 runs; then the service starts and drains the backlog. The warm-up is not timed:
 *       a fresh JVM spends ~40% of its first 30 s compiling (profiled), which a long-running service pays once.
 *       Events/s persisted = timed events / (time from the last warm-up event stored to the last event stored),
 *       measured by polling the service's counter every 250 ms (every 100 ms cost the service ~12% of its CPU).</li>
 *   <li>Queries, with those RUNS × EPOCHS in PostgreSQL: each endpoint over HTTP on loopback, after warm-up, median
 *       and p95 of repeated calls.</li>
 * </ol>
 * Usage: {@code ResultsBenchmark [runs=10000] [epochs=50] [out.md]}. Run it with {@code -Pbench} (see the pom).
 */
public final class ResultsBenchmark {

    private static final int CONFIGS_PER_SWEEP = 10;
    private static final int SEEDS = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path out = args.length > 2 ? Path.of(args[2]) : null;
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package the module first");
        }
        String loadBefore = load();
        long events = (long) runs * (epochs + 3);
        int warmRuns = Math.max(1, runs / 5);
        long warmEvents = (long) warmRuns * (epochs + 3);
        System.out.printf(Locale.ROOT, "producing %,d warm-up and %,d timed events (%,d + %,d runs × %d epochs) ...%n",
                warmEvents, events, warmRuns, runs, epochs);
        String prefix = "bench-" + Long.toHexString(System.nanoTime());
        long t0 = System.nanoTime();
        produce("warm-" + prefix, warmRuns, epochs);
        produce(prefix, runs, epochs);
        System.out.printf(Locale.ROOT, "produced in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        int port = freePort();
        Process service = start(jar, port);
        try {
            Ingest ingest = awaitIngest(prefix, warmEvents, events, service, port);
            System.out.printf(Locale.ROOT, "ingest: %,d events in %.2f s = %,.0f events/s%n", events, ingest.seconds,
                    events / ingest.seconds);
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            double batches = metric(metrics, "spacetime_results_ingest_batch_seconds_count") - ingest.batches;
            double batchSeconds = metric(metrics, "spacetime_results_ingest_batch_seconds_sum") - ingest.batchSeconds;
            ingest = new Ingest(ingest.seconds, ingest.rowsEpochMetrics, ingest.dbSpanSeconds, batches, batchSeconds,
                    ingest.cpu);
            System.out.printf(Locale.ROOT, "CPU during ingest: service %.1f s, postgres %.1f s, broker %.1f s → %,.0f events "
                    + "per CPU-second%n", ingest.cpu.service(), ingest.cpu.postgres(), ingest.cpu.broker(),
                    events / ingest.cpu.total());
            System.out.printf(Locale.ROOT, "%.0f batches, %.0f events per batch, %.1f ms per batch%n", batches,
                    events / batches, 1e3 * batchSeconds / batches);
            Map<String, double[]> queries = queries(port, prefix, runs);
            String loadAfter = load();
            String report = report(runs, epochs, events, warmEvents, ingest, queries, loadBefore, loadAfter);
            System.out.println(report);
            if (out != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, report);
                System.out.println("written to " + out.toAbsolutePath());
            }
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    record Ingest(double seconds, long rowsEpochMetrics, double dbSpanSeconds, double batches, double batchSeconds,
                  Cpu cpu) {
    }

    /** CPU seconds used so far by the service, PostgreSQL (postmaster, its backends and reaped children) and the broker. */
    record Cpu(double service, double postgres, double broker) {

        static Cpu now(Process service) {
            ProcessHandle pm = StackTestResource.postgres().process().orElse(null);
            double pg = 0;
            if (pm != null) {
                pg = ticks(pm.pid(), true);
                pg += pm.descendants().mapToDouble(h -> ticks(h.pid(), false)).sum();
            }
            return new Cpu(ticks(service.pid(), false), pg, ticks(StackTestResource.broker().pid(), false));
        }

        Cpu minus(Cpu o) {
            return new Cpu(service - o.service, postgres - o.postgres, broker - o.broker);
        }

        double total() {
            return service + postgres + broker;
        }

        /** utime + stime (+ cutime + cstime) from /proc/PID/stat, in seconds (USER_HZ = 100). */
        static double ticks(long pid, boolean children) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // f[0] is field 3 (state): utime is field 14 → f[11], stime f[12], cutime f[13], cstime f[14]
                long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                if (children) {
                    t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
                }
                return t / 100.0;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    static double metric(String prometheus, String name) {
        return prometheus.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static String sweep(String prefix, int run) {
        return prefix + "-s" + run / (CONFIGS_PER_SWEEP * SEEDS);
    }

    static String job(String prefix, int run) {
        return prefix + "-" + run;
    }

    /** Every run of the benchmark, events interleaved across runs the way concurrent trainers emit them. */
    static void produce(String prefix, int runs, int epochs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, StackTestResource.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        Instant t0 = Instant.parse("2026-11-23T12:00:00Z");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int step = 0; step < epochs + 3; step++) {
                for (int r = 0; r < runs; r++) {
                    JobEvent e = event(prefix, r, step, epochs, t0);
                    producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, e.jobId(), Json.write(e)));
                }
            }
            producer.flush();
        }
    }

    static JobEvent event(String prefix, int r, int step, int epochs, Instant t0) {
        String job = job(prefix, r);
        String sweep = sweep(prefix, r);
        int config = r % CONFIGS_PER_SWEEP;
        long seed = (r / CONFIGS_PER_SWEEP) % SEEDS;
        Instant at = t0.plusMillis(r * 10L + step * 1000L);
        double q = 0.9 + 0.005 * config + 0.001 * seed;
        if (step <= 1) {
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("model", config % 2 == 0 ? "recursive" : "standard-medium");
            attributes.put("dataset", "mnist");
            attributes.put("engine", "simd");
            attributes.put("seed", Long.toString(seed));
            attributes.put("sweep", sweep);
            attributes.put("depth", Integer.toString(1 + config));
            attributes.put("hidden", Integer.toString(64 + 8 * config));
            attributes.put("epochs", Integer.toString(epochs));
            attributes.put("lr", "0.002");
            attributes.put("batch", "64");
            attributes.put("optimizer", "adam");
            return new JobEvent(1, job, sweep, step + 1, step == 0 ? JobEventType.ACCEPTED : JobEventType.STARTED, at,
                    null, null, Map.of(), null, "trainer-0", attributes);
        }
        if (step < epochs + 2) {
            int epoch = step - 1;
            return new JobEvent(1, job, sweep, step + 1, JobEventType.PROGRESS, at, epoch, epoch * 938L,
                    Map.of("train_loss", 1.0 / epoch, "val_loss", 1.1 / epoch, "val_accuracy", q * (1 - 0.5 / epoch),
                            "epoch_seconds", 0.4 + 0.01 * config), null, "trainer-0");
        }
        return new JobEvent(1, job, sweep, step + 1, JobEventType.COMPLETED, at, null, null,
                Map.of("test_accuracy", q, "test_loss", 0.1, "params", 50_000.0 + 10_000 * config,
                        "train_seconds", epochs * (0.4 + 0.01 * config) + 0.01 * seed, "inference_p50_us", 30.0 + config,
                        "inference_p99_us", 60.0 + config, "peak_rss_bytes", 3e8 + 1e7 * config,
                        "peak_heap_bytes", 1e8), null, "trainer-0");
    }

    static Process start(Path jar, int port) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        if (System.getenv("BENCH_JFR") != null) {      // a CPU profile of the service: jfr view hot-methods FILE
            cmd.add("-XX:StartFlightRecording=filename=" + System.getenv("BENCH_JFR") + ",settings=profile");
        }
        Map<String, String> config = new LinkedHashMap<>(StackTestResource.config());
        config.remove(StackKeys.API_TOKEN);
        config.put(StackKeys.HTTP_PORT, Integer.toString(port));
        config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Path.of("target/results-benchmark-service.log").toFile());
        pb.environment().put(StackKeys.env(StackKeys.API_TOKEN), StackTestResource.API_TOKEN);
        return pb.start();
    }

    /**
     * Polls the service's own counter of stored events (its /q/metrics, a few ms) rather than counting rows, which
     * would scan job_events over and over and take the CPU away from the ingest being measured.
     */
    /**
     * Waits until the warm-up and the timed events are stored; times the timed part only. The returned batches and
     * batch seconds are the counters' values when timing started (the caller subtracts them from the final ones).
     */
    static Ingest awaitIngest(String prefix, long warmEvents, long events, Process service, int port) throws Exception {
        long first = 0;
        long last = 0;
        double n = 0;
        double batchesAtStart = 0;
        double batchSecondsAtStart = 0;
        Cpu cpuStart = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (n < warmEvents + events) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited; see target/results-benchmark-service.log");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + n + " of " + events + " events stored after 30 min");
            }
            String scrape = "";
            try {
                scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                n = metric(scrape, "spacetime_results_events_ingested_total");
            } catch (IOException e) {
                n = 0;      // not listening yet
            }
            long now = System.nanoTime();
            if (n >= warmEvents && first == 0) {
                first = now;
                cpuStart = Cpu.now(service);
                batchesAtStart = metric(scrape, "spacetime_results_ingest_batch_seconds_count");
                batchSecondsAtStart = metric(scrape, "spacetime_results_ingest_batch_seconds_sum");
            }
            last = now;
            Thread.sleep(250);
        }
        Cpu cpu = Cpu.now(service).minus(cpuStart);
        double seconds = (last - first) / 1e9;
        try (Connection c = StackTestResource.connect(); Statement s = c.createStatement()) {
            long stored;
            long epochRows;
            double span;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM results.job_events WHERE job_id LIKE '"
                    + prefix + "-%'")) {
                rs.next();
                stored = rs.getLong(1);
            }
            if (stored != events) {
                throw new IllegalStateException(stored + " rows in job_events, expected " + events);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM results.epoch_metrics WHERE job_id LIKE '"
                    + prefix + "-%'")) {
                rs.next();
                epochRows = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT extract(epoch FROM max(ingested_at) - min(ingested_at)) "
                    + "FROM results.job_events WHERE job_id LIKE '" + prefix + "-%'")) {
                rs.next();
                span = rs.getDouble(1);
            }
            return new Ingest(seconds, epochRows, span, batchesAtStart, batchSecondsAtStart, cpu);
        }
    }

    static Map<String, double[]> queries(int port, String prefix, int runs) throws Exception {
        String base = "http://127.0.0.1:" + port;
        String sweep = sweep(prefix, 0);
        StringBuilder ten = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ten.append(i == 0 ? "" : ",").append(job(prefix, i * 7 % runs));
        }
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("GET /runs/compare?ids=<10 runs> (final metrics + 50-epoch curves)", "/runs/compare?ids=" + ten);
        calls.put("GET /runs/compare?ids=<2 runs>", "/runs/compare?ids=" + job(prefix, 0) + "," + job(prefix, 1));
        calls.put("GET /sweeps/{id}/summary (100 runs: 10 configs × 10 seeds)", "/sweeps/" + sweep + "/summary");
        calls.put("GET /sweeps/{id}/summary?curves=true", "/sweeps/" + sweep + "/summary?curves=true");
        calls.put("GET /sweeps/{id}/winners", "/sweeps/" + sweep + "/winners");
        calls.put("GET /runs/{id} (events + curves)", "/runs/" + job(prefix, 42 % runs));
        calls.put("GET /runs?limit=50 (all " + runs + " runs, newest first)", "/runs?limit=50");
        calls.put("GET /runs?sweep=...&status=COMPLETED", "/runs?sweep=" + sweep + "&status=COMPLETED");
        calls.put("GET /runs.csv?sweep=... (100 rows)", "/runs.csv?sweep=" + sweep);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (var e : calls.entrySet()) {
            out.put(e.getKey(), time(() -> {
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + e.getValue())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(e.getValue() + " → " + r.statusCode() + " " + r.body());
                    }
                    return r.body().length();
                } catch (IOException | InterruptedException ex) {
                    throw new IllegalStateException(ex);
                }
            }));
        }
        try (Connection c = StackTestResource.connect(); Statement s = c.createStatement()) {
            out.put("SQL: SELECT * FROM results.frontier (all " + runs + " runs, Grafana)", time(() -> sql(s,
                    "SELECT * FROM results.frontier")));
            out.put("SQL: config_epoch_metrics for one sweep (seed bands, Grafana)", time(() -> sql(s,
                    "SELECT * FROM results.config_epoch_metrics WHERE sweep_id = '" + sweep + "'")));
        }
        return out;
    }

    static int sql(Statement s, String q) {
        try (ResultSet rs = s.executeQuery(q)) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 5 warm-up calls, then 30 timed: {median ms, p95 ms, max ms}. */
    static double[] time(Supplier<Integer> call) {
        for (int i = 0; i < 5; i++) {
            call.get();
        }
        double[] ms = new double[30];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[]{ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.95) - 1], ms[ms.length - 1]};
    }

    static String report(int runs, int epochs, long events, long warmEvents, Ingest ingest, Map<String, double[]> queries,
                         String loadBefore, String loadAfter) {
        StringBuilder sb = new StringBuilder();
        sb.append("# results-service benchmark, ").append(LocalDate.now()).append("\n\n");
        sb.append("Command (from the checkout, JDK 25):\n\n```\n")
                .append("./mvnw -B -q -pl results-service -am verify -Pbench -DskipTests\n")
                .append("```\n\n");
        sb.append(String.format(Locale.ROOT, "Machine: %d CPUs (%s), %s; load average before %s, after %s. "
                        + "Broker, PostgreSQL 17 (throw-away: fsync off), the service and this runner share the machine.%n%n",
                Runtime.getRuntime().availableProcessors(), cpu(), System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"), loadBefore, loadAfter));
        sb.append("## Ingest (Kafka → PostgreSQL, batch mode, one transaction per poll)\n\n");
        sb.append(String.format(Locale.ROOT, "%,d runs × (ACCEPTED, STARTED, %d PROGRESS, COMPLETED) = %,d events, "
                        + "queued before the service started behind %,d warm-up events that it drains first (not timed: JIT); "
                        + "%,d epoch-metric rows and as many step-metric rows written beside the timed events.%n%n",
                runs, epochs, events, warmEvents, ingest.rowsEpochMetrics));
        sb.append("| figure | value | target |\n|---|---|---|\n");
        sb.append(String.format(Locale.ROOT, "| events persisted per second (the service's stored-events counter, from the last warm-up event to the last event, polled every 250 ms) | **%,.0f** | ≥ 20,000 |%n",
                events / ingest.seconds));
        sb.append(String.format(Locale.ROOT, "| time to drain %,d events | %.2f s | |%n", events, ingest.seconds));
        sb.append(String.format(Locale.ROOT, "| span of the rows' transaction times (ingested_at) | %.2f s | |%n",
                ingest.dbSpanSeconds));
        sb.append(String.format(Locale.ROOT, "| batches (polls), events per batch, time per batch transaction (2 in flight) | %.0f, %.0f, %.1f ms | |%n",
                ingest.batches, events / ingest.batches, 1e3 * ingest.batchSeconds / ingest.batches));
        double cores = ingest.cpu.total() / ingest.seconds;
        sb.append(String.format(Locale.ROOT, "| CPU used while draining: service + PostgreSQL + broker | %.1f + %.1f + %.1f s "
                        + "(%.2f cores of %d on average) | |%n", ingest.cpu.service(), ingest.cpu.postgres(),
                ingest.cpu.broker(), cores, Runtime.getRuntime().availableProcessors()));
        sb.append(String.format(Locale.ROOT, "| events per CPU-second (all three together) | %,.0f | |%n",
                events / ingest.cpu.total()));
        sb.append(String.format(Locale.ROOT, "| projected on %d idle cores (events per CPU-second × cores) | %,.0f | ≥ 20,000 |%n%n",
                Runtime.getRuntime().availableProcessors(),
                events / ingest.cpu.total() * Runtime.getRuntime().availableProcessors()));
        sb.append(String.format(Locale.ROOT, "## Queries with %,d runs × %d epochs in PostgreSQL (%,d epoch-metric rows)%n%n",
                runs, epochs, ingest.rowsEpochMetrics));
        sb.append("HTTP on loopback (java.net.http client), 5 warm-up calls then 30 timed. Target for the comparison "
                + "query: ≤ 200 ms.\n\n");
        sb.append("| query | median ms | p95 ms | max ms |\n|---|---|---|---|\n");
        queries.forEach((name, t) -> sb.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", name, t[0],
                t[1], t[2])));
        return sb.toString();
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("cpu");
        } catch (IOException e) {
            return "cpu";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ResultsBenchmark() {
    }

}
