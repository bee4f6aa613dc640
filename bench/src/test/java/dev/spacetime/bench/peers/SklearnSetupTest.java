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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scikit-learn peer really trains plain SGD: its MLPClassifier's get_params() (printed by
 * {@code peer_sklearn.py --check-only}, with the settings fit() runs with) has momentum 0, no Nesterov, alpha 0 and the
 * workload's rate and batch, where sklearn's defaults are 0.9, True and 1e-4; it starts from the exported weights
 * (its first forward pass equals Spacetime's) and fit() follows the exported order (its self-check).
 */
class SklearnSetupTest {

    @TempDir
    Path dir;

    @Test
    void irisRunsPlainSgdFromTheExportedWeightsInTheExportedOrder() {
        Map<?, ?> out = checkOnly(Workload.IRIS);
        Map<?, ?> params = params(out);
        assertEquals("sgd", params.get("solver"));
        assertEquals("constant", params.get("learning_rate"));
        assertEquals(0.0, ((Number) params.get("momentum")).doubleValue(), "momentum");
        assertEquals(false, params.get("nesterovs_momentum"), "nesterovs_momentum");
        assertEquals(0.0, ((Number) params.get("alpha")).doubleValue(), "alpha (L2)");
        assertEquals(0.01, ((Number) params.get("learning_rate_init")).doubleValue());
        assertEquals(32, ((Number) params.get("batch_size")).intValue());
        assertEquals("relu", params.get("activation"));
        assertEquals(false, params.get("early_stopping"));
        assertEquals(true, params.get("shuffle"), "fit() shuffles through the order replay");
        assertEquals(0.0, ((Number) params.get("tol")).doubleValue());
        Map<?, ?> details = (Map<?, ?>) out.get("details");
        assertTrue(String.valueOf(details.get("order_check")).contains("bit for bit"), String.valueOf(details.get("order_check")));
        assertEquals("the workload's loss", details.get("training_loss"));
    }

    @Test
    void xorRunsFullBatchInDataOrderAndSaysItTrainsLogLoss() {
        Map<?, ?> out = checkOnly(Workload.XOR);
        Map<?, ?> params = params(out);
        assertEquals(0.0, ((Number) params.get("momentum")).doubleValue());
        assertEquals(false, params.get("nesterovs_momentum"));
        assertEquals(0.0, ((Number) params.get("alpha")).doubleValue());
        assertEquals(0.5, ((Number) params.get("learning_rate_init")).doubleValue());
        assertEquals(4, ((Number) params.get("batch_size")).intValue());
        assertEquals("logistic", params.get("activation"));
        assertEquals(false, params.get("shuffle"), "full batch: the rows in data order");
        assertTrue(String.valueOf(((Map<?, ?>) out.get("details")).get("training_loss")).contains("log-loss"));
    }

    private static Map<?, ?> params(Map<?, ?> out) {
        return (Map<?, ?>) ((Map<?, ?>) out.get("details")).get("get_params");
    }

    /** Runs peer_sklearn.py --check-only on the workload's export; asserts its first forward pass is Spacetime's. */
    private Map<?, ?> checkOnly(Workload w) {
        PythonPeer python = PythonDeps.require("numpy", "python3-numpy", "sklearn", "python3-sklearn");
        WorkloadPlan plan = WorkloadPlan.of(w, 5, w == Workload.XOR ? 3 : 1, 1, 0, List.of(1));
        DataSplit data = plan.load(null, null, line -> { });
        PeersBench.export(plan, data, dir);
        Processes.Result r = Processes.run(List.of(python.python(), dir.resolve("peer_sklearn.py").toString(), "--dir",
                dir.toString(), "--check-only"), Map.of(), System.err::println, 120);
        assertEquals(0, r.exit(), "peer_sklearn.py --check-only failed:\n" + r.stderr());
        Map<String, Object> out = Json.readObject(r.lastLine());
        System.err.println("[SklearnSetupTest] " + w.id() + " get_params: " + params(out));
        for (Object o : (List<?>) out.get("checks")) {
            Map<?, ?> c = (Map<?, ?>) o;
            long seed = ((Number) c.get("seed")).longValue();
            EngineResult.InitCheck st = SpacetimePeerWorker.initCheck(plan, data, seed, KernelProvider.get());
            List<Double> sk = EngineResult.doubles(c.get("initial_outputs"));
            assertEquals(st.initialOutputs().size(), sk.size());
            for (int i = 0; i < sk.size(); i++) {
                double rel = Math.abs(sk.get(i) - st.initialOutputs().get(i)) / Math.abs(st.initialOutputs().get(i));
                assertTrue(rel <= PeerForwardNumpyTest.TOLERANCE, w.id() + " seed " + seed + " output " + i
                        + ": Spacetime " + st.initialOutputs().get(i) + ", scikit-learn " + sk.get(i));
            }
        }
        return out;
    }
}
