package dev.spacetime.engine.deep;

import java.util.LinkedHashMap;
import java.util.Map;

/** The outcome of {@code deep train}: what the JSON line reports. */
public record DeepResult(DeepSpec spec, int batch, long firstStep, long steps, int chunkLayers, String mode,
                         boolean storeActivations, String kernels, double stepSecondsMedian, double finalLoss,
                         double finalAccuracy, long bytesRead, long bytesWritten, long peakRssBytes, double trainSeconds,
                         long checkpoints) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layers", spec.layers());
        m.put("width", spec.width());
        m.put("activation", spec.activation().id());
        m.put("alpha", spec.alpha());
        m.put("batch", batch);
        m.put("steps", steps);
        m.put("steps_this_run", steps - firstStep);
        m.put("chunk_layers", chunkLayers);
        m.put("mode", mode);
        m.put("store_activations", storeActivations);
        m.put("kernels", kernels);
        m.put("step_seconds_median", stepSecondsMedian);
        m.put("final_loss", finalLoss);
        m.put("final_batch_accuracy", finalAccuracy);
        m.put("bytes_read", bytesRead);
        m.put("bytes_written", bytesWritten);
        m.put("peak_rss_bytes", peakRssBytes);
        m.put("train_seconds", trainSeconds);
        m.put("checkpoints", checkpoints);
        return m;
    }
}
