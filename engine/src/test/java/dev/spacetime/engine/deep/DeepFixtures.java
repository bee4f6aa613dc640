package dev.spacetime.engine.deep;

import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.DeepKernels;
import dev.spacetime.engine.kernel.DeepKernelsProvider;
import java.nio.file.Path;

/** Small models on synthetic MNIST-shaped data, and access to what the files hold. */
final class DeepFixtures {

    private DeepFixtures() {
    }

    /** 64 training and 32 test "images" of random bytes with random labels: enough to exercise every path. */
    static Mnist syntheticMnist(long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        byte[] trainX = new byte[64 * 784];
        byte[] trainY = new byte[64];
        byte[] testX = new byte[32 * 784];
        byte[] testY = new byte[32];
        for (int i = 0; i < trainX.length; i++) {
            trainX[i] = (byte) (rng.nextInt(4) == 0 ? rng.nextInt(256) : 0);   // sparse like MNIST
        }
        for (int i = 0; i < testX.length; i++) {
            testX[i] = (byte) rng.nextInt(256);
        }
        for (int i = 0; i < 64; i++) {
            trainY[i] = (byte) rng.nextInt(10);
        }
        for (int i = 0; i < 32; i++) {
            testY[i] = (byte) rng.nextInt(10);
        }
        return new Mnist(trainX, trainY, 64, testX, testY, 32);
    }

    record Model(Path weights, Path head) {
    }

    static Model init(Path dir, String name, long layers, int width, Activation act, int fileChunk, long seed) {
        Model m = new Model(dir.resolve(name + ".weights"), dir.resolve(name + ".head"));
        DeepInit.create(m.weights(), m.head(), new DeepSpec(layers, width, act, DeepSpec.defaultAlpha(layers)), fileChunk,
                seed, DeepListener.NONE);
        return m;
    }

    static DeepResult train(Model m, TrainSettings s, DeepOptions o, Mnist data, boolean resume) {
        return train(m, s, o, data, resume, DeepKernelsProvider.get());
    }

    static DeepResult train(Model m, TrainSettings s, DeepOptions o, Mnist data, boolean resume, DeepKernels k) {
        try (DeepTrainer t = DeepTrainer.open(m.weights(), m.head(), s, resume, o, k, data, DeepListener.NONE)) {
            return t.run(DeepListener.NONE);
        }
    }

    static DeepOptions options(long steps, int chunk, boolean inMemory, boolean storeAll, long checkpointEvery) {
        return new DeepOptions(steps, chunk, inMemory, storeAll, checkpointEvery, 1_000_000);
    }

    /** Every layer parameter of the checkpoint the head file names. */
    static float[] layers(Model m) {
        HeadFile hf = HeadFile.read(m.head());
        Path slot = Slots.find(m.weights(), hf.runId(), hf.step());
        try (SlotFile f = SlotFile.open(slot, false)) {
            DeepSpec spec = f.header().spec();
            float[] all = new float[(int) (spec.layers() * spec.layerFloats())];
            f.verifyWhileReading();
            f.readLayers(0, (int) spec.layers(), all, 0);
            return all;
        }
    }

    static float[] headParams(Model m) {
        DeepHead h = HeadFile.read(m.head()).head();
        float[] all = new float[h.floats()];
        int at = 0;
        for (float[] a : new float[][] {h.wIn, h.bIn, h.wOut, h.bOut}) {
            System.arraycopy(a, 0, all, at, a.length);
            at += a.length;
        }
        return all;
    }

    /** Bitwise equality, except that +0 and −0 count as equal (their sign cannot reach a weight; see DeepKernels). */
    static void assertSameBits(float[] expected, float[] actual, String what) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + expected.length + " vs " + actual.length + " values");
        }
        for (int i = 0; i < expected.length; i++) {
            boolean same = Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(actual[i])
                    || (expected[i] == 0f && actual[i] == 0f);
            if (!same) {
                throw new AssertionError(what + ": value " + i + " differs: " + expected[i] + " vs " + actual[i]);
            }
        }
    }
}
