package dev.spacetime.inference.service;

import dev.spacetime.contracts.ModelPublished;
import dev.spacetime.engine.deep.WeightFileHeader;
import dev.spacetime.engine.io.ModelFile;
import dev.spacetime.inference.config.InferenceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The artifact store as inference-service sees it: a read-only folder shared with the trainers, addressed by the
 * announcement's {@code artifactUri} ({@code <name>/<version>/model.stm}). Verification happens on the bytes that
 * are then loaded: size, then SHA-256, then the model file's own checks (magic, version, CRC32C, tensor shapes), so a
 * file replaced between the check and the load cannot slip through.
 */
@ApplicationScoped
public class ArtifactStore {

    /** The announcement's {@code architecture} key naming the engine that trained the model. */
    static final String ENGINE = "engine";
    static final String SIMD = "simd";

    private final Path root;
    private final long maxBytes;

    public ArtifactStore(InferenceConfig config) {
        this.root = config.artifactDir().toAbsolutePath().normalize();
        this.maxBytes = config.inference().maxArtifactBytes();
    }

    public Path root() {
        return root;
    }

    /** The file an announcement points at; an absolute path or one that climbs out of the store is a poison record. */
    public Path resolve(String artifactUri) {
        Path relative;
        try {
            relative = Path.of(artifactUri);
        } catch (InvalidPathException e) {
            throw new InvalidAnnouncementException("artifactUri '" + artifactUri + "' is not a valid path: " + e.getMessage());
        }
        Path file = root.resolve(relative).normalize();
        if (relative.isAbsolute() || !file.startsWith(root) || file.equals(root)) {
            throw new InvalidAnnouncementException("artifactUri '" + artifactUri
                    + "' must be a relative path inside the artifact store (" + root + ")");
        }
        return file;
    }

    /** Reads, verifies and loads the announced artifact. */
    public ModelFile load(ModelPublished m) throws ArtifactRejectedException {
        refuseOtherEngines(m);
        Path file = resolve(m.artifactUri());
        byte[] bytes = read(file, m.sizeBytes());
        String sha = sha256(bytes);
        if (!sha.equalsIgnoreCase(m.sha256())) {
            throw new ArtifactRejectedException(RejectionReason.SHA256_MISMATCH, file + " has SHA-256 " + sha
                    + " but the announcement says " + m.sha256());
        }
        if (startsWith(bytes, WeightFileHeader.MAGIC)) {
            // announced without its engine (an older trainer, a hand-made record): the bytes tell
            throw new ArtifactRejectedException(RejectionReason.UNSUPPORTED_ENGINE, unsupported(m, "chunked-disk"));
        }
        return decode(bytes, file);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Only the SIMD engine's model files can be served. A chunked-disk model (a residual stack of up to 10⁸ layers
     * streamed from a weight file, many gigabytes) is refused from its announcement, before a byte of it is read.
     */
    private static void refuseOtherEngines(ModelPublished m) throws ArtifactRejectedException {
        String engine = m.architecture().get(ENGINE);
        if (engine != null && !SIMD.equals(engine)) {
            throw new ArtifactRejectedException(RejectionReason.UNSUPPORTED_ENGINE, unsupported(m, engine));
        }
    }

    private static String unsupported(ModelPublished m, String engine) {
        return "model " + m.modelName() + " version " + m.version() + " (" + m.artifactUri() + ") was trained by engine "
                + engine + ": this service serves only simd model files; evaluate a chunked-disk model with "
                + "'spacetime deep eval --weights <artifact-dir>/" + m.artifactUri() + "'";
    }

    private byte[] read(Path file, long announcedSize) throws ArtifactRejectedException {
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new ArtifactRejectedException(RejectionReason.TOO_LARGE, file + " has " + size
                        + " bytes, more than spacetime.inference.max-artifact-bytes=" + maxBytes);
            }
            if (size != announcedSize) {
                throw new ArtifactRejectedException(RejectionReason.SIZE_MISMATCH, file + " has " + size
                        + " bytes but the announcement says " + announcedSize);
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != announcedSize) {
                throw new ArtifactRejectedException(RejectionReason.SIZE_MISMATCH, file + " changed while being read: "
                        + bytes.length + " bytes, the announcement says " + announcedSize);
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new ArtifactRejectedException(RejectionReason.MISSING, file + " does not exist in the artifact store");
        } catch (IOException e) {
            throw new ArtifactRejectedException(RejectionReason.MISSING, "cannot read " + file + ": " + e, e);
        }
    }

    /**
     * The engine loads model files from paths only, so the verified bytes go to a private temporary file first: what
     * is loaded is exactly what was hashed.
     */
    private static ModelFile decode(byte[] bytes, Path source) throws ArtifactRejectedException {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("spacetime-verified-", ".stm");
            Files.write(tmp, bytes);
            return ModelFile.load(tmp);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (tmp != null) {
                why = why.replace(tmp.toString(), source.toString());
            }
            throw new ArtifactRejectedException(RejectionReason.UNREADABLE, why, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
