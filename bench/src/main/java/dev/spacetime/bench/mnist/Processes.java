package dev.spacetime.bench.mnist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Child processes of the bench: the peer scripts, the pinned JVM, apt-get. */
public final class Processes {

    private Processes() {
    }

    /** Exit code, stdout and stderr of a finished child. */
    public record Result(int exit, String stdout, String stderr) {

        /** The last non-blank line of stdout (where peers print their JSON). */
        public String lastLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    /**
     * Runs {@code cmd} with {@code env} changes (a null value removes the variable). stderr lines go to {@code log}
     * as they come (progress), stdout is collected.
     */
    public static Result run(List<String> cmd, Map<String, String> env, Consumer<String> log, int timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            StringBuilder err = new StringBuilder();
            Thread errPump = Thread.ofVirtual().start(() -> {
                try (var r = p.errorReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        err.append(line).append('\n');
                        if (log != null) {
                            log.accept("  " + line);
                        }
                    }
                } catch (IOException ignored) {
                    // the child ended; what was read is kept
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            errPump.join();
            return new Result(p.exitValue(), out, err.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
        }
    }
}
