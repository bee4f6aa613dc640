package dev.spacetime.engine.io;

import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.optim.Optimizer;
import dev.spacetime.engine.train.EpochMetrics;
import dev.spacetime.engine.train.TrainingCheckpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A {@link TrainingCheckpoint} on disk, with the spec of the model it belongs to. Written to a temporary file,
 * forced to disk and renamed over the previous checkpoint, so a crash leaves either the old or the new one, never
 * half of one; a CRC32C over the body catches anything else.
 *
 * <pre>
 *   "SPTCKPT\n" | u32 version | body (big-endian DataOutput) | u32 CRC32C of the body
 *   body: spec text | epochsDone | orderRngState | trainSeconds | parameters | optimizer steps, first, second
 *         | recorded epoch metrics
 * </pre>
 */
public final class CheckpointFile {

    private static final byte[] MAGIC = "SPTCKPT\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private CheckpointFile() {
    }

    public static void save(Path file, ModelSpec spec, TrainingCheckpoint c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(ModelSpec.toText(spec.toMap()));
            out.writeInt(c.epochsDone());
            out.writeLong(c.orderRngState());
            out.writeDouble(c.trainSeconds());
            writeFloats(out, c.parameters());
            out.writeLong(c.optimizer().steps());
            writeFloats(out, c.optimizer().first());
            writeFloats(out, c.optimizer().second());
            out.writeInt(c.recorded().size());
            for (EpochMetrics m : c.recorded()) {
                out.writeInt(m.epoch());
                out.writeDouble(m.trainLoss());
                out.writeDouble(m.valLoss());
                out.writeDouble(m.valAccuracy());
                out.writeDouble(m.trainSeconds());
                out.writeDouble(m.evalSeconds());
            }
        }
        byte[] body = bytes.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC).putInt(VERSION);
        ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(new ByteBuffer[] {head.flip(), ByteBuffer.wrap(body), tail.flip()});
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
    }

    /** The checkpoint, after checking it belongs to {@code spec}; a damaged file fails with a message saying so. */
    public static TrainingCheckpoint load(Path file, ModelSpec spec) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int bodyStart = MAGIC.length + 4;
        if (all.length < bodyStart + 4 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
            throw new ModelFileException(file + " is not a Spacetime checkpoint (wrong magic or too short)");
        }
        int version = ByteBuffer.wrap(all, MAGIC.length, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (version != VERSION) {
            throw new ModelFileException(file + " is checkpoint version " + version + "; this build reads " + VERSION);
        }
        CRC32C crc = new CRC32C();
        crc.update(all, bodyStart, all.length - bodyStart - 4);
        int stored = ByteBuffer.wrap(all, all.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new ModelFileException(file + " fails its checksum: the checkpoint is corrupted");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, bodyStart, all.length - bodyStart - 4))) {
            String savedSpec = in.readUTF();
            String expected = ModelSpec.toText(spec.toMap());
            if (!savedSpec.equals(expected)) {
                throw new ModelFileException(file + " belongs to model " + savedSpec + ", not " + expected);
            }
            int epochsDone = in.readInt();
            long rng = in.readLong();
            double seconds = in.readDouble();
            float[] params = readFloats(in);
            Optimizer.State opt = new Optimizer.State(in.readLong(), readFloats(in), readFloats(in));
            int n = in.readInt();
            List<EpochMetrics> recorded = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                recorded.add(new EpochMetrics(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readDouble()));
            }
            return new TrainingCheckpoint(epochsDone, params, opt, rng, recorded, seconds);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] f) throws IOException {
        out.writeInt(f == null ? -1 : f.length);
        if (f != null) {
            ByteBuffer b = ByteBuffer.allocate(4 * f.length);
            b.asFloatBuffer().put(f);
            out.write(b.array());
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] raw = in.readNBytes(4 * n);
        float[] f = new float[n];
        ByteBuffer.wrap(raw).asFloatBuffer().get(f);
        return f;
    }
}
