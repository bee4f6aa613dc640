package dev.spacetime.trainer.service;

import dev.spacetime.contracts.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The artifact store: a folder (a shared volume on Kubernetes) that every trainer instance and inference-service see.
 *
 * <pre>
 *   jobs/&lt;jobId&gt;/checkpoint.ckpt     engine CheckpointFile (crash-safe, CRC-checked)
 *   jobs/&lt;jobId&gt;/state.json          {@link JobState}: reserved sequence numbers, epochs done, model version
 *   jobs/&lt;jobId&gt;/lease               OS lock file: who runs the job now
 *   jobs/&lt;jobId&gt;/cancelled           cancel marker (a job that has not started never will)
 *   jobs/&lt;jobId&gt;/final.json          {@link FinalRecord}, written before the final event is sent
 *   jobs/&lt;jobId&gt;/final.published     the final event (and model) reached the broker
 *   jobs/&lt;jobId&gt;/deep.weights[.head|.shadow]  chunked-disk jobs: the engine's weight file, head file (its
 *                                   commit record) and second checkpoint slot
 *   models/&lt;name&gt;/&lt;version&gt;/model.stm  engine ModelFile; the version folder's {@code job} file names its job
 *   models/&lt;name&gt;/&lt;version&gt;/deep.weights + deep.weights.head  a chunked-disk model
 * </pre>
 *
 * Every file is written to a temporary sibling, forced to disk and renamed into place, so a crash leaves the old or
 * the new content, never a torn file.
 */
public final class ArtifactStore {

    /** Job ids become folder names: letters, digits, dot, dash, underscore; no leading dot. */
    public static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private final Path root;

    public ArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public static boolean validJobId(String id) {
        return id != null && JOB_ID.matcher(id).matches();
    }

    public Path jobDir(String jobId) {
        if (!validJobId(jobId)) {
            throw new IllegalArgumentException("job id '" + jobId + "' is not a valid folder name");
        }
        return root.resolve("jobs").resolve(jobId);
    }

    public Path checkpointFile(String jobId) {
        return jobDir(jobId).resolve("checkpoint.ckpt");
    }

    public Optional<JobState> readState(String jobId) {
        return readJson(jobDir(jobId).resolve("state.json"), JobState.class);
    }

    public void writeState(String jobId, JobState state) {
        writeAtomically(jobDir(jobId).resolve("state.json"), Json.write(state));
    }

    public Optional<FinalRecord> readFinal(String jobId) {
        return readJson(jobDir(jobId).resolve("final.json"), FinalRecord.class);
    }

    public void writeFinal(String jobId, FinalRecord record) {
        writeAtomically(jobDir(jobId).resolve("final.json"), Json.write(record));
    }

    public boolean isPublished(String jobId) {
        return Files.exists(jobDir(jobId).resolve("final.published"));
    }

    /** Not forced to disk: losing it (power loss) only means the final records are sent again, identically. */
    public void markPublished(String jobId) {
        try {
            Files.writeString(jobDir(jobId).resolve("final.published"), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the published marker of job " + jobId, e);
        }
    }

    public boolean isCancelled(String jobId) {
        return Files.exists(jobDir(jobId).resolve("cancelled"));
    }

    /** Cancel marker with the reason; idempotent. */
    public void markCancelled(String jobId, String reason) {
        Path f = jobDir(jobId).resolve("cancelled");
        if (!Files.exists(f)) {
            writeAtomically(f, reason == null ? "" : reason);
        }
    }

    public String cancelReason(String jobId) {
        try {
            String s = Files.readString(jobDir(jobId).resolve("cancelled"), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "cancelled" : s;
        } catch (IOException e) {
            return "cancelled";
        }
    }

    public JobLease tryLease(String jobId) {
        try {
            return JobLease.tryAcquire(jobDir(jobId).resolve("lease"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the lease of job " + jobId + " in " + root, e);
        }
    }

    /** The artifact of a SIMD model. */
    public static final String MODEL_FILE = "model.stm";

    /** {@code models/<name>/<version>/<file>}, relative to the store root (the artifactUri of ModelPublished). */
    public static String modelUri(String name, int version, String file) {
        return "models/" + name + "/" + version + "/" + file;
    }

    public Path modelFile(String name, int version, String file) {
        return root.resolve(modelUri(name, version, file));
    }

    /**
     * The version of model {@code name} that job {@code jobId} owns: the one it claimed before (a redone job reuses
     * it), else a new one, claimed atomically by creating its folder (two trainers can never get the same number).
     */
    public int claimModelVersion(String name, String jobId) {
        if (!MODEL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("model name '" + name + "' is not a valid folder name");
        }
        Path dir = root.resolve("models").resolve(name);
        try {
            Files.createDirectories(dir);
            int max = 0;
            try (Stream<Path> versions = Files.list(dir)) {
                for (Path v : versions.toList()) {
                    int n = parseVersion(v.getFileName().toString());
                    if (n > 0) {
                        max = Math.max(max, n);
                        Path owner = v.resolve("job");
                        if (Files.exists(owner) && Files.readString(owner, StandardCharsets.UTF_8).strip().equals(jobId)) {
                            return n;
                        }
                    }
                }
            }
            for (int n = max + 1; ; n++) {
                try {
                    Files.createDirectory(dir.resolve(Integer.toString(n)));
                } catch (FileAlreadyExistsException taken) {
                    continue;
                }
                writeAtomically(dir.resolve(Integer.toString(n)).resolve("job"), jobId);
                return n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim a version of model " + name + " in " + dir, e);
        }
    }

    private static int parseVersion(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static <T> Optional<T> readJson(Path file, Class<T> type) {
        try {
            return Optional.of(Json.read(Files.readString(file, StandardCharsets.UTF_8), type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Temporary sibling, fsync, rename over the target: readers see the old or the new content. */
    static void writeAtomically(Path file, String content) {
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
