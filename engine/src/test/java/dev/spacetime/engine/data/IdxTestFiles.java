package dev.spacetime.engine.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files for tests, and a tiny MNIST-shaped set (3 train, 2 test images of 2×2) with its spec. */
final class IdxTestFiles {

    private IdxTestFiles() {
    }

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(magic);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    static byte[] images(int n, int h, int w) {
        byte[] px = new byte[n * h * w];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37 + 1);
        }
        return idx(IdxHeader.IMAGES_MAGIC, new int[] {n, h, w}, px);
    }

    static byte[] labels(int... y) {
        byte[] b = new byte[y.length];
        for (int i = 0; i < y.length; i++) {
            b[i] = (byte) y[i];
        }
        return idx(IdxHeader.LABELS_MAGIC, new int[] {y.length}, b);
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The four files of the tiny set, uncompressed. */
    static Map<IdxFile, byte[]> tinyFiles() {
        Map<IdxFile, byte[]> m = new EnumMap<>(IdxFile.class);
        m.put(IdxFile.TRAIN_IMAGES, images(3, 2, 2));
        m.put(IdxFile.TRAIN_LABELS, labels(5, 0, 4));
        m.put(IdxFile.TEST_IMAGES, images(2, 2, 2));
        m.put(IdxFile.TEST_LABELS, labels(7, 2));
        return m;
    }

    /** A spec for the tiny set that checks SHA-256 sums (like MNIST) or, with {@code hashed=false}, the structure. */
    static IdxSpec tinySpec(boolean hashed) {
        Map<IdxFile, String> sums = new EnumMap<>(IdxFile.class);
        if (hashed) {
            tinyFiles().forEach((f, bytes) -> sums.put(f, sha256(bytes)));
        }
        return new IdxSpec("tiny", sums, 3, 2, 2, 2);
    }
}
