package dev.spacetime.bench.peers;

import static org.junit.jupiter.api.Assertions.fail;

import dev.spacetime.bench.mnist.PythonPeer;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers' Python for the tests: Debian's {@code /usr/bin/python3} (or {@code -Dspacetime.peer.python}). A missing
 * module FAILS the test with the apt package to install; nothing is skipped. The project's
 * {@code tools/ensure-test-deps} (run by {@code ./run-tests}) installs them.
 */
final class PythonDeps {

    private PythonDeps() {
    }

    /** {@code modules}: pairs of Python module and Debian package, e.g. "sklearn", "python3-sklearn". */
    static PythonPeer require(String... modules) {
        PythonPeer python = new PythonPeer(System.getProperty("spacetime.peer.python", PythonPeer.DEFAULT_PYTHON));
        List<String> packages = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < modules.length; i += 2) {
            String why = python.missing(modules[i]);
            if (why != null) {
                packages.add(modules[i + 1]);
                reasons.add(why);
            }
        }
        if (!packages.isEmpty()) {
            fail(String.join("; ", reasons) + ": install " + String.join(" ", packages) + " (apt-get install -y "
                    + String.join(" ", packages) + "; the project's tools/ensure-test-deps installs them)");
        }
        return python;
    }
}
