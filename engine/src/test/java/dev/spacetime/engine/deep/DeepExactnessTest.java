package dev.spacetime.engine.deep;

import static dev.spacetime.engine.deep.DeepFixtures.assertSameBits;
import static dev.spacetime.engine.deep.DeepFixtures.headParams;
import static dev.spacetime.engine.deep.DeepFixtures.layers;
import static dev.spacetime.engine.deep.DeepFixtures.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.DeepKernelsScalar;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exactness: chunked (odd chunk sizes, 4 KiB mapping windows so chunks straddle window boundaries, chunks that do
 * not match the file's checksummed chunks), in-memory and store-everything runs end with bit-identical weights; one
 * step equals the store-everything reference bit for bit; the reference's gradients equal finite differences.
 */
class DeepExactnessTest {

    private static final Mnist DATA = DeepFixtures.syntheticMnist(11);

    @TempDir
    Path dir;

    @BeforeEach
    void smallWindows() {
        System.setProperty("spacetime.deep.window", "4096");
    }

    @AfterEach
    void defaultWindows() {
        System.clearProperty("spacetime.deep.window");
    }

    @ParameterizedTest(name = "w={0} {1} batch={2} layers={3}")
    @CsvSource({"4,SOFTSIGN,16,61", "4,RELU,20,61", "5,TANH,9,47", "3,SOFTSIGN,33,29", "8,TANH,16,23"})
    void everyModeEndsWithTheSameBits(int width, Activation act, int batch, long layers) {
        TrainSettings s = new TrainSettings(batch, 5, 0.2f, 0.1f);
        String[] runs = {"memory-c5", "chunked-c7", "chunked-file-chunks-stored", "memory-c1-stored", "scalar-chunked-c13"};
        float[][] weights = new float[runs.length][];
        float[][] heads = new float[runs.length][];
        for (int i = 0; i < runs.length; i++) {
            DeepFixtures.Model m = DeepFixtures.init(dir, runs[i], layers, width, act, 9, 3);
            DeepOptions o = switch (i) {
                case 0 -> options(3, 5, true, false, 2);
                case 1 -> options(3, 7, false, false, 2);
                case 2 -> options(3, 0, false, true, 1);
                case 3 -> options(3, 1, true, true, 3);
                default -> options(3, 13, false, false, 2);
            };
            if (i == 4) {
                DeepFixtures.train(m, s, o, DATA, false, DeepKernelsScalar.INSTANCE);
            } else {
                DeepFixtures.train(m, s, o, DATA, false);
            }
            weights[i] = layers(m);
            heads[i] = headParams(m);
        }
        for (int i = 1; i < runs.length; i++) {
            assertSameBits(weights[0], weights[i], runs[i] + " vs " + runs[0] + ": layer weights");
            assertSameBits(heads[0], heads[i], runs[i] + " vs " + runs[0] + ": head");
        }
    }

    @ParameterizedTest(name = "w={0} {1} batch={2}")
    @CsvSource({"4,SOFTSIGN,16", "4,TANH,20", "5,RELU,9", "2,SOFTSIGN,40", "7,TANH,16"})
    void oneStepEqualsTheStoreEverythingReference(int width, Activation act, int batch) {
        long layers = 23;
        DeepFixtures.Model m = DeepFixtures.init(dir, "ref", layers, width, act, 6, 9);
        HeadFile before = HeadFile.read(m.head());
        DeepReference ref = new DeepReference(before.spec(), layers(m), before.head());
        TrainSettings s = new TrainSettings(batch, 21, 0.5f, 0.05f);
        DeepResult r = DeepFixtures.train(m, s, options(1, 5, false, false, 1), DATA, false);
        int[] rows = new int[batch];
        new MinibatchStream(s.seed(), DATA.trainN()).rows(0, batch, rows);
        double refLoss = ref.step(DATA.trainX(), DATA.trainY(), rows, s.layerLr(), s.headLr());
        assertEquals(refLoss, r.finalLoss(), 1e-12, "loss of step 1");
        assertSameBits(ref.layers, layers(m), "layer weights after one step");
        DeepHead h = HeadFile.read(m.head()).head();
        assertSameBits(ref.head.wOut, h.wOut, "W_out");
        assertSameBits(ref.head.bOut, h.bOut, "b_out");
        assertSameBits(ref.head.wIn, h.wIn, "W_in");
        assertSameBits(ref.head.bIn, h.bIn, "b_in");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"SOFTSIGN", "TANH", "RELU"})
    void referenceGradientsMatchFiniteDifferences(Activation act) {
        int width = 3;
        long layers = 7;
        DeepFixtures.Model m = DeepFixtures.init(dir, "fd", layers, width, act, 3, 4);
        HeadFile hf = HeadFile.read(m.head());
        float[] w0 = layers(m);
        // larger weights than the init, so every layer's gradient is well above float noise
        for (int i = 0; i < w0.length; i++) {
            w0[i] = (float) Math.sin(i * 1.7) * 0.6f;
        }
        int[] rows = {3, 17, 40, 41, 5};
        DeepReference ref = new DeepReference(hf.spec(), w0, hf.head());
        ref.step(DATA.trainX(), DATA.trainY(), rows, 0f, 0f);   // lr 0: gradients only
        DeepReference at = new DeepReference(hf.spec(), w0, hf.head());
        int lf = hf.spec().layerFloats();
        int checked = 0;
        for (int i = 0; i < w0.length; i += 2) {
            checkGradient(at, rows, 0, i, ref.gLayers[i], "layer " + i / lf + " param " + i % lf);
            checked++;
        }
        for (int i = 0; i < width * 10; i += 7) {
            checkGradient(at, rows, 1, i, ref.gWOut[i], "W_out " + i);
        }
        for (int i = 300; i < 784 * width; i += 97) {
            checkGradient(at, rows, 2, i, ref.gWIn[i], "W_in " + i);
        }
        checkGradient(at, rows, 2, 784 * width + 1, ref.gBIn[1], "b_in 1");
        assertTrue(checked > 10);
    }

    private static void checkGradient(DeepReference at, int[] rows, int group, int index, float analytic, String what) {
        double eps = 1e-5;
        double plus = at.loss(DATA.trainX(), DATA.trainY(), rows, group, index, eps);
        double minus = at.loss(DATA.trainX(), DATA.trainY(), rows, group, index, -eps);
        double numeric = (plus - minus) / (2 * eps);
        double tol = 1e-7 + 2e-3 * Math.abs(numeric);
        if (Math.abs(numeric - analytic) > tol) {
            throw new AssertionError(what + ": analytic " + analytic + ", finite difference " + numeric);
        }
    }
}
