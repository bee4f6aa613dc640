package dev.spacetime.bench.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Debian's own Python ({@code /usr/bin/python3}, not a pyenv or venv python earlier on the PATH) with Debian's
 * python3-torch / python3-numpy / python3-sklearn / python3-threadpoolctl / python3-matplotlib: finding, installing
 * and running peer scripts shipped as resources of this module.
 */
public final class PythonPeer {

    public static final String DEFAULT_PYTHON = "/usr/bin/python3";
    public static final List<String> TORCH_PACKAGES = List.of("python3-torch", "python3-numpy", "python3-threadpoolctl");
    /** Set on this machine kind; they make OpenBLAS pick its AVX2 (Haswell) kernels on an AVX-512 CPU. */
    public static final List<String> REMOVED_ENV = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");
    static final String RESOURCE_DIR = "/dev/spacetime/bench/peers/";

    private final String python;

    public PythonPeer(String python) {
        this.python = python;
    }

    public String python() {
        return python;
    }

    /** Null when {@code python -c 'import <modules>'} works, else what went wrong (its stderr's last line). */
    public String missing(String... modules) {
        if (!Files.isExecutable(Path.of(python))) {
            return python + " does not exist";
        }
        Processes.Result r = Processes.run(List.of(python, "-c", "import " + String.join(", ", modules)), Map.of(), null, 120);
        if (r.exit() == 0) {
            return null;
        }
        String[] lines = r.stderr().strip().split("\n");
        return python + " cannot import " + String.join(", ", modules) + ": " + lines[lines.length - 1];
    }

    /** The command that installs the torch peer's Debian packages, as the user should type it. */
    public static String installCommand() {
        return installCommand(TORCH_PACKAGES);
    }

    /** The command that installs {@code packages}, as the user should type it. */
    public static String installCommand(List<String> packages) {
        return (isRoot() ? "" : "sudo ") + "apt-get install -y " + String.join(" ", packages);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Installs {@link #TORCH_PACKAGES}: see {@link #install}. */
    public String installTorch(Consumer<String> log) {
        return install(TORCH_PACKAGES, log);
    }

    /**
     * Installs Debian {@code packages} with apt-get when this process is root (after an {@code apt-get update} if the
     * first attempt fails); returns null on success, else why not, with the command to run by hand.
     */
    public String install(List<String> packages, Consumer<String> log) {
        if (!isRoot()) {
            return "not root, so not installing: run `" + installCommand(packages) + "`";
        }
        List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
        install.addAll(packages);
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        log.accept("installing the peers: " + String.join(" ", install));
        Processes.Result r = Processes.run(install, env, log, 1800);
        if (r.exit() != 0) {
            log.accept("apt-get install failed (exit " + r.exit() + "); running apt-get update and trying again");
            Processes.run(List.of("apt-get", "update", "-q"), env, log, 600);
            r = Processes.run(install, env, log, 1800);
        }
        return r.exit() == 0 ? null : "`" + String.join(" ", install) + "` failed with exit code " + r.exit();
    }

    /** Copies the resource script {@code name} into {@code dir} and returns its path. */
    public static Path extract(String name, Path dir) {
        try (InputStream in = PythonPeer.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("peer script " + RESOURCE_DIR + name + " is missing from the class path");
            }
            Path target = dir.resolve(name);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + name + " into " + dir, e);
        }
    }
}
