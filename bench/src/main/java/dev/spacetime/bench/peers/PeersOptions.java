package dev.spacetime.bench.peers;

import dev.spacetime.bench.mnist.PythonPeer;
import dev.spacetime.engine.experiment.Presets;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code bench peers} run does.
 *
 * @param workloads     which workloads, in this order
 * @param quick         the CI-sized run (fewer epochs and repeats, one thread setting)
 * @param repeats       timed trainings per configuration (iris, MNIST), each from the same initial weights, ≥ 1
 * @param xorRepeats    timed trainings per XOR seed (a 100,000-epoch run takes 2–13 s in the peers), ≥ 1
 * @param epochs        epochs per workload
 * @param xorSeeds      how many of the xor preset's seeds (2, 10, 24, ...), 1..10
 * @param latencyCalls  timed predictions of Iris's 30 test rows per engine, ≥ 10,000 for a p99 worth printing
 * @param install       apt-get install the peers' Debian packages when missing (as root)
 * @param python        the peers' interpreter (Debian's {@code /usr/bin/python3})
 * @param dataDir       MNIST IDX folder, or null (cache / npm)
 * @param cacheDir      cache root, or null for the default
 * @param keepExport    keep the exported workloads (their folders are printed)
 * @param peerBudgetSeconds a peer whose warm-up predicts longer timed trainings than this skips them (0: no limit)
 * @param launcherRuns  also time whole {@code ./spacetime experiment xor|iris} processes (needs the launcher)
 */
public record PeersOptions(List<Workload> workloads, boolean quick, int repeats, int xorRepeats,
                           Map<Workload, Integer> epochs, int xorSeeds, int latencyCalls, boolean install,
                           String python, Path dataDir, Path cacheDir, boolean keepExport, double peerBudgetSeconds,
                           boolean launcherRuns) {

    public PeersOptions {
        if (workloads == null || workloads.isEmpty()) {
            throw new IllegalArgumentException("--workloads needs at least one of " + String.join(", ", Workload.IDS));
        }
        workloads = workloads.stream().distinct().toList();
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats " + repeats + " must be at least 1");
        }
        if (xorRepeats < 1) {
            throw new IllegalArgumentException("--xor-repeats " + xorRepeats + " must be at least 1");
        }
        if (xorSeeds < 1 || xorSeeds > Presets.XOR_SEEDS.size()) {
            throw new IllegalArgumentException("xor seeds " + xorSeeds + " must be in 1.." + Presets.XOR_SEEDS.size());
        }
        if (latencyCalls < 1) {
            throw new IllegalArgumentException("latency calls " + latencyCalls + " must be at least 1");
        }
        epochs = new EnumMap<>(epochs);
        for (Workload w : Workload.values()) {
            Integer e = epochs.get(w);
            if (e == null || e < 1) {
                throw new IllegalArgumentException(w.id() + " epochs " + e + " must be at least 1");
            }
        }
        epochs = Map.copyOf(epochs);
    }

    /** The full run ({@code quick = false}: the presets' epochs, 3 repeats) or the CI-sized one. */
    public static PeersOptions defaults(boolean quick) {
        Map<Workload, Integer> epochs = new EnumMap<>(Workload.class);
        epochs.put(Workload.IRIS, 1000);
        epochs.put(Workload.XOR, quick ? 10_000 : 100_000);
        epochs.put(Workload.MNIST_STANDARD, quick ? 1 : 10);
        epochs.put(Workload.MNIST_RECURSIVE, quick ? 1 : 10);
        return new PeersOptions(List.of(Workload.values()), quick, quick ? 2 : 3, 1, epochs, Presets.XOR_SEEDS.size(),
                Presets.LATENCY_CALLS, true, PythonPeer.DEFAULT_PYTHON, null, null, false, 900, true);
    }

    public int epochs(Workload w) {
        return epochs.get(w);
    }

    /** Thread settings tried for every engine: one for XOR (2 rows × 2 units), 1 and 2 elsewhere; 1 when quick. */
    public List<Integer> threads(Workload w) {
        return quick || w == Workload.XOR ? List.of(1) : List.of(1, 2);
    }

    public PeersOptions withWorkloads(List<Workload> w) {
        return new PeersOptions(w, quick, repeats, xorRepeats, epochs, xorSeeds, latencyCalls, install, python,
                dataDir, cacheDir, keepExport, peerBudgetSeconds, launcherRuns);
    }

    public PeersOptions withRepeats(int r, int xor) {
        return new PeersOptions(workloads, quick, r, xor, epochs, xorSeeds, latencyCalls, install, python,
                dataDir, cacheDir, keepExport, peerBudgetSeconds, launcherRuns);
    }

    public PeersOptions withEpochs(Workload w, int e) {
        Map<Workload, Integer> m = new EnumMap<>(epochs);
        m.put(w, e);
        return new PeersOptions(workloads, quick, repeats, xorRepeats, m, xorSeeds, latencyCalls, install, python,
                dataDir, cacheDir, keepExport, peerBudgetSeconds, launcherRuns);
    }

    public PeersOptions withXorSeeds(int n) {
        return new PeersOptions(workloads, quick, repeats, xorRepeats, epochs, n, latencyCalls, install, python,
                dataDir, cacheDir, keepExport, peerBudgetSeconds, launcherRuns);
    }

    public PeersOptions withLatencyCalls(int n) {
        return new PeersOptions(workloads, quick, repeats, xorRepeats, epochs, xorSeeds, n, install, python,
                dataDir, cacheDir, keepExport, peerBudgetSeconds, launcherRuns);
    }

    public PeersOptions withEnvironment(boolean doInstall, String py, Path data, Path cache, boolean keep,
                                        boolean launcher) {
        return new PeersOptions(workloads, quick, repeats, xorRepeats, epochs, xorSeeds, latencyCalls, doInstall, py,
                data, cache, keep, peerBudgetSeconds, launcher);
    }
}
