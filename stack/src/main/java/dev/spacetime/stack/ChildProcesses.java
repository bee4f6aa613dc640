package dev.spacetime.stack;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Child processes that may outlive the JVM that started them (the local stack starts them and exits): output goes to
 * a log file and stdin reads /dev/null, so no pipe ties them to us. A process is named by pid plus start instant,
 * because a pid alone can be reused by an unrelated process after ours died.
 */
final class ChildProcesses {

    private static final File DEV_NULL = new File("/dev/null");

    private ChildProcesses() {
    }

    /** Starts {@code command} with stdout and stderr appended to {@code log}. */
    static Process start(List<String> command, Path log, Map<String, String> env, Path workDir) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true);
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            pb.environment().putAll(env);
            return pb.start();
        } catch (IOException e) {
            throw new StackException("cannot start " + command.getFirst() + ": " + e.getMessage(), e);
        }
    }

    /** Runs a short command to completion (output to {@code log}); returns its exit code. */
    static int run(List<String> command, Path log, Duration timeout) {
        Process p = start(command, log, Map.of(), null);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new StackException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s; its output is in " + log + ":\n" + tail(log, 20));
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new StackException("interrupted while running " + command.getFirst(), e);
        }
    }

    /** The live process with this pid, if it is the one that started at {@code started} (null: do not check). */
    static Optional<ProcessHandle> find(long pid, Instant started) {
        if (pid <= 0) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ChildProcesses::alive).filter(h -> started == null
                || h.info().startInstant().map(s -> Math.abs(Duration.between(s, started).toMillis()) < 2000)
                .orElse(true));
    }

    /**
     * Alive and not a zombie. A process whose parent exited (everything a finished {@code up} started) is reaped by
     * PID 1, which may take a second or two; {@link ProcessHandle#isAlive()} reports the zombie as alive until then.
     */
    static boolean alive(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return h.isAlive();
        }
    }

    static Instant startInstant(ProcessHandle h) {
        return h.info().startInstant().orElse(null);
    }

    /**
     * SIGTERM, wait up to {@code grace}, then SIGKILL. Returns true if the process is gone. Children of the process
     * (a JVM has none; a shell wrapper would) are killed with it.
     */
    static boolean stop(ProcessHandle h, Duration grace) {
        if (!alive(h)) {
            return true;
        }
        List<ProcessHandle> children = h.descendants().toList();
        h.destroy();
        if (!awaitExit(h, grace)) {
            h.destroyForcibly();
            awaitExit(h, Duration.ofSeconds(10));
        }
        children.forEach(c -> {
            if (alive(c)) {
                c.destroyForcibly();
            }
        });
        return !alive(h);
    }

    /**
     * {@link #stop} for several processes at once: each gets SIGTERM first, so their shutdowns overlap; what is still
     * alive after {@code grace} gets SIGKILL. Returns the processes that did not go away even then.
     */
    static List<ProcessHandle> stopAll(List<ProcessHandle> processes, Duration grace) {
        List<ProcessHandle> live = processes.stream().filter(ChildProcesses::alive).toList();
        List<ProcessHandle> children = live.stream().flatMap(ProcessHandle::descendants).toList();
        live.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle h : live) {
            if (!awaitExit(h, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                h.destroyForcibly();
            }
        }
        List<ProcessHandle> left = live.stream().filter(h -> !awaitExit(h, Duration.ofSeconds(10))).toList();
        children.stream().filter(ChildProcesses::alive).forEach(ProcessHandle::destroyForcibly);
        return left;
    }

    /**
     * Polls every 50 ms: for a process that is not our child (one a previous {@code up} started) the JDK's
     * {@code onExit()} only notices the exit with a delay of up to seconds.
     */
    static boolean awaitExit(ProcessHandle h, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive(h)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !alive(h);
            }
        }
        return true;
    }

    /** The last {@code lines} lines of a log file (or a note that it is missing), for error messages. */
    static String tail(Path log, int lines) {
        if (!Files.isRegularFile(log)) {
            return "  (no log at " + log + ")";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 64 * 1024);
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            Deque<String> last = new ArrayDeque<>();
            for (String line : new String(buf, StandardCharsets.UTF_8).split("\n")) {
                last.addLast("  | " + line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            }
            return String.join("\n", last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a line in a growing log file, reading only what was appended since the last look. */
    static final class LogWatcher {
        private final Path log;
        private long offset;
        private String carry = "";

        LogWatcher(Path log) {
            this.log = log;
            try {
                this.offset = Files.isRegularFile(log) ? Files.size(log) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean sawLine(String needle) {
            if (!Files.isRegularFile(log)) {
                return false;
            }
            try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
                long len = f.length();
                if (len <= offset) {
                    return false;
                }
                byte[] buf = new byte[(int) (len - offset)];
                f.seek(offset);
                f.readFully(buf);
                offset = len;
                String text = carry + new String(buf, StandardCharsets.UTF_8);
                if (text.contains(needle)) {
                    return true;
                }
                int nl = text.lastIndexOf('\n');
                carry = nl < 0 ? text : text.substring(nl + 1);
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
