package dev.spacetime.bench.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.train.Trainer;
import dev.spacetime.engine.train.TrainingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export is the whole claim of "same weights, same data, same order": an independent NumPy replay of the
 * exported workload (through the shipped peer's own loader) must reproduce the losses of Spacetime's first training
 * steps. Step 1 checks data, labels, weights (and their [in×out] layout) and the first batch; steps 2–4 also check
 * the order of later batches and the SGD update.
 *
 * <p>Needs Debian's {@code /usr/bin/python3} with NumPy; without it the test FAILS (it is not skipped).
 */
class PeerExportNumpyTest {

    private static final int ROWS = 256;
    private static final int STEPS = ROWS / MnistProtocol.BATCH;

    @TempDir
    Path dir;

    @Test
    void numpyReplayOfTheExportMatchesSpacetimesFirstSteps() {
        PythonPeer python = new PythonPeer(System.getProperty("spacetime.peer.python", PythonPeer.DEFAULT_PYTHON));
        String missing = python.missing("numpy");
        if (missing != null) {
            fail(missing + ": install python3-numpy (apt-get install -y python3-numpy; the project's test script "
                    + "installs it) to run the peer-export check");
        }
        MnistProtocol p = new MnistProtocol(11, 1, 1);
        DataSplit data = TinyWorkload.split(ROWS, 32, 5);
        Model model = SpacetimeSide.newModel(p);
        PeerExport.write(dir, data, model, p, "tiny");

        List<Double> spacetime = new ArrayList<>();
        new Trainer(p.trainConfig(1, 1), KernelProvider.get()).train(model, data, new TrainingListener() {
            @Override
            public void stepFinished(int epoch, int step, double loss) {
                spacetime.add(loss);
            }
        });
        assertEquals(STEPS, spacetime.size());

        PythonPeer.extract("peer_common.py", dir);
        PythonPeer.extract("mnist_torch.py", dir);
        PythonPeer.extract("first_steps_numpy.py", dir);
        Processes.Result r = Processes.run(List.of(python.python(), dir.resolve("first_steps_numpy.py").toString(),
                "--dir", dir.toString(), "--steps", String.valueOf(STEPS)), Map.of(), System.err::println, 120);
        assertEquals(0, r.exit(), "the NumPy replay failed:\n" + r.stderr());
        @SuppressWarnings("unchecked")
        List<Number> numpy = (List<Number>) Json.readObject(r.lastLine()).get("losses");
        assertEquals(STEPS, numpy.size());
        System.err.println("[PeerExportNumpyTest] Spacetime " + spacetime + " vs NumPy " + numpy);
        for (int s = 0; s < STEPS; s++) {
            double rel = MnistReport.relDiff(spacetime.get(s), numpy.get(s).doubleValue());
            assertTrue(rel <= 1e-5, "step " + (s + 1) + ": Spacetime loss " + spacetime.get(s) + ", NumPy "
                    + numpy.get(s) + " (relative difference " + rel + " > 1e-5)");
        }
    }
}
