package dev.spacetime.engine.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The header of an IDX file (the MNIST format): 4 magic bytes {@code 0x00 0x00 TYPE NDIMS}, then NDIMS big-endian
 * int32 sizes, then the elements. Only unsigned bytes ({@code TYPE = 0x08}) are supported, which is what MNIST and
 * Fashion-MNIST use. Parsing checks the magic and that the file size is exactly header + product of the sizes, so a
 * truncated download is caught before anything is read.
 *
 * @param dims the sizes, e.g. {@code [60000, 28, 28]} for images, {@code [60000]} for labels
 * @param dataOffset byte offset of the first element
 */
record IdxHeader(Path file, int[] dims, long dataOffset) {

    static final int U8 = 0x08;
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    static final String HINT = "Delete it so that spacetime fetches it again into its cache, "
            + "or pass --data-dir DIR with the four IDX files (plain or .gz).";

    long elements() {
        long e = 1;
        for (int d : dims) {
            e *= d;
        }
        return e;
    }

    /** Reads and checks the header of {@code file}, which must have {@code expectedDims} dimensions of u8. */
    static IdxHeader read(Path file, int expectedDims, String what) {
        int expectedMagic = (U8 << 8) | expectedDims;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 4) {
                throw problem(file, what, "is truncated: " + size + " bytes, not even the 4-byte magic");
            }
            ByteBuffer magicBuf = readFully(ch, 0, 4);
            int magic = magicBuf.getInt(0);
            int type = (magic >>> 8) & 0xFF;
            int ndims = magic & 0xFF;
            if ((magic >>> 16) == 0x1F8B) {
                throw problem(file, what, String.format("has magic 0x%08X, expected 0x%08X: it is gzip-compressed, "
                        + "gunzip it (or give it a .gz name in --data-dir, which spacetime unpacks)", magic, expectedMagic));
            }
            if ((magic >>> 16) != 0 || ndims != expectedDims) {
                throw problem(file, what, String.format("has wrong magic 0x%08X, expected 0x%08X (IDX, unsigned bytes, "
                        + "%d dimension%s): it is not an IDX %s file", magic, expectedMagic, expectedDims,
                        expectedDims == 1 ? "" : "s", what));
            }
            if (type != U8) {
                throw problem(file, what, String.format("holds IDX element type 0x%02X (%s), only unsigned bytes (0x08) "
                        + "are supported (magic 0x%08X, expected 0x%08X)", type, typeName(type), magic, expectedMagic));
            }
            long dataOffset = 4L + 4L * ndims;
            if (size < dataOffset) {
                throw problem(file, what, "is truncated: " + size + " bytes, the header alone needs " + dataOffset);
            }
            ByteBuffer dimBuf = readFully(ch, 4, 4 * ndims);
            int[] dims = new int[ndims];
            long elements = 1;
            for (int i = 0; i < ndims; i++) {
                dims[i] = dimBuf.getInt(4 * i);
                if (dims[i] < 0) {
                    throw problem(file, what, "has a negative size " + dims[i] + " in dimension " + i);
                }
                elements *= dims[i];
            }
            if (elements > Integer.MAX_VALUE - 8) {
                throw problem(file, what, "declares " + Arrays.toString(dims) + " = " + elements
                        + " elements, more than a Java array holds");
            }
            long expected = dataOffset + elements;
            if (size < expected) {
                throw problem(file, what, "is truncated: expected " + expected + " bytes (" + dataOffset
                        + "-byte header + " + shape(dims) + "), but the file has " + size + " bytes");
            }
            if (size > expected) {
                throw problem(file, what, "has " + (size - expected) + " unexpected bytes after the data: expected "
                        + expected + " bytes (" + dataOffset + "-byte header + " + shape(dims) + "), found " + size);
            }
            return new IdxHeader(file, dims, dataOffset);
        } catch (NoSuchFileException e) {
            throw new DataException("IDX " + what + " file " + file + " does not exist. Pass --data-dir DIR with the "
                    + "four IDX files (plain or .gz), or let spacetime fetch the data set into its cache.", e);
        } catch (IOException e) {
            throw new DataException("cannot read IDX " + what + " file " + file + ": " + e + ". " + HINT, e);
        }
    }

    /** The element bytes, read in one bulk transfer (47 MB for the MNIST training images). */
    byte[] readData() {
        byte[] data = new byte[(int) elements()];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            long pos = dataOffset;
            while (buf.hasRemaining()) {
                int r = ch.read(buf, pos);
                if (r < 0) {
                    throw new DataException("IDX file " + file + " shrank while being read (" + buf.position()
                            + " of " + data.length + " data bytes). " + HINT);
                }
                pos += r;
            }
        } catch (IOException e) {
            throw new DataException("cannot read IDX file " + file + ": " + e + ". " + HINT, e);
        }
        return data;
    }

    private static ByteBuffer readFully(FileChannel ch, long pos, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len); // big-endian by default, as IDX is
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new IOException("unexpected end of file at byte " + (pos + buf.position()));
            }
        }
        return buf;
    }

    private static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : "×").append(dims[i]);
        }
        return s.append(" bytes of data").toString();
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "int16";
            case 0x0C -> "int32";
            case 0x0D -> "float32";
            case 0x0E -> "float64";
            default -> "unknown type";
        };
    }

    private static DataException problem(Path file, String what, String detail) {
        return new DataException("IDX " + what + " file " + file + " " + detail + ". " + HINT);
    }
}
