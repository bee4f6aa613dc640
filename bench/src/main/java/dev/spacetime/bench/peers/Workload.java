package dev.spacetime.bench.peers;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The four workloads of {@code bench peers}, each run by Spacetime and by every peer that can express it. */
public enum Workload {
    IRIS("iris", "Iris 4-8-3 ReLU/softmax (the iris preset)"),
    XOR("xor", "XOR 2-2-1 sigmoid/MSE, full batch (the xor preset)"),
    MNIST_STANDARD("mnist-standard", "MNIST standard-medium 784-128-64-10 (bench mnist's protocol)"),
    MNIST_RECURSIVE("mnist-recursive", "MNIST RecursiveNet depth 4 at the 78,802 budget (bench mnist's protocol)");

    public static final List<String> IDS = Arrays.stream(values()).map(Workload::id).toList();

    private final String id;
    private final String title;

    Workload(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public boolean isMnist() {
        return this == MNIST_STANDARD || this == MNIST_RECURSIVE;
    }

    public static Workload parse(String id) {
        String s = id.strip().toLowerCase(Locale.ROOT);
        for (Workload w : values()) {
            if (w.id.equals(s)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + id + "': use " + String.join(", ", IDS));
    }
}
