package dev.spacetime.engine.deep;

/**
 * Progress of a deep run: the plan before it starts, one report per interval, each durable checkpoint; and whether
 * to stop. Called on the training thread.
 */
public interface DeepListener {

    DeepListener NONE = new DeepListener() {
    };

    default void log(String line) {
    }

    default void report(IntervalReport report) {
    }

    /** Step {@code step} is durable: the head file names it (a resume starts here). */
    default void checkpointed(long step) {
    }

    /**
     * Asked at every step boundary: true stops the run there with a {@code TrainingStoppedException} (the last
     * checkpoint stays the run's state; a resume continues from it).
     */
    default boolean stopRequested() {
        return false;
    }

    /**
     * One report interval.
     *
     * @param step              steps done after this interval
     * @param steps             steps the run is going to
     * @param loss              mean batch loss over the interval
     * @param accuracy          mean batch accuracy over the interval
     * @param stepSeconds       median step time over the interval
     * @param layerSamplesPerSecond L·B / median step time
     * @param bytesRead         bytes read from storage during the interval
     * @param bytesWritten      bytes written to storage during the interval
     * @param peakRssBytes      the process's peak resident memory so far (−1 without procfs)
     */
    record IntervalReport(long step, long steps, double loss, double accuracy, double stepSeconds,
                          double layerSamplesPerSecond, long bytesRead, long bytesWritten, long peakRssBytes) {
    }
}
