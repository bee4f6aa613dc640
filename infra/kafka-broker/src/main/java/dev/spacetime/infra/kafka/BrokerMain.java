package dev.spacetime.infra.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Runs a KRaft broker in one JVM: formats the storage first when it is not formatted yet (what
 * {@code kafka-storage.sh format} does, without a second JVM start), then hands over to {@code kafka.Kafka}.
 *
 * <pre>
 * java -cp 'target/lib/*' dev.spacetime.infra.kafka.BrokerMain --config server.properties
 *      [--cluster-id ID]     format with this id when log.dirs holds no meta.properties yet
 *      [--exit-with PID]     stop (cleanly, through Kafka's shutdown hook) when process PID is gone
 * </pre>
 *
 * {@code --exit-with} is for tests: a test JVM that dies without running its shutdown hooks (killed by a timeout)
 * would otherwise leave an orphan broker holding its port and half a gigabyte of heap.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        String config = null;
        String clusterId = null;
        long parent = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = args[++i];
                case "--cluster-id" -> clusterId = args[++i];
                case "--exit-with" -> parent = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: --config FILE [--cluster-id ID] [--exit-with PID]");
            }
        }
        if (config == null) {
            throw new IllegalArgumentException("--config FILE is required");
        }
        if (clusterId != null && !formatted(config)) {
            int rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config,
                    "--ignore-formatted"}, System.out);
            if (rc != 0) {
                System.err.println("kafka storage format failed with exit code " + rc);
                System.exit(rc);
            }
        }
        if (parent > 0) {
            watch(parent);
        }
        kafka.Kafka.main(new String[] {config});
    }

    private static boolean formatted(String config) throws java.io.IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(Path.of(config))) {
            p.load(in);
        }
        String dirs = p.getProperty("log.dirs", p.getProperty("log.dir", ""));
        for (String dir : dirs.split(",")) {
            if (!dir.isBlank() && !Files.isRegularFile(Path.of(dir.trim(), "meta.properties"))) {
                return false;
            }
        }
        return !dirs.isBlank();
    }

    /** A daemon thread that exits the JVM (running Kafka's clean shutdown) once {@code pid} has gone. */
    private static void watch(long pid) {
        Thread t = new Thread(() -> {
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("BrokerMain: process " + pid + " is gone; shutting the broker down");
            System.exit(0);
        }, "exit-with-" + pid);
        t.setDaemon(true);
        t.start();
    }
}
