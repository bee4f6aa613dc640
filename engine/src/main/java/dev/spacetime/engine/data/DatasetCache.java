package dev.spacetime.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The cache folder of one data set, {@code <cache>/datasets/<spec name>}. A file only ever appears there complete and
 * verified: it is written to a temporary file in the same folder, checked against the {@link IdxSpec}, then renamed
 * with {@code ATOMIC_MOVE}. An interrupted download or two runs fetching at once can therefore never leave a half
 * file that a later run would trust.
 */
final class DatasetCache {

    private final IdxSpec spec;
    private final Path dir;

    DatasetCache(Path cacheRoot, IdxSpec spec) {
        this.spec = spec;
        this.dir = cacheRoot.resolve("datasets").resolve(spec.name());
    }

    Path dir() {
        return dir;
    }

    Path path(IdxFile f) {
        return dir.resolve(f.fileName());
    }

    /**
     * Copies {@code in} (gunzipped when it is gzip data) into the cache as {@code f}.
     *
     * @param from where the bytes come from, for the error message
     * @return the verified file in the cache
     * @throws IOException when writing fails or the content does not verify (nothing is left behind)
     */
    Path install(IdxFile f, InputStream in, String from) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + f.fileName() + ".", ".part");
        try {
            try (InputStream src = Gzip.maybeDecompress(in); OutputStream out = Files.newOutputStream(tmp)) {
                src.transferTo(out);
            }
            String problem = spec.problem(f, tmp);
            if (problem != null) {
                throw new IOException(f.fileName() + " from " + from + " fails verification: " + problem);
            }
            Path target = path(f);
            // On POSIX this is rename(2), which atomically replaces a file another run may have put there meanwhile.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
