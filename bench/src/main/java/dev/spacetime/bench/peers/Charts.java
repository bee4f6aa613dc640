package dev.spacetime.bench.peers;

import dev.spacetime.bench.mnist.Json;
import dev.spacetime.bench.mnist.Processes;
import dev.spacetime.bench.mnist.PythonPeer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The PNG charts, drawn by {@code peers/peers_plot.py} with Debian's python3-matplotlib from peers.json. */
final class Charts {

    static final String SCRIPT = "peers_plot.py";

    private Charts() {
    }

    /** Draws the charts into {@code dir} (which holds peers.json); returns the files, none when matplotlib is missing. */
    static List<Path> draw(PeersReport report, Path dir, PythonPeer python, Consumer<String> log) {
        if (report.chartsMissing() != null) {
            log.accept("no charts: " + report.chartsMissing());
            return new ArrayList<>();
        }
        Path tmp = null;
        try {
            tmp = Files.createTempDirectory("spacetime-peers-plot-");
            Path script = PythonPeer.extract(SCRIPT, tmp);
            Processes.Result r = Processes.run(List.of(python.python(), script.toString(), "--json",
                    dir.resolve("peers.json").toString(), "--out", dir.toString()), Map.of(), log, 300);
            if (r.exit() != 0) {
                log.accept("WARNING: the charts failed (exit " + r.exit() + "); the figures are in the CSV and JSON");
                return new ArrayList<>();
            }
            List<Path> files = new ArrayList<>();
            for (Object f : (List<?>) Json.readObject(r.lastLine()).get("files")) {
                files.add(Path.of(String.valueOf(f)));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the charts: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                tmp.resolve(SCRIPT).toFile().delete();
                tmp.toFile().delete();
            }
        }
    }
}
