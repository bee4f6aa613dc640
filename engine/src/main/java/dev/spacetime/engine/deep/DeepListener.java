package dev.spacetime.engine.deep;

/** Progress of a deep run: the plan before it starts, one report per interval. Called on the training thread. */
public interface DeepListener {

    DeepListener NONE = new DeepListener() {
    };

    default void log(String line) {
    }

    default void report(IntervalReport report) {
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
