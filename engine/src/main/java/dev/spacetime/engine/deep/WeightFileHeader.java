package dev.spacetime.engine.deep;

import dev.spacetime.engine.kernel.Activation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The header of a weight file (all little-endian):
 * <pre>
 *  0  8  magic "STDEEPW\0"
 *  8  4  version (1)
 * 12  4  data offset: where layer 0 starts, a multiple of 4096
 * 16  8  layers L                        24  4  width w
 * 28  4  activation (1 softsign, 2 tanh, 3 relu)
 * 32  4  α (float32)                     36  4  chunk layers: layers per checksummed chunk
 * 40  8  step: training steps these weights have seen
 * 48  8  run id: ties the file to its head file
 * 56  4  state: 1 = CLEAN (the data is exactly `step`'s weights), 2 = DIRTY (being rewritten: contents undefined)
 * 60  4  chunk count N = ⌈L / chunk layers⌉
 * 64  4  CRC32C of the header (bytes 0..72+4N with this field zero)
 * 68  4  reserved (0)
 * 72 4N  CRC32C of each chunk's bytes
 * data: L layers of (w² + w) float32, each W [w×w] row-major (W[j][k], j input) then b [w]
 * </pre>
 * Only a CLEAN header whose own checksum holds vouches for the data; a writer flips the state to DIRTY (and makes
 * that durable) before it touches a byte of data, and back to CLEAN only after the data is durable.
 */
public record WeightFileHeader(DeepSpec spec, int chunkLayers, long step, long runId, boolean clean, int[] chunkCrcs) {

    public static final byte[] MAGIC = {'S', 'T', 'D', 'E', 'E', 'P', 'W', 0};
    public static final int VERSION = 1;
    static final int FIXED_BYTES = 72;
    static final int CLEAN = 1;
    static final int DIRTY = 2;

    public WeightFileHeader {
        if (chunkLayers < 1) {
            throw new IllegalArgumentException("chunk layers " + chunkLayers + " must be ≥ 1");
        }
        if (chunkCrcs == null || chunkCrcs.length != chunkCount(spec.layers(), chunkLayers)) {
            throw new IllegalArgumentException("need one checksum per chunk (" + chunkCount(spec.layers(), chunkLayers) + ")");
        }
    }

    public static int chunkCount(long layers, int chunkLayers) {
        long n = (layers + chunkLayers - 1) / chunkLayers;
        if (n > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("--chunk-layers " + chunkLayers + " gives " + n + " chunks for " + layers
                    + " layers; use larger chunks (default ≈ √layers)");
        }
        return (int) n;
    }

    public int chunkCount() {
        return chunkCrcs.length;
    }

    public long dataOffset() {
        return dataOffset(chunkCount());
    }

    static long dataOffset(int chunks) {
        return (FIXED_BYTES + 4L * chunks + 4095) / 4096 * 4096;
    }

    public long fileBytes() {
        return dataOffset() + spec.dataBytes();
    }

    public long layerOffset(long layer) {
        return dataOffset() + layer * spec.layerBytes();
    }

    /** Layers of chunk c (the last one may be short). */
    public int chunkLength(int c) {
        return (int) Math.min(chunkLayers, spec.layers() - (long) c * chunkLayers);
    }

    public WeightFileHeader with(long newStep, boolean newClean, int[] crcs) {
        return new WeightFileHeader(spec, chunkLayers, newStep, runId, newClean, crcs);
    }

    public ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate((int) dataOffset()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt((int) dataOffset());
        b.putLong(spec.layers()).putInt(spec.width()).putInt(activationCode(spec.activation()));
        b.putFloat(spec.alpha()).putInt(chunkLayers).putLong(step).putLong(runId);
        b.putInt(clean ? CLEAN : DIRTY).putInt(chunkCount()).putInt(0).putInt(0);
        for (int crc : chunkCrcs) {
            b.putInt(crc);
        }
        b.putInt(64, crc(b, FIXED_BYTES + 4 * chunkCount()));
        b.rewind();
        return b;
    }

    /** Checksum of the first n bytes with the checksum field (64..68) taken as zero. */
    private static int crc(ByteBuffer b, int n) {
        CRC32C c = new CRC32C();
        ByteBuffer d = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int saved = d.getInt(64);
        d.putInt(64, 0);
        c.update(d.array(), d.arrayOffset(), n);
        d.putInt(64, saved);
        return (int) c.getValue();
    }

    /**
     * Parses and checks a header; {@code fileSize} catches truncation. Every failure names the file, what is wrong
     * and what to do.
     */
    public static WeightFileHeader decode(String file, ByteBuffer raw, long fileSize) {
        ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < FIXED_BYTES) {
            throw new DeepException(file + " is " + fileSize + " bytes, too short for a deep weight file header ("
                    + FIXED_BYTES + "): it is truncated or not a weight file; recreate it with 'spacetime deep init'");
        }
        byte[] magic = new byte[8];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new DeepException(file + " is not a deep weight file (bad magic): give the file 'spacetime deep init' wrote");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new DeepException(file + " has weight-file version " + version + ", this spacetime reads version "
                    + VERSION + ": use the spacetime that wrote it, or recreate it with 'spacetime deep init'");
        }
        long dataOffset = Integer.toUnsignedLong(b.getInt());
        long layers = b.getLong();
        int width = b.getInt();
        int act = b.getInt();
        float alpha = b.getFloat();
        int chunkLayers = b.getInt();
        long step = b.getLong();
        long runId = b.getLong();
        int state = b.getInt();
        int chunks = b.getInt();
        int storedCrc = b.getInt();
        if (layers < 0 || chunkLayers < 1 || chunks < 0 || chunks != chunkCountOrMinus(layers, chunkLayers)
                || dataOffset != dataOffset(chunks) || b.capacity() < dataOffset) {
            throw new DeepException(file + " has an inconsistent header (layers " + layers + ", chunk layers "
                    + chunkLayers + ", chunks " + chunks + ", data offset " + dataOffset + "): the file is damaged; "
                    + "recreate it with 'spacetime deep init'");
        }
        int computed = crc(b, FIXED_BYTES + 4 * chunks);
        if (computed != storedCrc) {
            throw new DeepException(file + ": header checksum mismatch (stored " + Integer.toHexString(storedCrc)
                    + ", computed " + Integer.toHexString(computed) + "): the header is damaged or was cut off while "
                    + "being written; resume from the other checkpoint slot or recreate the file with 'spacetime deep init'");
        }
        DeepSpec spec;
        try {
            spec = new DeepSpec(layers, width, activation(act), alpha);
        } catch (IllegalArgumentException e) {
            throw new DeepException(file + " has an invalid shape: " + e.getMessage(), e);
        }
        int[] crcs = new int[chunks];
        b.position(FIXED_BYTES);
        for (int i = 0; i < chunks; i++) {
            crcs[i] = b.getInt();
        }
        WeightFileHeader h = new WeightFileHeader(spec, chunkLayers, step, runId, state == CLEAN, crcs);
        if (fileSize < h.fileBytes()) {
            throw new DeepException(file + " is truncated: " + fileSize + " bytes, but " + spec.describe() + " needs "
                    + h.fileBytes() + " (the copy or write was cut short); restore the file or recreate it with "
                    + "'spacetime deep init'");
        }
        return h;
    }

    private static int chunkCountOrMinus(long layers, int chunkLayers) {
        long n = (layers + chunkLayers - 1) / chunkLayers;
        return n > Integer.MAX_VALUE / 8 ? -1 : (int) n;
    }

    static int activationCode(Activation a) {
        return switch (a) {
            case SOFTSIGN -> 1;
            case TANH -> 2;
            case RELU -> 3;
            default -> throw new IllegalArgumentException(a.id());
        };
    }

    static Activation activation(int code) {
        return switch (code) {
            case 1 -> Activation.SOFTSIGN;
            case 2 -> Activation.TANH;
            case 3 -> Activation.RELU;
            default -> throw new IllegalArgumentException("activation code " + code + " is unknown");
        };
    }
}
