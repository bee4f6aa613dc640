package dev.spacetime.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.bench.mnist.Json;
import dev.spacetime.bench.mnist.Processes;
import dev.spacetime.bench.mnist.PythonPeer;
import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.kernel.KernelProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exported initial weights are Spacetime's: the NumPy peer loads the export with the bench's own loader and
 * script ({@code peer_numpy.py --check-only}) and its first forward pass (outputs and loss on epoch 1's first batch)
 * must equal Spacetime's within 1e-5 relative, for Iris (seed 42, its first minibatch of the exported order) and
 * for every XOR seed (all four rows). This also checks the data, the split, the normalisation and the [in×out]
 * layout, since the rows come from the export too.
 */
class PeerForwardNumpyTest {

    static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"iris", "xor"})
    void numpyForwardPassOfTheExportEqualsSpacetimes(String id) {
        PythonPeer python = PythonDeps.require("numpy", "python3-numpy");
        Workload w = Workload.parse(id);
        WorkloadPlan plan = WorkloadPlan.of(w, 5, w == Workload.XOR ? 10 : 1, 1, 0, List.of(1));
        DataSplit data = plan.load(null, null, line -> { });
        PeersBench.export(plan, data, dir);

        Processes.Result r = Processes.run(List.of(python.python(), dir.resolve("peer_numpy.py").toString(), "--dir",
                dir.toString(), "--check-only"), Map.of(), System.err::println, 120);
        assertEquals(0, r.exit(), "peer_numpy.py --check-only failed:\n" + r.stderr());
        List<?> checks = (List<?>) Json.readObject(r.lastLine()).get("checks");
        assertEquals(plan.seeds().size(), checks.size());
        int width = w == Workload.XOR ? 1 : 3;
        int rows = w == Workload.XOR ? 4 : 32;
        for (Object o : checks) {
            Map<?, ?> c = (Map<?, ?>) o;
            long seed = ((Number) c.get("seed")).longValue();
            EngineResult.InitCheck st = SpacetimePeerWorker.initCheck(plan, data, seed, KernelProvider.get());
            List<Double> numpy = EngineResult.doubles(c.get("initial_outputs"));
            assertEquals(rows * width, numpy.size(), id + " seed " + seed + ": outputs of the first batch");
            assertEquals(st.initialOutputs().size(), numpy.size());
            for (int i = 0; i < numpy.size(); i++) {
                double a = st.initialOutputs().get(i);
                double rel = Math.abs(numpy.get(i) - a) / Math.abs(a);
                assertTrue(rel <= TOLERANCE, id + " seed " + seed + " output " + i + ": Spacetime " + a + ", NumPy "
                        + numpy.get(i) + " (relative difference " + rel + ")");
            }
            double loss = EngineResult.number(c.get("initial_loss"));
            double rel = Math.abs(loss - st.initialLoss()) / st.initialLoss();
            assertTrue(rel <= TOLERANCE, id + " seed " + seed + ": initial loss Spacetime " + st.initialLoss()
                    + ", NumPy " + loss + " (relative difference " + rel + ")");
        }
    }
}
