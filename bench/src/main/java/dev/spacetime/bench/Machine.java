package dev.spacetime.bench;

import dev.spacetime.engine.kernel.KernelProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What every benchmark report states about the machine it ran on, so figures always travel with their hardware. */
public final class Machine {

    private Machine() {
    }

    /** {@code cpu}, {@code cores}, {@code os}, {@code java}, {@code vector_module}. */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("vector_module", KernelProvider.vectorModulePresent());
        return m;
    }

    /** The first {@code model name} of /proc/cpuinfo, or "unknown". */
    public static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }
}
