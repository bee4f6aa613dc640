package dev.spacetime.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kernel selection, run in both surefire executions: with the Vector API module the provider picks the SIMD
 * kernels; without it (the {@code without-vector-module} execution) it falls back to the scalar kernels with one
 * warning that names the fix.
 */
@Tag("fallback")
class KernelProviderFallbackTest {

    private static final String FIX = "--add-modules jdk.incubator.vector";

    @Test
    void theChosenKernelsFollowTheModuleAndTheProperty() {
        Kernels k = KernelProvider.get();
        assertSame(k, KernelProvider.get(), "chosen once per JVM");
        String forced = System.getProperty("spacetime.kernels", "auto");
        if (KernelProvider.vectorModulePresent() && !forced.equals("scalar")) {
            assertTrue(k.id().startsWith("vector-"), "module present, spacetime.kernels=" + forced + ": got " + k.id());
        } else {
            assertEquals("scalar", k.id());
            assertSame(ScalarKernels.INSTANCE, k);
        }
    }

    @Test
    void scalarCanAlwaysBeForced() {
        assertSame(ScalarKernels.INSTANCE, KernelProvider.choose("scalar"));
    }

    @Test
    void anUnknownChoiceNamesItselfAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelProvider.choose("simd"));
        assertTrue(e.getMessage().contains("spacetime.kernels=simd") && e.getMessage().contains("auto, scalar or vector"),
                e.getMessage());
    }

    @Test
    void vectorIsRefusedWithTheFixWhenTheModuleIsMissing() {
        if (KernelProvider.vectorModulePresent()) {
            assertTrue(KernelProvider.choose("vector").id().startsWith("vector-"));
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelProvider.choose("vector"));
            assertTrue(e.getMessage().contains(FIX), e.getMessage());
        }
    }

    /** {@code choose("auto")} itself: captured stderr holds the warning exactly once without the module, never with it. */
    @Test
    void autoWarnsOnceWithTheFixOnlyWithoutTheModule() {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Kernels k;
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            k = KernelProvider.choose("auto");
        } finally {
            System.setErr(saved);
        }
        String err = buf.toString(StandardCharsets.UTF_8);
        if (KernelProvider.vectorModulePresent()) {
            assertTrue(k.id().startsWith("vector-"), k.id());
            assertEquals("", err);
        } else {
            assertSame(ScalarKernels.INSTANCE, k);
            assertEquals(1, occurrences(err, FIX), err);
            assertTrue(err.startsWith("WARNING"), err);
        }
    }

    /**
     * The provider in this JVM may already have been used by another test, so the once-per-JVM warning is checked in
     * a fresh JVM without the module that asks for the kernels three times.
     */
    @Test
    void aJvmWithoutTheModuleGetsScalarKernelsAndOneWarning() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of(), ProviderMain.class, 60);
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("scalar scalar scalar", r.stdout().strip(), r::toString);
        assertEquals(1, occurrences(r.stderr(), FIX), r::toString);
    }

    @Test
    void aJvmWithTheModuleGetsVectorKernelsWithoutTheWarning() throws Exception {
        ChildJvm.Result r = ChildJvm.run(List.of("--add-modules", "jdk.incubator.vector"), ProviderMain.class, 60);
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.stdout().strip().matches("(vector-\\d+ ){2}vector-\\d+"), r::toString);
        assertEquals(0, occurrences(r.stderr(), FIX), r::toString);
    }

    static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    /** Child entry point: asks for the kernels three times and prints their ids on one line. */
    public static final class ProviderMain {
        public static void main(String[] args) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                sb.append(i == 0 ? "" : " ").append(KernelProvider.get().id());
            }
            System.out.println(sb);
        }
    }
}
