package dev.spacetime.stack;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a Quarkus service in the local stack's tests (the real ones are built by their own modules): answers
 * {@code /q/health/ready} with 200 and {@code /config} with the settings the stack handed over. With
 * {@code -Dfake.fail=true} it exits at once with status 3, like a service that cannot start.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        if (Boolean.getBoolean("fake.fail")) {
            System.err.println("fake service: refusing to start (fake.fail=true)");
            System.exit(3);
        }
        int port = Integer.parseInt(System.getProperty("quarkus.http.port"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/q/health/ready", ex -> reply(ex, "{\"status\":\"UP\"}"));
        server.createContext("/config", ex -> reply(ex, String.join("\n",
                "kafka=" + System.getProperty("kafka.bootstrap.servers"),
                "jdbc=" + System.getProperty("quarkus.datasource.jdbc.url"),
                "user=" + System.getProperty("quarkus.datasource.username"),
                "artifacts=" + System.getProperty("spacetime.artifact-dir"),
                "token=" + System.getenv("SPACETIME_API_TOKEN"),
                "password=" + System.getenv("QUARKUS_DATASOURCE_PASSWORD"))));
        server.start();
        System.out.println("fake service listening on " + port);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    /** A runnable jar with just this class, for a {@link ServiceSpec}. */
    static java.nio.file.Path jar(java.nio.file.Path dir) throws IOException {
        java.nio.file.Path jar = dir.resolve("fake-service.jar");
        var manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar), manifest);
                var in = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new java.util.jar.JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
