package dev.spacetime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Job events as progress lines ({@code job-1: epoch 3/10  loss 0.1234  val_acc 97.12%}), one per event, deduplicated
 * by (job, sequence) since a resumed or redelivered job may send an event twice. Tracks which jobs ended and how.
 */
final class JobProgress {

    private final PrintWriter out;
    private final Set<String> jobs;
    private final String sweepId;
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final Map<String, String> epochs = new HashMap<>();
    private final Map<String, String> steps = new HashMap<>();
    private final Map<String, String> finals = new LinkedHashMap<>();
    /** A live bar for one job at a terminal; lines otherwise (logs, pipes, sweeps). */
    private final boolean bar;
    /** Only the end of each job, counted ({@code [12/33] job: COMPLETED ...}): for sweeps of dozens of jobs. */
    private final boolean endsOnly;
    private me.tongfei.progressbar.ProgressBar progressBar;

    /** Follows {@code jobs} (may grow for a sweep: any event with {@code sweepId} joins). */
    JobProgress(PrintWriter out, Set<String> jobs, String sweepId) {
        this(out, jobs, sweepId, false);
    }

    JobProgress(PrintWriter out, Set<String> jobs, String sweepId, boolean endsOnly) {
        this.out = out;
        this.endsOnly = endsOnly;
        this.jobs = jobs;
        this.sweepId = sweepId;
        java.io.Console console = System.console();
        this.bar = sweepId == null && jobs.size() == 1 && console != null && console.isTerminal();
    }

    /** Draws the epoch bar; true when the event was shown that way. */
    private boolean drawBar(String id, String type, JsonNode e, JsonNode m) {
        if (!bar || !type.equals("PROGRESS") || !epochs.containsKey(id)) {
            return false;
        }
        if (progressBar == null) {
            progressBar = new me.tongfei.progressbar.ProgressBarBuilder().setTaskName(id)
                    .setInitialMax(Long.parseLong(epochs.get(id))).setUnit(" epochs", 1).setUpdateIntervalMillis(200)
                    .setConsumer(new me.tongfei.progressbar.DelegatingProgressBarConsumer(r -> {
                        out.print('\r' + r);
                        out.flush();
                    })).build();
        }
        progressBar.stepTo(e.path("epoch").asLong());
        progressBar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", m.path("train_loss").asDouble(Double.NaN)));
        return true;
    }

    private void endBar() {
        if (progressBar != null) {
            progressBar.close();
            progressBar = null;
            out.println();
        }
    }

    void accept(JsonNode e) {
        String id = e.path("jobId").asText(null);
        if (id == null) {
            return;
        }
        if (!jobs.contains(id)) {
            if (sweepId == null || !sweepId.equals(e.path("sweepId").asText(null))) {
                return;
            }
            jobs.add(id);
        }
        long seq = e.path("sequence").asLong();
        Long last = lastSequence.get(id);
        if (last != null && seq <= last) {
            return;
        }
        lastSequence.put(id, seq);
        String type = e.path("type").asText();
        JsonNode a = e.path("attributes");
        JsonNode m = e.path("metrics");
        if (a.has("epochs")) {
            epochs.put(id, a.get("epochs").asText());
        }
        if (a.has("steps")) {
            steps.put(id, a.get("steps").asText());
        }
        String line = switch (type) {
            case "ACCEPTED" -> "accepted: " + a.path("model").asText() + " on " + a.path("dataset").asText()
                    + (a.has("steps") ? ", " + a.get("steps").asText() + " steps" : ", " + a.path("epochs").asText("?") + " epochs")
                    + ", seed " + a.path("seed").asText("?");
            case "STARTED" -> a.has("resumed_from_epoch")
                    ? "resumed from the checkpoint after epoch " + a.get("resumed_from_epoch").asText()
                    + " on " + e.path("worker").asText()
                    : a.has("resumed_from_step")
                    ? "resumed from the checkpoint at step " + a.get("resumed_from_step").asText() + " on " + e.path("worker").asText()
                    : "started " + a.path("model_name").asText("") + " (" + a.path("params").asText("?") + " parameters) on "
                    + e.path("worker").asText();
            case "PROGRESS" -> e.path("epoch").isMissingNode() && e.has("step") ? stepLine(id, e.path("step").asLong(), m)
                    : String.format(Locale.ROOT, "epoch %d/%s  loss %.4f%s  %.2f s", e.path("epoch").asInt(),
                    epochs.getOrDefault(id, "?"), m.path("train_loss").asDouble(Double.NaN),
                    m.has("val_accuracy") ? "  val_acc " + Format.accuracy(m.get("val_accuracy").asDouble()) : "",
                    m.path("epoch_seconds").asDouble(Double.NaN));
            case "CHECKPOINTED" -> null;
            case "COMPLETED" -> "COMPLETED  test_acc " + Format.accuracy(m.path("test_accuracy").asDouble(Double.NaN))
                    + String.format(Locale.ROOT, "  %.2f s", m.path("train_seconds").asDouble(Double.NaN));
            case "FAILED", "CANCELLED" -> type + ": " + e.path("reason").asText("");
            default -> type;
        };
        if (drawBar(id, type, e, m)) {
            return;
        }
        if (JobEventStream.isFinal(type)) {
            finals.put(id, type);
            endBar();
        }
        if (endsOnly && JobEventStream.isFinal(type)) {
            out.println("[" + finals.size() + "/" + jobs.size() + "] " + id + ": " + line);
            out.flush();
        } else if (line != null && !endsOnly) {
            out.println(id + ": " + line);
            out.flush();
        }
    }

    /** A report of a run counted in steps (chunked-disk): as {@code deep train} prints it. */
    private String stepLine(String id, long step, JsonNode m) {
        return String.format(Locale.ROOT, "step %d/%s  loss %.4f  batch_acc %.3f  %.3f s/step  %s layer-samples/s",
                step, steps.getOrDefault(id, "?"), m.path("train_loss").asDouble(Double.NaN),
                m.path("batch_accuracy").asDouble(Double.NaN), m.path("step_seconds").asDouble(Double.NaN),
                DeepListenerLines.human(m.path("layer_samples_per_s").asDouble(Double.NaN)));
    }

    /** Every followed job ended (and, for a sweep, at least {@code expected} jobs are known). */
    boolean allFinal(int expected) {
        return jobs.size() >= expected && finals.keySet().containsAll(jobs);
    }

    Map<String, String> finals() {
        return finals;
    }

    Set<String> jobs() {
        return jobs;
    }
}
