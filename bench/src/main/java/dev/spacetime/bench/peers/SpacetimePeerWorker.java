package dev.spacetime.bench.peers;

import dev.spacetime.bench.mnist.Json;
import dev.spacetime.bench.mnist.Measurement;
import dev.spacetime.bench.mnist.MnistProtocol;
import dev.spacetime.bench.mnist.OrderStream;
import dev.spacetime.bench.mnist.SpacetimeSide;
import dev.spacetime.bench.mnist.Stats;
import dev.spacetime.engine.data.DataOptions;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.experiment.ExperimentResult;
import dev.spacetime.engine.experiment.ExperimentRunner;
import dev.spacetime.engine.experiment.Preset;
import dev.spacetime.engine.experiment.RunConfig;
import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.loss.LossFunction;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.train.LatencyStats;
import dev.spacetime.engine.train.MemoryStats;
import dev.spacetime.engine.train.TrainConfig;
import dev.spacetime.engine.train.Trainer;
import dev.spacetime.engine.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Spacetime's side of one {@code bench peers} workload, in a child JVM of its own (pinned with {@code taskset -c 0}
 * for one thread, as the peers are), so that its wall time and peak RSS are those of a process doing this workload
 * only. Prints one {@link EngineResult} JSON line on stdout, progress on stderr.
 *
 * <ul>
 *   <li>Iris and XOR run through the engine's {@link ExperimentRunner} with the presets' configurations, after a
 *       warm-up until the training time settles ({@link #warmUp}), then {@code repeats} timed trainings per seed; the
 *       training time is the Trainer's (training loop only), evaluation is timed apart; the latency probe is the
 *       engine's {@link LatencyStats} (the batch figures: all 30 test rows per call, with the predicted classes).</li>
 *   <li>MNIST runs bench mnist's {@link SpacetimeSide}: one warm-up epoch, then repeats × epochs.</li>
 *   <li>Before anything is timed: the initial outputs and loss of every seed on epoch 1's first batch, and the
 *       losses of the first training steps (an untimed training), for the same-weights check.</li>
 * </ul>
 */
public final class SpacetimePeerWorker {

    public static final int CHECK_STEPS = 3;
    public static final String WARMUP_RULE = "untimed trainings of every configuration until the median of the last "
            + "5 is within 10% of the best (at least 3 s, at most 20 s per configuration), then ExperimentRunner's own "
            + "2 s warm-up when it repeats";
    private static final long WARMUP_MIN_NANOS = 3_000_000_000L;
    private static final long WARMUP_MAX_NANOS = 20_000_000_000L;

    private SpacetimePeerWorker() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        Workload w = Workload.parse(a.get("--workload"));
        int threads = Integer.parseInt(a.get("--threads"));
        WorkloadPlan plan = WorkloadPlan.of(w, Integer.parseInt(a.get("--epochs")), Integer.parseInt(a.get("--seeds")),
                Integer.parseInt(a.get("--repeats")), Integer.parseInt(a.get("--latency-calls")), List.of(threads));
        Path dataDir = a.containsKey("--data-dir") ? Path.of(a.get("--data-dir")) : null;
        Path cache = a.containsKey("--cache") ? Path.of(a.get("--cache")) : null;
        EngineResult r = measure(plan, threads, Boolean.parseBoolean(a.getOrDefault("--pinned", "false")),
                a.getOrDefault("--placement", "child JVM"), dataDir, cache,
                line -> System.err.println("  [spacetime] " + line));
        System.out.println(Json.write(r.toMap()));
    }

    /** Child-JVM arguments for {@link #main}. */
    static List<String> arguments(WorkloadPlan plan, int threads, boolean pinned, String placement, Path dataDir,
                                  Path cacheDir) {
        List<String> args = new ArrayList<>(List.of("--workload", plan.workload().id(), "--threads",
                String.valueOf(threads), "--epochs", String.valueOf(plan.epochs()), "--seeds",
                String.valueOf(plan.seeds().size()), "--repeats", String.valueOf(plan.repeats()), "--latency-calls",
                String.valueOf(plan.latencyCalls()), "--pinned", String.valueOf(pinned), "--placement", placement));
        if (dataDir != null) {
            args.addAll(List.of("--data-dir", dataDir.toString()));
        }
        if (cacheDir != null) {
            args.addAll(List.of("--cache", cacheDir.toString()));
        }
        return args;
    }

    public static EngineResult measure(WorkloadPlan plan, int threads, boolean pinned, String placement, Path dataDir,
                                       Path cacheDir, Consumer<String> log) {
        DataSplit data = plan.load(dataDir, cacheDir, log);
        Kernels kernels = KernelProvider.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine_version", "spacetime (" + kernels.id() + " kernels)");
        details.put("kernels", kernels.id());
        details.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        details.put("available_processors", Runtime.getRuntime().availableProcessors());
        details.put("optimizer", plan.config().train().optimizer().describe());
        details.put("timer", timerInfo());
        EngineResult r = plan.workload().isMnist()
                ? mnist(plan, data, threads, pinned, placement, details, log)
                : small(plan, data, kernels, threads, pinned, placement, dataDir, cacheDir, details, log);
        return r;
    }

    private static EngineResult small(WorkloadPlan plan, DataSplit data, Kernels kernels, int threads, boolean pinned,
                                      String placement, Path dataDir, Path cacheDir, Map<String, Object> details,
                                      Consumer<String> log) {
        List<EngineResult.InitCheck> inits = new ArrayList<>();
        for (long seed : plan.seeds()) {
            inits.add(initCheck(plan, data, seed, kernels));
        }
        List<Double> firstSteps = firstSteps(plan, data, plan.seeds().getFirst(), kernels);

        RunConfig loop = plan.config(threads, plan.latencyCalls());
        List<RunConfig> configs = new ArrayList<>(List.of(loop));
        if (plan.withEval()) {
            RunConfig e = plan.config(threads, 0);
            configs.add(new RunConfig(e.label() + " (with per-epoch evaluation)", e.model(), e.options(), e.dataset(),
                    e.train(), e.splitSeed(), e.trainLimit(), true));
        }
        DataOptions opts = new DataOptions(dataDir, cacheDir == null ? DataOptions.defaultCacheDir() : cacheDir, 0, 0);
        ExperimentRunner runner = new ExperimentRunner(kernels, opts, log);
        double warmup = warmUp(plan, configs, data, kernels, log);
        ExperimentResult res = runner.run(new Preset(plan.workload().id(), plan.workload().title(), configs,
                plan.seeds(), List.of(), plan.repeats()), new ExperimentRunner.Listener() {
                    @Override
                    public void runFinished(int index, int total, RunConfig config, ExperimentResult.Run run) {
                        log.accept(String.format(Locale.ROOT, "%d thread(s): run %d/%d %s seed %d: %s s, test accuracy %.4f",
                                threads, index, total, config.label(), config.train().seed(),
                                format(run.repeatSeconds()), run.result().test().accuracy()));
                    }
                });

        List<EngineResult.SeedRun> runs = new ArrayList<>();
        EngineResult.WithEval withEval = null;
        EngineResult.Inference inference = null;
        for (ExperimentResult.Run run : res.runs()) {
            if (!run.config().evalEachEpoch()) {
                runs.add(new EngineResult.SeedRun(run.config().train().seed(), run.repeatSeconds(),
                        run.result().test().loss(), run.result().test().accuracy(), run.converged(), null));
                LatencyStats l = run.result().latency();
                if (inference == null && l.calls() > 0) {
                    inference = new EngineResult.Inference(l.batchRows(), l.calls(), l.batchP50Micros(),
                            l.batchP99Micros(), "System.nanoTime");
                    details.put("single_row_p50_us", l.p50Micros());
                    details.put("single_row_p99_us", l.p99Micros());
                }
            } else if (withEval == null) {
                withEval = new EngineResult.WithEval(run.repeatSeconds(), List.of(run.evalSeconds()),
                        run.result().test().accuracy());
                details.put("eval_seconds_scope", "evaluation time of the last repeat (the runner keeps that one)");
            }
        }
        details.put("warmup", WARMUP_RULE);
        return new EngineResult("spacetime", plan.workload().id(), threads, pinned, placement, null, warmup, runs,
                withEval, inference, new EngineResult.Check(inits, firstSteps, null), MemoryStats.peakRssBytes(),
                details, Double.NaN, "");
    }

    /**
     * Trains each configuration untimed (latency probe off) until its training time settles: a fixed 2 s is not
     * enough on a pinned, shared core, where the JIT compiler threads get the same core as the training. Returns
     * the seconds spent.
     */
    static double warmUp(WorkloadPlan plan, List<RunConfig> configs, DataSplit data, Kernels kernels,
                         Consumer<String> log) {
        long start = System.nanoTime();
        long seed = plan.seeds().getFirst();
        for (RunConfig c : configs) {
            DataSplit d = c.evalEachEpoch() ? new DataSplit(data.train(), data.test(), data.test(), data.description()) : data;
            TrainConfig t = c.train().withLatencyCalls(0);
            List<Double> times = new ArrayList<>();
            double best = Double.POSITIVE_INFINITY;
            long c0 = System.nanoTime();
            while (true) {
                Model m = plan.spec(data, seed).build();
                m.initialize(seed);
                double s = new Trainer(t, kernels).train(m, d, TrainingListener.NONE).trainSeconds();
                times.add(s);
                best = Math.min(best, s);
                long spent = System.nanoTime() - c0;
                boolean settled = times.size() >= 5
                        && Stats.median(times.subList(times.size() - 5, times.size())) <= 1.1 * best;
                if ((settled && spent >= WARMUP_MIN_NANOS) || spent >= WARMUP_MAX_NANOS) {
                    log.accept(String.format(Locale.ROOT, "%s: warm-up %d trainings in %.1f s, last %s s, best %.4f s%s",
                            c.label(), times.size(), spent / 1e9, format(times.subList(Math.max(0, times.size() - 5),
                                    times.size())), best, settled ? "" : " (not settled: stopped at the cap)"));
                    break;
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static EngineResult mnist(WorkloadPlan plan, DataSplit data, int threads, boolean pinned, String placement,
                                      Map<String, Object> details, Consumer<String> log) {
        long seed = plan.seeds().getFirst();
        MnistProtocol p = new MnistProtocol(plan.spec(data, seed), seed, plan.epochs(), plan.repeats());
        Measurement m = SpacetimeSide.measure(data, p, threads, pinned, placement, log);
        List<Double> perRepeat = m.epochSeconds().stream().map(l -> l.stream().mapToDouble(Double::doubleValue).sum()).toList();
        Object testLoss = m.details().get("test_loss");
        details.put("epoch_seconds", m.epochSeconds());
        details.put("warmup", "one untimed epoch (bench mnist's SpacetimeSide)");
        details.put("parameters", p.model().parameterCount());
        details.put("model", p.model().name());
        EngineResult.SeedRun run = new EngineResult.SeedRun(seed, perRepeat,
                testLoss instanceof Number n ? n.doubleValue() : Double.NaN, m.testAccuracy(), m.testAccuracy() == 1.0, null);
        EngineResult.Check check = new EngineResult.Check(
                List.of(new EngineResult.InitCheck(seed, List.of(), m.firstBatchLoss())), m.firstStepLosses(), null);
        return new EngineResult("spacetime", plan.workload().id(), threads, pinned, placement, null, m.warmupSeconds(),
                List.of(run), null, null, check, MemoryStats.peakRssBytes(), details, Double.NaN, "");
    }

    /** Rows of epoch 1's first batch: all rows (full batch, data order) or the first positions of the order. */
    static int[] firstBatch(WorkloadPlan plan, Dataset train, long seed) {
        int b = Math.min(plan.batch(), train.n());
        if (b == train.n()) {
            int[] all = new int[b];
            Arrays.setAll(all, i -> i);
            return all;
        }
        return Arrays.copyOf(OrderStream.permutations(seed, train.n(), 1)[0], b);
    }

    /**
     * The initial model's outputs on epoch 1's first batch (softmax probabilities, or the sigmoid output) and its
     * loss there, by the engine's own forward pass and loss.
     */
    public static EngineResult.InitCheck initCheck(WorkloadPlan plan, DataSplit data, long seed, Kernels kernels) {
        Model model = plan.spec(data, seed).build();
        model.initialize(seed);
        Dataset train = data.train();
        int[] rows = firstBatch(plan, train, seed);
        int n = rows.length;
        int f = train.features();
        float[] x = new float[n * f];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(train.x(), rows[i] * f, x, i * f, f);
            y[i] = train.y()[rows[i]];
        }
        float[] out = model.forward(kernels, model.newWorkspace(n), x, 0, n);
        int width = model.outputSize();
        float[] outCopy = Arrays.copyOf(out, n * width);
        LossFunction lf = model.spec().loss();
        double loss = lf.loss(kernels, Arrays.copyOf(outCopy, n * width + Buffers.PAD), n, width, y, 0, Buffers.floats(n * width));
        List<Double> outputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (lf == LossFunction.MEAN_SQUARED_ERROR) {
                outputs.add((double) outCopy[i]);
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < width; j++) {
                max = Math.max(max, outCopy[i * width + j]);
            }
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += Math.exp(outCopy[i * width + j] - max);
            }
            for (int j = 0; j < width; j++) {
                outputs.add(Math.exp(outCopy[i * width + j] - max) / sum);
            }
        }
        return new EngineResult.InitCheck(seed, outputs, loss);
    }

    /** Losses of the first {@link #CHECK_STEPS} training steps from {@code seed}'s initial weights (untimed). */
    static List<Double> firstSteps(WorkloadPlan plan, DataSplit data, long seed, Kernels kernels) {
        Model model = plan.spec(data, seed).build();
        model.initialize(seed);
        TrainConfig t = plan.config(1, 0).train();
        int steps = (data.train().n() + t.batch() - 1) / t.batch();
        int epochs = Math.min(t.epochs(), (CHECK_STEPS + steps - 1) / steps);
        TrainConfig c = new TrainConfig(epochs, t.batch(), t.optimizer(), t.schedule(), seed, 1, 0, 1);
        List<Double> losses = new ArrayList<>();
        new Trainer(c, kernels).train(model, new DataSplit(data.train(), null, data.test(), data.description()),
                new TrainingListener() {
                    @Override
                    public void stepFinished(int epoch, int step, double loss) {
                        if (losses.size() < CHECK_STEPS) {
                            losses.add(loss);
                        }
                    }
                });
        return losses;
    }

    /** System.nanoTime as this JVM sees it: the smallest non-zero step between reads and the median read cost. */
    static Map<String, Object> timerInfo() {
        long[] t = new long[200_000];
        for (int i = 0; i < t.length; i++) {
            t[i] = System.nanoTime();
        }
        long[] d = new long[t.length - 1];
        long minPos = Long.MAX_VALUE;
        for (int i = 0; i < d.length; i++) {
            d[i] = t[i + 1] - t[i];
            if (d[i] > 0) {
                minPos = Math.min(minPos, d[i]);
            }
        }
        Arrays.sort(d);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timer", "System.nanoTime");
        m.put("observed_granularity_ns", minPos == Long.MAX_VALUE ? null : minPos);
        m.put("read_cost_median_ns", (double) d[d.length / 2]);
        return m;
    }

    private static String format(List<Double> s) {
        StringBuilder b = new StringBuilder();
        for (double d : s) {
            b.append(b.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.4f", d));
        }
        return b.toString();
    }
}
