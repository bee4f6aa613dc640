package dev.spacetime.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spacetime.engine.data.Normalization;
import dev.spacetime.engine.infer.Predictor;
import dev.spacetime.engine.kernel.KernelProvider;
import dev.spacetime.engine.model.MlpSpec;
import dev.spacetime.engine.model.Model;
import dev.spacetime.engine.model.ModelSpec;
import dev.spacetime.engine.model.RecursiveSpec;
import dev.spacetime.engine.model.Sequential2DSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    private static Model trained(ModelSpec spec, long seed) {
        Model m = spec.build();
        m.initialize(seed);
        return m;
    }

    private static Normalization norm(int features) {
        float[] off = new float[features];
        float[] sc = new float[features];
        for (int i = 0; i < features; i++) {
            off[i] = i * 0.5f;
            sc[i] = 1f / (i + 1);
        }
        return new Normalization(Normalization.Z_SCORE, off, sc);
    }

    @Test
    void roundTripKeepsSpecWeightsNormalisationAndMetadata() throws IOException {
        for (ModelSpec spec : new ModelSpec[] {
                MlpSpec.iris(), new RecursiveSpec(7, 5, 3, 4),
                new Sequential2DSpec(new int[] {6, 5, 4, 3}, Sequential2DSpec.Preset.RANDOM_SPARSE, 2, 99)}) {
            Model model = trained(spec, 11);
            Path file = dir.resolve(spec.name() + ".stm");
            ModelFile.save(file, model, norm(spec.inputSize()), Map.of("dataset", "unit", "seed", "11"));

            ModelFile loaded = ModelFile.load(file);
            assertEquals(spec, loaded.model().spec());
            assertArrayEquals(model.parameters().values(), loaded.model().parameters().values(), spec.name());
            assertArrayEquals(norm(spec.inputSize()).scale(), loaded.normalization().scale());
            assertEquals(Normalization.Z_SCORE, loaded.normalization().kind());
            assertEquals("unit", loaded.metadata().get("dataset"));
        }
    }

    @Test
    void loadedModelPredictsExactlyLikeTheOriginal() throws IOException {
        Model model = trained(new RecursiveSpec(7, 5, 3, 4), 3);
        Path file = dir.resolve("r.stm");
        ModelFile.save(file, model, norm(7), Map.of());
        ModelFile loaded = ModelFile.load(file);
        float[][] rows = {{1, 2, 3, 4, 5, 6, 7}, {0, -1, 0.5f, 2, 9, 1, 0}};
        var kernels = KernelProvider.get();
        var a = new Predictor(model, norm(7), kernels).predict(rows);
        var b = new Predictor(loaded.model(), loaded.normalization(), kernels).predict(rows);
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(a.outputs()[r], b.outputs()[r]);
        }
        assertArrayEquals(a.classes(), b.classes());
    }

    private byte[] validBytes() throws IOException {
        Path file = dir.resolve("v.stm");
        ModelFile.save(file, trained(MlpSpec.iris(), 5), norm(4), Map.of("k", "v"));
        return Files.readAllBytes(file);
    }

    private String loadError(byte[] bytes) throws IOException {
        Path bad = dir.resolve("bad.stm");
        Files.write(bad, bytes);
        return assertThrows(ModelFileException.class, () -> ModelFile.load(bad)).getMessage();
    }

    private static void fixCrc(byte[] b) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b, b.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
    }

    @Test
    void wrongMagicIsNamed() throws IOException {
        byte[] b = validBytes();
        b[0] = 'X';
        assertTrue(loadError(b).contains("wrong magic"), loadError(b));
    }

    @Test
    void newerVersionIsNamed() throws IOException {
        byte[] b = validBytes();
        ByteBuffer.wrap(b, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(7);
        fixCrc(b);
        String msg = loadError(b);
        assertTrue(msg.contains("version 7") && msg.contains("upgrade"), msg);
    }

    @Test
    void truncatedFileIsNamedAsWrongSize() throws IOException {
        byte[] b = validBytes();
        String msg = loadError(Arrays.copyOf(b, b.length - 10));
        assertTrue(msg.contains("wrong size") && msg.contains("truncated"), msg);
    }

    @Test
    void flippedWeightByteFailsTheChecksum() throws IOException {
        byte[] b = validBytes();
        b[b.length - 20] ^= 0x40;
        assertTrue(loadError(b).contains("checksum"), loadError(b));
    }

    @Test
    void tensorShapeMismatchIsNamed() throws IOException {
        byte[] b = validBytes();
        String text = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("sizes=4,8,3");
        assertTrue(at > 0);
        b[at + "sizes=4,".length()] = '9';      // the spec now says 4-9-3; the tensors are 4×8
        fixCrc(b);
        String msg = loadError(b);
        assertTrue(msg.contains("does not match"), msg);
    }

    @Test
    void missingFileSaysHowToMakeOne() {
        String msg = assertThrows(ModelFileException.class, () -> ModelFile.load(dir.resolve("none.stm"))).getMessage();
        assertTrue(msg.contains("does not exist") && msg.contains("--out"), msg);
    }

    @Test
    void notAModelFileAtAll() throws IOException {
        assertTrue(loadError(new byte[3]).contains("wrong magic"));
    }
}
