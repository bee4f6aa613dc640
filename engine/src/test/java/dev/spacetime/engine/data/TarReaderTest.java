package dev.spacetime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TarReaderTest {

    /** Writes ustar entries the way npm's tarballs have them: header block, data, zero padding, two zero blocks. */
    static final class TarWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        TarWriter add(String prefix, String name, char type, byte[] data) {
            byte[] h = new byte[512];
            put(h, 0, name);
            put(h, 100, "0000644");
            put(h, 124, String.format("%011o", data.length));
            h[156] = (byte) type;
            put(h, 257, "ustar");
            put(h, 263, "00");
            put(h, 345, prefix);
            out.writeBytes(h);
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
            return this;
        }

        byte[] finish() {
            out.writeBytes(new byte[1024]);
            return out.toByteArray();
        }

        private static void put(byte[] h, int off, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(b, 0, h, off, b.length);
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    @Test
    void readsEntriesOfAnySizeAndSkipsUnreadData() throws IOException {
        byte[] tar = new TarWriter()
                .add("", "package/", '5', new byte[0])
                .add("", "PaxHeader", 'x', "30 path=ignored\n".getBytes(StandardCharsets.UTF_8))
                .add("", "package/empty", '0', new byte[0])
                .add("", "package/block", '0', bytes(512))
                .add("package", "data/odd", '0', bytes(1000))
                .add("", "package/last", '\0', bytes(3))
                .finish();
        TarReader r = new TarReader(new ByteArrayInputStream(tar));

        TarReader.Entry dir = r.next();
        assertEquals("package/", dir.name());
        assertFalse(dir.regular());
        assertFalse(r.next().regular());

        TarReader.Entry empty = r.next();
        assertEquals("package/empty", empty.name());
        assertEquals(0, empty.size());
        assertEquals(-1, r.content().read());

        TarReader.Entry block = r.next();
        assertEquals(512, block.size());
        r.content().readNBytes(100); // the rest is skipped by next()

        TarReader.Entry odd = r.next();
        assertEquals("package/data/odd", odd.name(), "ustar prefix joined to the name");
        assertTrue(odd.regular());
        assertArrayEquals(bytes(1000), r.content().readAllBytes());

        TarReader.Entry last = r.next();
        assertEquals("package/last", last.name());
        assertTrue(last.regular(), "type NUL is a regular file");
        assertArrayEquals(bytes(3), r.content().readAllBytes());
        assertNull(r.next());
    }
}
