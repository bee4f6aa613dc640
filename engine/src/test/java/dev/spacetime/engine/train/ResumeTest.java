package dev.spacetime.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.DataSplit;
import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.data.SplitMix64;
import dev.spacetime.engine.io.CheckpointFile;
import dev.spacetime.engine.io.ModelFileException;
import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.loss.LossFunction;
import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.RecursiveSpec;
import dev.spacetime.engine.optim.OptimizerConfig;
import dev.spacetime.engine.optim.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped after an epoch and resumed from its checkpoint file ends exactly like an uninterrupted run. */
class ResumeTest {

    @TempDir
    Path dir;

    private static DataSplit data(int features, int classes) {
        SplitMix64 rng = new SplitMix64(9);
        int n = 300;
        float[] x = new float[n * features];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
            for (int f = 0; f < features; f++) {
                x[i * features + f] = (float) rng.nextGaussian() + (f % classes == y[i] ? 1.5f : 0f);
            }
        }
        Dataset all = new Dataset("blobs", x, y, n, features, classes, 0, 0);
        return new DataSplit(all.slice(0, 200), all.slice(200, 250), all.slice(250, 300), "blobs");
    }

    private static TrainConfig config(int epochs) {
        return new TrainConfig(epochs, 16, OptimizerConfig.adam(0.01), Schedule.COSINE, 5, 1, 0);
    }

    private void resumeMatches(ModelSpec spec) throws IOException {
        DataSplit d = data(spec.inputSize(), spec.outputSize());
        Model straight = spec.build();
        straight.initialize(5);
        RunResult full = new Trainer(config(5), KernelProvider.get()).train(straight, d, TrainingListener.NONE);

        Path file = dir.resolve(spec.name() + ".ckpt");
        Model first = spec.build();
        first.initialize(5);
        TrainingListener stopAfterTwo = new TrainingListener() {
            int epoch;

            @Override
            public void epochCheckpoint(int e, Supplier<TrainingCheckpoint> snapshot) {
                epoch = e;
                if (e == 2) {
                    try {
                        CheckpointFile.save(file, spec, snapshot.get());
                    } catch (IOException ex) {
                        throw new AssertionError(ex);
                    }
                }
            }

            @Override
            public boolean stopRequested() {
                return epoch == 2;
            }
        };
        TrainingStoppedException stopped = assertThrows(TrainingStoppedException.class,
                () -> new Trainer(config(5), KernelProvider.get()).train(first, d, stopAfterTwo));
        assertEquals(3, stopped.epoch(), "stops at the first step boundary after the request");

        Model resumed = spec.build();   // a fresh process: nothing but the file
        TrainingCheckpoint c = CheckpointFile.load(file, spec);
        assertEquals(2, c.epochsDone());
        RunResult rest = new Trainer(config(5), KernelProvider.get()).resume(resumed, d, c, TrainingListener.NONE);

        int size = spec.build().parameters().size();
        assertArrayEquals(Arrays.copyOf(straight.parameters().values(), size),
                Arrays.copyOf(resumed.parameters().values(), size), spec.name() + ": same weights bit for bit");
        assertEquals(full.epochs().stream().map(EpochMetrics::trainLoss).toList(),
                rest.epochs().stream().map(EpochMetrics::trainLoss).toList(), "same per-epoch losses");
        assertEquals(full.test().accuracy(), rest.test().accuracy());
    }

    @Test
    void mlpResumesExactly() throws IOException {
        resumeMatches(new MlpSpec("t", new int[] {6, 9, 3}, Activation.RELU, Activation.IDENTITY, LossFunction.SOFTMAX_CROSS_ENTROPY));
    }

    @Test
    void laneMlpAndRecursiveNetResumeExactly() throws IOException {
        resumeMatches(MlpSpec.iris());
        resumeMatches(new RecursiveSpec(6, 5, 3, 3));
    }

    @Test
    void aCheckpointOfAnotherModelOrADamagedOneIsRefused() throws IOException {
        ModelSpec spec = MlpSpec.iris();
        DataSplit d = data(4, 3);
        Model m = spec.build();
        m.initialize(1);
        AtomicReference<TrainingCheckpoint> last = new AtomicReference<>();
        new Trainer(config(2), KernelProvider.get()).train(m, d, new TrainingListener() {
            @Override
            public void epochCheckpoint(int epoch, Supplier<TrainingCheckpoint> snapshot) {
                last.set(snapshot.get());
            }
        });
        Path file = dir.resolve("c.ckpt");
        CheckpointFile.save(file, spec, last.get());
        String other = assertThrows(ModelFileException.class, () -> CheckpointFile.load(file, new RecursiveSpec(4, 5, 2, 3))).getMessage();
        assertTrue(other.contains("belongs to model"), other);
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 1;
        Files.write(file, b);
        String damaged = assertThrows(ModelFileException.class, () -> CheckpointFile.load(file, spec)).getMessage();
        assertTrue(damaged.contains("checksum"), damaged);
    }
}
