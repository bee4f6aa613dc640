package dev.spacetime.engine.deep;

import dev.spacetime.engine.kernel.DeepKernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run will cost, printed before it starts and checked against this machine: the weight file's size, bytes
 * read and written per step, the memory of each mode, free disk (a checkpoint needs a second slot as large as the
 * file) and free RAM / heap. {@link #check} refuses, with one line that names the fix, what cannot fit.
 */
public record DeepPlan(List<String> lines, List<String> refusals) {

    /** Disk kept free beyond what the run needs. */
    static final long DISK_MARGIN = 1L << 30;

    public static DeepPlan of(DeepSpec spec, WeightFileHeader header, Chunking chunks, int batch, DeepOptions o, Path weights) {
        return of(spec, header, chunks, batch, o, weights, 0);
    }

    /**
     * The plan of a run on a model that does not exist yet (a service checks a job before anything is written):
     * the weight file ({@code fileChunkLayers} per checksummed chunk, 0 = ≈ √L) is created first, so the disk must
     * hold it as well as the checkpoint slot. The folder of {@code weights} need not exist yet.
     */
    public static DeepPlan forNewModel(DeepSpec spec, int fileChunkLayers, int batch, DeepOptions o, Path weights) {
        int cl = fileChunkLayers == 0 ? DeepSpec.defaultChunkLayers(spec.layers()) : fileChunkLayers;
        WeightFileHeader header = new WeightFileHeader(spec, cl, 0, 0, true,
                new int[WeightFileHeader.chunkCount(spec.layers(), cl)]);
        Chunking chunks = new Chunking(spec.layers(), o.chunkLayers() == 0 ? cl : o.chunkLayers());
        return of(spec, header, chunks, batch, o, weights, header.fileBytes());
    }

    private static DeepPlan of(DeepSpec spec, WeightFileHeader header, Chunking chunks, int batch, DeepOptions o,
                               Path weights, long newFileBytes) {
        List<String> lines = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        int ld = DeepKernels.laneStride(batch);
        long plane = 4L * spec.width() * ld;
        long data = spec.dataBytes();
        long file = header.fileBytes();
        long boundaries = chunks.count() * plane;
        long chunkState = 2L * chunks.size() * plane;               // inputs + slopes of one chunk
        long storeAll = 2L * spec.layers() * plane;
        long chunkedRam = boundaries + 2 * chunkState + 3L * chunks.size() * spec.layerBytes();
        long inMemoryRam = data + boundaries + 2 * chunkState;
        long need = (o.inMemory() ? inMemoryRam : chunkedRam) + (o.storeActivations() ? storeAll - 2 * chunkState : 0);
        long heapMax = Runtime.getRuntime().maxMemory();
        java.lang.management.MemoryUsage old = oldGeneration();
        long oldMax = old == null ? heapMax : Math.min(old.getMax(), heapMax);
        // What already lives long: the old generation's content (young garbage does not count), else the whole heap.
        long heapUsed = old == null ? Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() : old.getUsed();
        long ramAvailable = memAvailable();
        Path dir = weights.toAbsolutePath().getParent();
        long diskFree = usable(dir);
        Path shadow = Slots.shadow(weights);
        long shadowHave = Files.exists(shadow) ? size(shadow) : 0;
        long diskNeed = newFileBytes + Math.max(0, file - shadowHave);

        lines.add(String.format(Locale.ROOT, "deep plan: %s, batch %d, %s, chunks of %,d layers (%s) -> %,d chunks%s",
                spec.describe(), batch, o.mode(), chunks.size(),
                chunks.size() == DeepSpec.defaultChunkLayers(spec.layers()) ? "≈√L" : "chosen", chunks.count(),
                o.storeActivations() ? ", every layer's activations stored" : ", activations recomputed per chunk"));
        lines.add(String.format(Locale.ROOT, "  weight file   %s (%s%s), checkpoint slot %s needs %s more on disk",
                bytes(file), weights.getFileName(), newFileBytes > 0 ? ", to be created" : "", shadow.getFileName(),
                bytes(diskNeed)));
        lines.add(String.format(Locale.ROOT, "  per step      %s", o.inMemory()
                ? "nothing read or written (in RAM); each checkpoint writes " + bytes(data)
                : "read " + bytes(2 * data) + " (forward + backward), write " + bytes(data)));
        lines.add(String.format(Locale.ROOT, "  memory        this run %s; --in-memory needs %s; chunked %s; "
                + "storing every activation adds %s", bytes(need), bytes(inMemoryRam), bytes(chunkedRam), bytes(storeAll)));
        lines.add(String.format(Locale.ROOT, "  machine       disk free %s, RAM available %s, JVM heap max %s%s",
                bytes(diskFree), ramAvailable < 0 ? "unknown" : bytes(ramAvailable), bytes(heapMax),
                oldMax < heapMax ? " (old generation " + bytes(oldMax) + ")" : ""));

        if (diskFree >= 0 && diskNeed + DISK_MARGIN > diskFree) {
            refusals.add(String.format(Locale.ROOT, "not enough disk for %s: it needs %s and %s is "
                    + "kept free, but %s has %s: free space or put --weights on a larger disk",
                    newFileBytes > 0 ? "the weight file and its checkpoint slot" : "the checkpoint slot " + shadow, bytes(diskNeed),
                    bytes(DISK_MARGIN), dir, bytes(diskFree)));
        }
        if (need > oldMax - heapUsed) {
            // The stack and the stored activations live for the whole run, so they must fit the old generation, which
            // the serial and parallel collectors cap at a fraction of -Xmx (2/3 by default); scale -Xmx accordingly.
            long xmxGiB = (long) Math.ceil((need + heapUsed) * ((double) heapMax / oldMax) / (1L << 30)) + 1;
            refusals.add(String.format(Locale.ROOT, "the %s needs %s of heap but the JVM may use %s more (max %s%s): "
                            + "%s", o.inMemory() ? "--in-memory stack" : o.storeActivations() ? "stored activations" : "run",
                    bytes(need), bytes(Math.max(0, oldMax - heapUsed)), bytes(heapMax),
                    oldMax < heapMax ? ", old generation " + bytes(oldMax) : "",
                    ramAvailable > 0 && need < ramAvailable * 0.9
                            ? "raise it, e.g. SPACETIME_JAVA_OPTS=-Xmx" + xmxGiB + "g"
                            : "drop --in-memory / --store-activations (chunked mode streams the file)"));
        } else if (ramAvailable > 0 && need > ramAvailable) {
            refusals.add(String.format(Locale.ROOT, "the run needs %s of RAM but only %s is available: drop "
                    + "--in-memory / --store-activations (chunked mode streams the file)", bytes(need), bytes(ramAvailable)));
        }
        return new DeepPlan(List.copyOf(lines), List.copyOf(refusals));
    }

    /**
     * The old generation, where long-lived arrays end up: a generational collector with a fixed young/old split
     * (serial, parallel) offers it less than {@code -Xmx}; G1 reports the whole heap as its maximum. Null when the
     * collector has no such pool (or no maximum), and the plan then reasons about the whole heap.
     */
    static java.lang.management.MemoryUsage oldGeneration() {
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == java.lang.management.MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured"))
                    && pool.getUsage().getMax() > 0) {
                return pool.getUsage();
            }
        }
        return null;
    }

    /** Throws the first refusal (exit 2 in the CLI). */
    public void check() {
        if (!refusals.isEmpty()) {
            throw new DeepException("refusing to start: " + refusals.get(0));
        }
    }

    static long memAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Usable bytes on the disk of {@code dir}, or of its nearest existing parent (the folder may not exist yet). */
    static long usable(Path dir) {
        Path d = dir;
        while (d != null && !Files.exists(d)) {
            d = d.getParent();
        }
        try {
            return d == null ? -1 : Files.getFileStore(d).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    public static String bytes(long b) {
        if (b < 0) {
            return "?";
        }
        if (b < 1L << 20) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1e3);
        }
        if (b < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    }
}
