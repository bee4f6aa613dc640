package dev.spacetime.bench.mnist;

import dev.spacetime.engine.data.DataSplit;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Entry point of the child JVM that measures Spacetime pinned to one core: {@code bench mnist} starts it as
 * {@code taskset -c 0 java <this JVM's flags> -cp <class path> SpacetimeWorker --threads 1 ...}, so that the JIT
 * compiler, the GC and the training thread all share core 0, as the pinned PyTorch process does. It loads the data
 * from the cache the parent filled, measures with {@link SpacetimeSide}, and prints one JSON line on stdout.
 */
public final class SpacetimeWorker {

    private SpacetimeWorker() {
    }

    public static void main(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        MnistProtocol p = new MnistProtocol(Long.parseLong(a.get("--seed")), Integer.parseInt(a.get("--epochs")),
                Integer.parseInt(a.get("--repeats")));
        int threads = Integer.parseInt(a.get("--threads"));
        Path dataDir = a.containsKey("--data-dir") ? Path.of(a.get("--data-dir")) : null;
        Path cache = a.containsKey("--cache") ? Path.of(a.get("--cache")) : null;
        DataSplit data = MnistData.load(dataDir, cache, System.err::println);
        Measurement m = SpacetimeSide.measure(data, p, threads, true, a.getOrDefault("--placement", "child JVM"),
                line -> System.err.println("  [pinned JVM] " + line));
        System.out.println(Json.write(m.toMap()));
    }
}
