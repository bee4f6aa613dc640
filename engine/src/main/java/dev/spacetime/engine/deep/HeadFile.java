package dev.spacetime.engine.deep;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The head file: the input projection and output head, and the run's commit record — which step the weights are
 * at, which run they belong to, and the settings that continue it. Written whole to a temporary file, fsynced,
 * renamed over the old one and the folder fsynced, so it is always either the old or the new record, never a mix.
 *
 * <pre>
 * little-endian: magic "STDEEPH\0", version u32, reserved u32, runId u64, step u64, layers u64, width u32,
 * activation u32, α f32, trained u32 (0 = no run recorded), batch u32, seed u64, layer lr f32, head lr f32,
 * W_in [784·w], b_in [w], W_out [w·10], b_out [10] (float32), CRC32C of everything before it (u32)
 * </pre>
 */
public record HeadFile(long runId, long step, DeepSpec spec, TrainSettings settings, DeepHead head) {

    static final byte[] MAGIC = {'S', 'T', 'D', 'E', 'E', 'P', 'H', 0};
    static final int VERSION = 1;
    private static final int FIXED = 76;

    public HeadFile {
        if (head.width() != spec.width()) {
            throw new IllegalArgumentException("head width " + head.width() + " != stack width " + spec.width());
        }
    }

    public HeadFile at(long newStep, TrainSettings newSettings, DeepHead newHead) {
        return new HeadFile(runId, newStep, spec, newSettings, newHead);
    }

    ByteBuffer encode() {
        DeepHead h = head;
        ByteBuffer b = ByteBuffer.allocate(FIXED + 4 * h.floats() + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(0).putLong(runId).putLong(step).putLong(spec.layers());
        b.putInt(spec.width()).putInt(WeightFileHeader.activationCode(spec.activation())).putFloat(spec.alpha());
        TrainSettings s = settings;
        b.putInt(s == null ? 0 : 1).putInt(s == null ? 0 : s.batch()).putLong(s == null ? 0 : s.seed());
        b.putFloat(s == null ? 0 : s.layerLr()).putFloat(s == null ? 0 : s.headLr());
        for (float[] a : new float[][] {h.wIn, h.bIn, h.wOut, h.bOut}) {
            for (float f : a) {
                b.putFloat(f);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        b.flip();
        return b;
    }

    public static HeadFile read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DeepException("head file " + path + " does not exist: create it with 'spacetime deep init' "
                    + "(it is written next to the weight file)", e);
        } catch (IOException e) {
            throw new DeepException("cannot read head file " + path + ": " + e.getMessage(), e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < FIXED + 4) {
            throw new DeepException(path + " is " + bytes.length + " bytes, too short for a deep head file: it is "
                    + "truncated or not a head file; use the head file 'spacetime deep init' wrote");
        }
        byte[] magic = new byte[8];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new DeepException(path + " is not a deep head file (bad magic): pass the --head file of the run");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new DeepException(path + " has head-file version " + version + ", this spacetime reads " + VERSION);
        }
        b.getInt();
        long runId = b.getLong();
        long step = b.getLong();
        long layers = b.getLong();
        int width = b.getInt();
        int act = b.getInt();
        float alpha = b.getFloat();
        DeepSpec spec;
        try {
            spec = new DeepSpec(layers, width, WeightFileHeader.activation(act), alpha);
        } catch (IllegalArgumentException e) {
            throw new DeepException(path + " has an invalid shape: " + e.getMessage(), e);
        }
        int floats = DeepHead.INPUTS * width + width + width * DeepHead.CLASSES + DeepHead.CLASSES;
        if (bytes.length != FIXED + 4 * floats + 4) {
            throw new DeepException(path + " is " + bytes.length + " bytes, but a width-" + width + " head file is "
                    + (FIXED + 4 * floats + 4) + ": it is truncated or damaged; restore it or recreate the model with "
                    + "'spacetime deep init'");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (stored != (int) crc.getValue()) {
            throw new DeepException(path + ": checksum mismatch (stored " + Integer.toHexString(stored) + ", computed "
                    + Integer.toHexString((int) crc.getValue()) + "): the head file is corrupt; restore it or recreate "
                    + "the model with 'spacetime deep init'");
        }
        boolean trained = b.getInt() != 0;
        int batch = b.getInt();
        long seed = b.getLong();
        float layerLr = b.getFloat();
        float headLr = b.getFloat();
        TrainSettings settings = trained ? new TrainSettings(batch, seed, layerLr, headLr) : null;
        float[] wIn = floats(b, DeepHead.INPUTS * width);
        float[] bIn = floats(b, width);
        float[] wOut = floats(b, width * DeepHead.CLASSES);
        float[] bOut = floats(b, DeepHead.CLASSES);
        return new HeadFile(runId, step, spec, settings, new DeepHead(width, wIn, bIn, wOut, bOut));
    }

    private static float[] floats(ByteBuffer b, int n) {
        float[] a = new float[n];
        b.asFloatBuffer().get(a);
        b.position(b.position() + 4 * n);
        return a;
    }

    /** Atomic replace: temp file, fsync, rename over, fsync the folder. */
    public void write(Path path) {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = dir.resolve(path.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer b = encode();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new DeepException("the file system of " + dir + " cannot rename atomically, which the checkpoints "
                        + "rely on: put the head file on a local file system", e);
            }
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new DeepException("cannot write head file " + path + ": " + e.getMessage()
                    + " (check the folder is writable and the disk has room)", e);
        }
    }

    /** Makes a rename durable: on Linux the new directory entry survives a crash only after the folder is fsynced. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                return;   // some platforms cannot open a directory; their rename is as durable as it gets
            }
            throw e;
        }
    }
}
