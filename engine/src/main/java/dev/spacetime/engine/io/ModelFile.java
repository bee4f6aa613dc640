package dev.spacetime.engine.io;

import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.Parameters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A trained model on disk: architecture, input normalisation, weights and free-form metadata (dataset, seed,
 * metrics). Little-endian throughout:
 *
 * <pre>
 *   0   8  magic "SPTMODEL"
 *   8   4  format version (1)
 *   12  8  total file length in bytes, trailer included
 *   20  4  header length H;  H bytes UTF-8, one "key=value" per line: spec=…, normalization=…, meta.*=…
 *   …   4  feature count F;  F float32 offsets, F float32 scales   (x' = (x − offset)·scale)
 *   …   4  tensor count T;   per tensor: u16 name length, name (UTF-8), u8 rank, rank × u32 dims, float32 data
 *   end−4  CRC32C of every byte before it
 * </pre>
 * Loading checks, in order, magic, version, length and checksum, then rebuilds the model from its spec and checks
 * every tensor's name and shape against it, so each kind of damage gets its own message.
 */
public record ModelFile(Model model, Normalization normalization, Map<String, String> metadata) {

    static final byte[] MAGIC = "SPTMODEL".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    private static final int FIXED_PREFIX = 8 + 4 + 8;

    public ModelFile {
        metadata = Map.copyOf(metadata);
        if (normalization.features() != model.inputSize()) {
            throw new IllegalArgumentException("normalisation has " + normalization.features()
                    + " features but the model takes " + model.inputSize());
        }
    }

    /** Writes atomically: to a temporary sibling, then a rename, so a crash never leaves half a model file. */
    public static void save(Path path, Model model, Normalization normalization, Map<String, String> metadata) throws IOException {
        byte[] bytes = encode(model, normalization, metadata);
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static byte[] encode(Model model, Normalization norm, Map<String, String> metadata) {
        StringBuilder header = new StringBuilder();
        header.append("spec=").append(ModelSpec.toText(model.spec().toMap())).append('\n');
        header.append("normalization=").append(norm.kind()).append('\n');
        metadata.forEach((k, v) -> header.append("meta.").append(clean(k)).append('=').append(clean(v)).append('\n'));
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        Parameters p = model.parameters();
        long size = FIXED_PREFIX + 4 + h.length + 4 + 8L * norm.features() + 4;
        for (Parameters.Tensor t : p.tensors()) {
            size += 2 + t.name().getBytes(StandardCharsets.UTF_8).length + 1 + 4L * t.shape().length + 4L * t.size();
        }
        size += 4;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model of " + size + " bytes exceeds the single-buffer model file format");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putInt(VERSION).putLong(size);
        buf.putInt(h.length).put(h);
        buf.putInt(norm.features());
        for (float f : norm.offset()) {
            buf.putFloat(f);
        }
        for (float f : norm.scale()) {
            buf.putFloat(f);
        }
        buf.putInt(p.tensors().size());
        float[] values = p.values();
        for (Parameters.Tensor t : p.tensors()) {
            byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
            buf.putShort((short) name.length).put(name).put((byte) t.shape().length);
            for (int d : t.shape()) {
                buf.putInt(d);
            }
            buf.asFloatBuffer().put(values, t.offset(), t.size());
            buf.position(buf.position() + 4 * t.size());
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    private static String clean(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    public static ModelFile load(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new ModelFileException("model file " + path + " does not exist: train one with `spacetime train --out " + path + "`");
        }
        return decode(bytes, path.toString());
    }

    static ModelFile decode(byte[] bytes, String source) {
        if (bytes.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new ModelFileException(source + " is not a Spacetime model file (wrong magic: expected \"SPTMODEL\")");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(MAGIC.length);
        if (bytes.length < FIXED_PREFIX) {
            throw new ModelFileException(source + " is truncated: " + bytes.length + " bytes, shorter than the file header");
        }
        int version = buf.getInt();
        if (version != VERSION) {
            throw new ModelFileException(source + " has model file version " + version + "; this build reads version "
                    + VERSION + (version > VERSION ? ": upgrade spacetime" : ": re-train or convert the model"));
        }
        long declared = buf.getLong();
        if (declared != bytes.length) {
            throw new ModelFileException(source + " has the wrong size: " + bytes.length + " bytes, the header says "
                    + declared + (bytes.length < declared ? " (truncated copy?)" : " (trailing bytes)"));
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new ModelFileException(source + " fails its checksum (CRC32C stored " + Integer.toHexString(stored)
                    + ", computed " + Integer.toHexString((int) crc.getValue()) + "): the file is corrupted");
        }
        try {
            return parseBody(buf, source);
        } catch (RuntimeException e) {
            if (e instanceof ModelFileException mfe) {
                throw mfe;
            }
            throw new ModelFileException(source + " has a consistent checksum but an unreadable body: " + e.getMessage(), e);
        }
    }

    private static ModelFile parseBody(ByteBuffer buf, String source) {
        byte[] h = new byte[buf.getInt()];
        buf.get(h);
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (String line : new String(h, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String key = line.substring(0, eq);
                String value = line.substring(eq + 1);
                if (key.startsWith("meta.")) {
                    meta.put(key.substring(5), value);
                } else {
                    header.put(key, value);
                }
            }
        }
        ModelSpec spec = ModelSpec.fromMap(ModelSpec.parseText(header.getOrDefault("spec", "")));
        int features = buf.getInt();
        float[] offset = new float[features];
        float[] scale = new float[features];
        buf.asFloatBuffer().get(offset);
        buf.position(buf.position() + 4 * features);
        buf.asFloatBuffer().get(scale);
        buf.position(buf.position() + 4 * features);
        Normalization norm = new Normalization(header.getOrDefault("normalization", "identity"), offset, scale);

        Model model = spec.build();
        Parameters p = model.parameters();
        int count = buf.getInt();
        if (count != p.tensors().size()) {
            throw new ModelFileException(source + " holds " + count + " tensors but a " + spec.name() + " has " + p.tensors().size());
        }
        for (Parameters.Tensor t : p.tensors()) {
            byte[] name = new byte[buf.getShort() & 0xffff];
            buf.get(name);
            String n = new String(name, StandardCharsets.UTF_8);
            int rank = buf.get();
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = buf.getInt();
            }
            if (!n.equals(t.name()) || !Arrays.equals(shape, t.shape())) {
                throw new ModelFileException(source + ": tensor " + n + Arrays.toString(shape) + " does not match the spec's "
                        + t.name() + Arrays.toString(t.shape()));
            }
            buf.asFloatBuffer().get(p.values(), t.offset(), t.size());
            buf.position(buf.position() + 4 * t.size());
        }
        return new ModelFile(model, norm, meta);
    }
}
