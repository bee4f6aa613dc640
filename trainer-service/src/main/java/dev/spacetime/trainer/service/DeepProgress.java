package dev.spacetime.trainer.service;

import dev.spacetime.engine.deep.DeepListener;
import java.util.LinkedHashMap;
import java.util.Map;

/** A deep run's reports as the job's events: PROGRESS per report interval, CHECKPOINTED per checkpoint, and cancel. */
final class DeepProgress implements DeepListener {

    private final String jobId;
    private final RunContext ctx;

    DeepProgress(String jobId, RunContext ctx) {
        this.jobId = jobId;
        this.ctx = ctx;
    }

    @Override
    public void log(String line) {
        ctx.log("job " + jobId + ": " + line);
    }

    @Override
    public void report(IntervalReport r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("train_loss", r.loss());
        m.put("batch_accuracy", r.accuracy());
        m.put("step_seconds", r.stepSeconds());
        m.put("layer_samples_per_s", r.layerSamplesPerSecond());
        m.put("bytes_read", (double) r.bytesRead());
        m.put("bytes_written", (double) r.bytesWritten());
        m.put("bytes_streamed", (double) (r.bytesRead() + r.bytesWritten()));
        m.put("peak_rss_bytes", (double) r.peakRssBytes());
        ctx.stepsReported(r.step(), m);
    }

    @Override
    public void checkpointed(long step) {
        ctx.stepCheckpointed(step);
    }

    @Override
    public boolean stopRequested() {
        return ctx.stopRequested();
    }
}
