package dev.spacetime.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A folder holding the files as {@code NAME} or {@code NAME.gz}: the user's {@code --data-dir}, or a system folder
 * such as the one Debian's {@code dataset-fashion-mnist} installs. Plain files that verify are used where they are;
 * gzipped ones are unpacked into the cache (once: a verified copy newer than the .gz is reused), since the reader wants
 * plain files it can read in bulk.
 */
final class DirSource implements IdxSource {

    private final String label;
    private final Path dir;
    private final IdxSpec spec;
    private final DatasetCache cache;
    private final Consumer<String> log;

    DirSource(String label, Path dir, IdxSpec spec, DatasetCache cache, Consumer<String> log) {
        this.label = label;
        this.dir = dir;
        this.spec = spec;
        this.cache = cache;
        this.log = log;
    }

    @Override
    public String describe() {
        return label + " " + dir;
    }

    @Override
    public String provide(Set<IdxFile> missing, Map<IdxFile, Path> found) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("not a directory");
        }
        List<String> problems = new ArrayList<>();
        int got = 0;
        for (IdxFile f : missing) {
            Path plain = dir.resolve(f.fileName());
            Path gz = dir.resolve(f.fileName() + ".gz");
            if (Files.isRegularFile(plain)) {
                String problem = spec.problem(f, plain);
                if (problem == null) {
                    found.put(f, plain);
                    got++;
                    continue;
                }
                problems.add(plain.getFileName() + ": " + problem);
                log.accept(spec.name() + ": ignoring " + plain + ": " + problem);
            }
            if (Files.isRegularFile(gz) && unpackedBefore(f, gz)) {
                found.put(f, cache.path(f));
                got++;
            } else if (Files.isRegularFile(gz)) {
                log.accept(spec.name() + ": unpacking " + gz + " into " + cache.dir());
                try (InputStream in = Files.newInputStream(gz)) {
                    found.put(f, cache.install(f, in, gz.toString()));
                    got++;
                } catch (IOException e) {
                    problems.add(e.getMessage());
                    log.accept(spec.name() + ": " + e.getMessage());
                }
            } else if (!Files.isRegularFile(plain)) {
                problems.add("no " + f.fileName() + "[.gz]");
            }
        }
        return got + " of " + missing.size() + " files" + (problems.isEmpty() ? "" : "; " + String.join("; ", problems));
    }

    /** True when the cache holds a valid copy newer than {@code gz}, so that every run does not unpack it again. */
    private boolean unpackedBefore(IdxFile f, Path gz) throws IOException {
        Path cached = cache.path(f);
        return Files.isRegularFile(cached)
                && Files.getLastModifiedTime(cached).compareTo(Files.getLastModifiedTime(gz)) >= 0
                && spec.problem(f, cached) == null;
    }
}
