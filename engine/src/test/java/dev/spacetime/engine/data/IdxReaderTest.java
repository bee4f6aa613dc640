package dev.spacetime.engine.data;

import static dev.spacetime.engine.data.IdxTestFiles.idx;
import static dev.spacetime.engine.data.IdxTestFiles.images;
import static dev.spacetime.engine.data.IdxTestFiles.labels;
import static dev.spacetime.engine.data.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private Path goodLabels(int n) {
        int[] y = new int[n];
        return write(dir.resolve("labels"), labels(y));
    }

    private String failure(Path images, Path labels) {
        return assertThrows(DataException.class, () -> IdxReader.readImagesAndLabels(images, labels, "t")).getMessage();
    }

    @Test
    void tinyFileRoundTrips() {
        byte[] px = {0, 1, 127, (byte) 128, (byte) 255, 42, 7, 8, 9, 10, 11, 12};
        Path img = write(dir.resolve("img"), idx(IdxHeader.IMAGES_MAGIC, new int[] {2, 2, 3}, px));
        Path lab = write(dir.resolve("lab"), labels(5, 9));
        Dataset d = IdxReader.readImagesAndLabels(img, lab, "tiny");
        assertEquals("tiny", d.name());
        assertEquals(2, d.n());
        assertEquals(6, d.features());
        assertEquals(2, d.height());
        assertEquals(3, d.width());
        assertEquals(10, d.classes());
        assertArrayEquals(new float[] {0, 1, 127, 128, 255, 42, 7, 8, 9, 10, 11, 12}, d.x());
        assertArrayEquals(new int[] {5, 9}, d.y());
    }

    @Test
    void wrongMagicNamesFoundAndExpected() {
        Path img = write(dir.resolve("img"), labels(1, 2)); // a labels file where images are expected
        String msg = failure(img, goodLabels(2));
        assertTrue(msg.contains(img.toString()), msg);
        assertTrue(msg.contains("wrong magic 0x00000801, expected 0x00000803"), msg);
        assertTrue(msg.contains("--data-dir"), msg);
    }

    @Test
    void gzippedFileIsRecognised() {
        Path img = write(dir.resolve("img"), IdxTestFiles.gzip(images(2, 2, 2)));
        String msg = failure(img, goodLabels(2));
        assertTrue(msg.contains("gzip-compressed"), msg);
    }

    @Test
    void nonByteElementTypeIsRejected() {
        Path img = write(dir.resolve("img"), idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        String msg = failure(img, goodLabels(1));
        assertTrue(msg.contains("element type 0x0D (float32)"), msg);
        assertTrue(msg.contains("only unsigned bytes"), msg);
    }

    @Test
    void truncatedImagesReportExpectedAndActualSize() {
        byte[] full = images(3, 4, 4); // 16 + 48 bytes
        Path img = write(dir.resolve("img"), Arrays.copyOf(full, full.length - 10));
        String msg = failure(img, goodLabels(3));
        assertTrue(msg.contains("truncated"), msg);
        assertTrue(msg.contains("expected 64 bytes"), msg);
        assertTrue(msg.contains("has 54 bytes"), msg);
        assertTrue(msg.contains(img.toString()), msg);
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] full = images(1, 2, 2);
        Path img = write(dir.resolve("img"), Arrays.copyOf(full, full.length + 3));
        assertTrue(failure(img, goodLabels(1)).contains("3 unexpected bytes"));
    }

    @Test
    void labelAndImageCountsMustAgree() {
        Path img = write(dir.resolve("img"), images(3, 2, 2));
        Path lab = goodLabels(2);
        String msg = failure(img, lab);
        assertTrue(msg.contains("holds 3 images"), msg);
        assertTrue(msg.contains("holds 2 labels"), msg);
    }

    @Test
    void missingFileIsNamed() {
        Path img = dir.resolve("no-such-images");
        String msg = failure(img, goodLabels(1));
        assertTrue(msg.contains(img.toString()), msg);
        assertTrue(msg.contains("does not exist"), msg);
    }

    @Test
    void labelOutsideTheTenClassesIsRejected() {
        Path img = write(dir.resolve("img"), images(2, 1, 1));
        Path lab = write(dir.resolve("lab"), labels(3, 10));
        String msg = failure(img, lab);
        assertTrue(msg.contains("label 10 at index 1"), msg);
    }
}
