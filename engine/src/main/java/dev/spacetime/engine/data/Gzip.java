package dev.spacetime.engine.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Mirrors serve MNIST as {@code .gz}, some servers gunzip on the fly, and users rename files: the content, not the
 * name, decides, by the gzip magic bytes {@code 1F 8B} (an IDX file starts with {@code 00 00}).
 */
final class Gzip {

    private Gzip() {
    }

    /** {@code in} decompressed if it starts with the gzip magic, else as it is. */
    static InputStream maybeDecompress(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int b0 = b.read();
        int b1 = b.read();
        b.reset();
        return b0 == 0x1F && b1 == 0x8B ? new GZIPInputStream(b, 1 << 16) : b;
    }
}
