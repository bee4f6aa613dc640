package dev.spacetime.cli;

/** Exit codes of the {@code spacetime} command; scripts branch on them, so they never change meaning. */
final class ExitCodes {

    static final int OK = 0;
    /** The run failed for a reason the input did not show up front (divergence) or a bug. */
    static final int FAILED = 1;
    /** The user asked for something impossible: bad option, missing file, corrupt data. Fix the input and retry. */
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
