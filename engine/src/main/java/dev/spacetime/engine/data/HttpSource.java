package dev.spacetime.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A mirror given by URL ({@code SPACETIME_MNIST_URL}): each file is requested as {@code BASE/NAME.gz}, then as
 * {@code BASE/NAME}, and streamed straight into the cache, where it is gunzipped and verified.
 */
final class HttpSource implements IdxSource {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final IdxSpec spec;
    private final DatasetCache cache;
    private final Consumer<String> log;

    HttpSource(URI base, IdxSpec spec, DatasetCache cache, Consumer<String> log) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/"); // so that resolve() appends instead of replacing
        this.spec = spec;
        this.cache = cache;
        this.log = log;
    }

    @Override
    public String describe() {
        return "download from " + base;
    }

    @Override
    public String provide(Set<IdxFile> missing, Map<IdxFile, Path> found) throws IOException {
        List<String> notes = new ArrayList<>();
        int got = 0;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build()) {
            for (IdxFile f : missing) {
                String outcome = fetchOne(client, f, found);
                if (outcome == null) {
                    got++;
                } else {
                    notes.add(outcome);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return got + " of " + missing.size() + " files" + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    }

    /** Null when {@code f} is now in the cache, else why not. */
    private String fetchOne(HttpClient client, IdxFile f, Map<IdxFile, Path> found)
            throws IOException, InterruptedException {
        List<String> statuses = new ArrayList<>();
        for (String name : List.of(f.fileName() + ".gz", f.fileName())) {
            URI uri = base.resolve(name);
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(HEADERS_TIMEOUT).GET().build();
            HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = resp.body()) {
                if (resp.statusCode() == 200) {
                    log.accept(spec.name() + ": downloading " + uri);
                    try {
                        found.put(f, cache.install(f, body, uri.toString()));
                        return null;
                    } catch (IOException e) {
                        statuses.add(e.getMessage());
                        continue;
                    }
                }
                statuses.add(name + ": HTTP " + resp.statusCode());
            }
        }
        return String.join(", ", statuses);
    }
}
