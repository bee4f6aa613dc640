package dev.spacetime.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir
    Path cache;

    private final List<String> log = new ArrayList<>();

    private DataSplit load(String name, DataOptions opts) {
        return Datasets.load(name, opts, FetchSources.none(), log::add);
    }

    private DataOptions opts() {
        return new DataOptions(null, cache, 0, 0);
    }

    @Test
    void xorIsTheFourRowsAsTrainAndTest() {
        DataSplit s = load("xor", opts());
        assertEquals(4, s.train().n());
        assertEquals(4, s.test().n());
        assertNull(s.validation());
        assertArrayEquals(new int[] {0, 1, 1, 0}, s.train().y());
        assertEquals("none", Datasets.defaultNormalization("xor", s).describe());
    }

    @Test
    void irisIs120TrainAnd30TestWithoutValidation() {
        DataSplit s = load("iris", opts().withSplitSeed(3));
        assertEquals(120, s.train().n());
        assertEquals(30, s.test().n());
        assertNull(s.validation());
        assertTrue(s.description().contains("seed 3") && s.description().contains("train 120 / test 30"),
                s.description());
        Normalization z = Datasets.defaultNormalization("iris", s);
        assertArrayEquals(Normalization.zScore(s.train()).offset(), z.offset(), "statistics from the train split");
    }

    @Test
    void trainLimitTakesTheFirstRowsOfTheTrainSplitOnly() {
        DataSplit full = load("iris", opts());
        DataSplit limited = load("iris", opts().withTrainLimit(10));
        assertEquals(10, limited.train().n());
        assertEquals(30, limited.test().n());
        assertArrayEquals(full.train().slice(0, 10).x(), limited.train().x());
        assertTrue(limited.description().contains("first 10 rows"), limited.description());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        DataException e = assertThrows(DataException.class, () -> load("cifar", opts()));
        assertTrue(e.getMessage().contains("'cifar'"), e.getMessage());
        assertTrue(e.getMessage().contains("mnist, mnist-50, fashion-mnist, iris, xor"), e.getMessage());
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new DataOptions(null, null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DataOptions(null, cache, 0, -1));
    }

    /** Needs Debian's dataset-fashion-mnist, which ./run-tests installs (tools/ensure-test-deps). */
    @Test
    void fashionMnistFromTheDebianPackage() {
        assertTrue(Files.isDirectory(FetchSources.DEBIAN_FASHION_DIR),
                "dataset-fashion-mnist is not installed: apt-get install dataset-fashion-mnist (./run-tests does it)");
        FetchSources debian = new FetchSources(null, null, FetchSources.DEBIAN_FASHION_DIR);
        DataSplit s = Datasets.load("fashion-mnist", opts().withTrainLimit(1000), debian, log::add);
        assertEquals(1000, s.train().n());
        assertEquals(10_000, s.validation().n());
        assertEquals(10_000, s.test().n());
        assertEquals(28, s.test().height());
        assertEquals(4, new DatasetCache(cache, IdxSpec.FASHION_MNIST).dir().toFile().list().length);
    }
}
