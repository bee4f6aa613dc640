package dev.spacetime.engine.deep;

import dev.spacetime.engine.data.SplitMix64;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * {@code deep init}: a fresh model. Layer weights U(−0.001, 0.001) drawn layer after layer (W row-major) from
 * {@code SplitMix64(seed ^ LAYER_STREAM)}, biases 0; the head from {@link DeepHead#initialize} (Xavier). The weight
 * file is written to a temporary name, committed CLEAN at step 0 and renamed into place; then the head file.
 */
public final class DeepInit {

    static final long LAYER_STREAM = 0x3C6EF372FE94F82BL;
    public static final float LAYER_INIT = 0.001f;

    private DeepInit() {
    }

    public static HeadFile create(Path weights, Path headPath, DeepSpec spec, int chunkLayers, long seed, DeepListener log) {
        int cl = chunkLayers == 0 ? DeepSpec.defaultChunkLayers(spec.layers()) : chunkLayers;
        WeightFileHeader header = new WeightFileHeader(spec, cl, 0, new SplitMix64(System.nanoTime() ^ seed).nextLong(),
                true, new int[WeightFileHeader.chunkCount(spec.layers(), cl)]);
        Path dir = weights.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DeepException("cannot create the folder " + dir + ": " + e.getMessage(), e);
        }
        long free = DeepPlan.usable(dir);
        log.log(String.format(Locale.ROOT, "deep init: %s, %,d layers per checksummed chunk (%s), file %s, disk free %s",
                spec.describe(), cl, cl == DeepSpec.defaultChunkLayers(spec.layers()) ? "≈√L" : "chosen",
                DeepPlan.bytes(header.fileBytes()), DeepPlan.bytes(free)));
        if (free >= 0 && header.fileBytes() + DeepPlan.DISK_MARGIN > free) {
            throw new DeepException(String.format(Locale.ROOT, "refusing to start: the weight file needs %s and %s is "
                    + "kept free, but %s has %s (training needs as much again for the checkpoint slot): free space or "
                    + "choose a larger disk", DeepPlan.bytes(header.fileBytes()), DeepPlan.bytes(DeepPlan.DISK_MARGIN),
                    dir, DeepPlan.bytes(free)));
        }
        Path tmp = weights.resolveSibling(weights.getFileName() + ".tmp");
        long t0 = System.nanoTime();
        try (SlotFile slot = SlotFile.create(tmp, header)) {
            slot.markDirty();
            slot.crcOnWrite(true);
            SplitMix64 rng = new SplitMix64(seed ^ LAYER_STREAM);
            int lf = spec.layerFloats();
            int ww = spec.width() * spec.width();
            float[] buf = new float[cl * lf];
            for (int c = 0; c < header.chunkCount(); c++) {
                int n = header.chunkLength(c);
                for (int l = 0; l < n; l++) {
                    int base = l * lf;
                    for (int i = 0; i < ww; i++) {
                        buf[base + i] = (rng.nextFloat() * 2f - 1f) * LAYER_INIT;
                    }
                    java.util.Arrays.fill(buf, base + ww, base + lf, 0f);
                }
                slot.writeLayers((long) c * cl, n, buf, 0);
            }
            slot.commit(0);
        }
        try {
            Files.move(tmp, weights, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(Slots.shadow(weights));
            HeadFile.fsyncDirectory(dir);
        } catch (IOException e) {
            throw new DeepException("cannot move " + tmp + " to " + weights + ": " + e.getMessage(), e);
        }
        HeadFile hf = new HeadFile(header.runId(), 0, spec, null, DeepHead.initialize(spec.width(), seed));
        hf.write(headPath);
        log.log(String.format(Locale.ROOT, "deep init: wrote %s and %s in %.1f s", weights, headPath,
                (System.nanoTime() - t0) / 1e9));
        return hf;
    }
}
