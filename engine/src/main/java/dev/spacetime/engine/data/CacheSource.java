package dev.spacetime.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Files fetched before. They were verified when they went in, but are checked again on every load (about 0.2 s for
 * MNIST) because a cache on disk can be edited, truncated or bit-rotted; a bad one is reported, deleted and fetched
 * again from the next sources.
 */
final class CacheSource implements IdxSource {

    private final IdxSpec spec;
    private final DatasetCache cache;
    private final Consumer<String> log;

    CacheSource(IdxSpec spec, DatasetCache cache, Consumer<String> log) {
        this.spec = spec;
        this.cache = cache;
        this.log = log;
    }

    @Override
    public String describe() {
        return "cache " + cache.dir();
    }

    @Override
    public String provide(Set<IdxFile> missing, Map<IdxFile, Path> found) throws IOException {
        List<String> notes = new ArrayList<>();
        int got = 0;
        for (IdxFile f : missing) {
            Path p = cache.path(f);
            if (!Files.isRegularFile(p)) {
                notes.add("no " + f.fileName());
                continue;
            }
            String problem = spec.problem(f, p);
            if (problem == null) {
                found.put(f, p);
                got++;
            } else {
                notes.add(f.fileName() + " was corrupt (" + problem + ") and was deleted");
                log.accept(spec.name() + ": cache file " + p + " is corrupt (" + problem + "): deleting it and fetching it again");
                Files.delete(p);
            }
        }
        if (got > 0) {
            log.accept(spec.name() + ": " + got + " file" + (got == 1 ? "" : "s") + " verified in " + cache.dir());
        }
        return got + " of " + missing.size() + " files" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    }
}
