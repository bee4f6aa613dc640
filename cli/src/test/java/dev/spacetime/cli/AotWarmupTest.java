package dev.spacetime.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The launcher records its AOT cache from {@code aot-warmup}: quick, silent, offline, and not in the help. */
class AotWarmupTest {

    @Test
    void runsSilently() {
        // Its duration (it runs after every build) is a benchmark figure, not a test: no timing assertion here.
        CliRun run = CliRun.of("aot-warmup").expectExit(ExitCodes.OK);
        assertTrue(run.out().isEmpty(), run.out());
        assertTrue(run.err().isEmpty(), run.err());
    }

    @Test
    void isHidden() {
        CliRun run = CliRun.of("--help").expectExit(ExitCodes.OK);
        assertTrue(run.out().contains("train"), run.out());
        assertFalse(run.out().contains("aot-warmup"), run.out());
    }
}
