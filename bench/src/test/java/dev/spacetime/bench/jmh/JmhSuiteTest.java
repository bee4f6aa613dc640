package dev.spacetime.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhSuiteTest {

    @Test
    void forksKeepTheLaunchersFlagsButNotTheModuleOrTheAotCache() {
        List<String> launcher = List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseParallelGC", "-XX:AOTCache=/x/spacetime.aot", "--add-modules=jdk.incubator.vector", "-Xmx4g");
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xmx4g", JmhSuite.UNSAFE_FLAG),
                JmhSuite.forkJvmArgs(launcher));
    }

    @Test
    void scoresOfAnyModeAndUnitBecomeNanosecondsPerCall() {
        assertEquals(1500, JmhSuite.nanosPerCall(1500, "ns/op"), 1e-9);
        assertEquals(1500, JmhSuite.nanosPerCall(1.5, "us/op"), 1e-9);
        assertEquals(2e6, JmhSuite.nanosPerCall(2, "ms/op"), 1e-6);
        assertEquals(1e9 / 500, JmhSuite.nanosPerCall(500, "ops/s"), 1e-6);
        assertEquals(4, JmhSuite.nanosPerCall(0.25, "ops/ns"), 1e-12);
        assertEquals(Double.NaN, JmhSuite.nanosPerCall(1, "B/op"));
    }
}
