package dev.spacetime.engine.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak memory of this process: the JVM heap pools' peaks and the kernel's high-water mark of resident memory. */
public final class MemoryStats {

    private MemoryStats() {
    }

    /** Sum of the heap pools' peak usage since JVM start (or the last reset). */
    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** VmHWM from /proc/self/status (Linux), or −1 where there is no procfs. */
    public static long peakRssBytes() {
        return procStatusKb("VmHWM:") * 1024;
    }

    /** VmRSS: resident memory now. */
    public static long currentRssBytes() {
        return procStatusKb("VmRSS:") * 1024;
    }

    private static long procStatusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
