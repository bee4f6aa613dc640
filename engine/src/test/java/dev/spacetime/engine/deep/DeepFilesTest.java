package dev.spacetime.engine.deep;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.kernel.Activation;
import dev.spacetime.engine.kernel.DeepKernelsProvider;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged, truncated and mismatched files give one clear error; the planner refuses what cannot fit. */
class DeepFilesTest {

    private static final Mnist DATA = DeepFixtures.syntheticMnist(3);
    private static final TrainSettings SETTINGS = new TrainSettings(16, 1, 0.1f, 0.1f);

    @TempDir
    Path dir;

    private DeepFixtures.Model model() {
        return DeepFixtures.init(dir, "m", 200, 4, Activation.TANH, 0, 1);
    }

    private static String evalError(DeepFixtures.Model m) {
        return assertThrows(DeepException.class,
                () -> DeepEval.run(m.weights(), m.head(), DATA, DeepKernelsProvider.get(), 1)).getMessage();
    }

    private static void expect(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
        }
        assertTrue(!message.contains("\n"), "one line: " + message);
    }

    @Test
    void flippedDataByteFailsItsChunkChecksum() throws IOException {
        DeepFixtures.Model m = model();
        WeightFileHeader h = SlotFile.readHeader(m.weights());
        long at = h.layerOffset(150) + 5;   // chunk 10 of ⌈200/14⌉ with 14 layers per chunk
        try (RandomAccessFile f = new RandomAccessFile(m.weights().toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        expect(evalError(m), "chunk 10 (layers 140..153) fails its checksum", "corrupt");
        String train = assertThrows(DeepException.class, () -> DeepFixtures.train(m, SETTINGS,
                DeepFixtures.options(1, 0, true, false, 1), DATA, false)).getMessage();
        expect(train, "fails its checksum");
    }

    @Test
    void truncatedWeightFileSaysSo() throws IOException {
        DeepFixtures.Model m = model();
        try (FileChannel ch = FileChannel.open(m.weights(), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        expect(evalError(m), "is truncated", "deep init");
        try (FileChannel ch = FileChannel.open(m.weights(), StandardOpenOption.WRITE)) {
            ch.truncate(30);
        }
        expect(evalError(m), "too short");
    }

    @Test
    void damagedHeaderAndWrongMagic() throws IOException {
        DeepFixtures.Model m = model();
        try (FileChannel ch = FileChannel.open(m.weights(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {7}), 44);   // inside the step field
        }
        expect(evalError(m), "header checksum mismatch");
        try (FileChannel ch = FileChannel.open(m.weights(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("NOTDEEP!".getBytes()), 0);
        }
        expect(evalError(m), "not a deep weight file");
    }

    @Test
    void corruptOrTruncatedHeadFile() throws IOException {
        DeepFixtures.Model m = model();
        byte[] bytes = Files.readAllBytes(m.head());
        bytes[200] ^= 1;
        Files.write(m.head(), bytes);
        expect(evalError(m), "checksum mismatch", "head file is corrupt");
        Files.write(m.head(), java.util.Arrays.copyOf(bytes, 1000));
        expect(evalError(m), "truncated");
    }

    @Test
    void weightAndHeadOfDifferentModelsAreRefused() {
        DeepFixtures.Model a = model();
        DeepFixtures.Model b = DeepFixtures.init(dir, "other", 200, 4, Activation.TANH, 0, 1);
        expect(evalError(new DeepFixtures.Model(a.weights(), b.head())), "belongs to another run");
    }

    @Test
    void resumeRules() {
        DeepFixtures.Model m = model();
        expect(assertThrows(DeepException.class, () -> DeepFixtures.train(m, SETTINGS,
                DeepFixtures.options(2, 0, false, false, 1), DATA, true)).getMessage(), "records no training yet");
        DeepFixtures.train(m, SETTINGS, DeepFixtures.options(2, 0, false, false, 1), DATA, false);
        expect(assertThrows(DeepException.class, () -> DeepFixtures.train(m, SETTINGS,
                DeepFixtures.options(4, 0, false, false, 1), DATA, false)).getMessage(), "already trained 2 steps", "--resume");
        expect(assertThrows(DeepException.class, () -> DeepFixtures.train(m, new TrainSettings(32, 1, 0.1f, 0.1f),
                DeepFixtures.options(4, 0, false, false, 1), DATA, true)).getMessage(), "batch 16", "batch 32");
    }

    @Test
    void plannerRefusesWhatDoesNotFit() {
        DeepFixtures.Model m = model();
        WeightFileHeader small = SlotFile.readHeader(m.weights());
        // 10¹¹ layers of width 64: 1.7 PB, neither RAM nor this disk
        DeepSpec huge = new DeepSpec(100_000_000_000L, 64, Activation.TANH, 1e-5f);
        WeightFileHeader hugeHeader = new WeightFileHeader(huge, 10_000_000, 0, 1, true,
                new int[WeightFileHeader.chunkCount(huge.layers(), 10_000_000)]);
        Chunking chunks = new Chunking(huge.layers(), 10_000_000);
        DeepPlan memory = DeepPlan.of(huge, hugeHeader, chunks, 16, DeepFixtures.options(1, 0, true, false, 1), m.weights());
        expect(assertThrows(DeepException.class, memory::check).getMessage(), "refusing to start", "not enough disk");
        DeepPlan fits = DeepPlan.of(small.spec(), small, new Chunking(200, 14), 16,
                DeepFixtures.options(1, 0, true, false, 1), m.weights());
        fits.check();
        assertTrue(fits.lines().get(0).contains("200 layers × width 4"), fits.lines().toString());
        // in memory beyond the heap (disk is fine: the file is small because we claim few layers per byte here)
        DeepSpec wide = new DeepSpec(2_000_000, 64, Activation.TANH, 1e-3f);
        WeightFileHeader wideHeader = new WeightFileHeader(wide, 1414, 0, 1, true,
                new int[WeightFileHeader.chunkCount(wide.layers(), 1414)]);
        DeepPlan heap = DeepPlan.of(wide, wideHeader, new Chunking(wide.layers(), 1414), 16,
                DeepFixtures.options(1, 0, true, false, 1), m.weights());
        if (wide.dataBytes() > Runtime.getRuntime().maxMemory()) {
            expect(assertThrows(DeepException.class, heap::check).getMessage(), "refusing to start", "heap");
        }
        String init = assertThrows(DeepException.class, () -> DeepInit.create(dir.resolve("huge.w"), dir.resolve("huge.h"),
                huge, 10_000_000, 1, DeepListener.NONE)).getMessage();
        expect(init, "refusing to start", "free space");
        assertTrue(!Files.exists(dir.resolve("huge.w")));
    }

    @Test
    void offsetsBeyondTwoGibibytesInASparseFile() {
        // 30M layers × width 4 = 2.4 GB of data; only the written pages take disk space
        DeepSpec spec = new DeepSpec(30_000_000, 4, Activation.SOFTSIGN, 1e-3f);
        WeightFileHeader h = new WeightFileHeader(spec, 5477, 0, 42, true,
                new int[WeightFileHeader.chunkCount(spec.layers(), 5477)]);
        Path f = dir.resolve("sparse.weights");
        long last = spec.layers() - 3;
        assertTrue(h.layerOffset(last) > (1L << 31), "past 2 GiB: " + h.layerOffset(last));
        float[] written = new float[3 * spec.layerFloats()];
        for (int i = 0; i < written.length; i++) {
            written[i] = i * 0.25f - 3f;
        }
        try (SlotFile slot = SlotFile.create(f, h)) {
            slot.writeLayers(last, 3, written, 0);
            slot.writeLayers(0, 1, written, 0);
        }
        float[] back = new float[written.length];
        try (SlotFile slot = SlotFile.open(f, false)) {
            slot.readLayers(last, 3, back, 0);
        }
        DeepFixtures.assertSameBits(written, back, "layers written and read beyond 2 GiB");
    }
}
