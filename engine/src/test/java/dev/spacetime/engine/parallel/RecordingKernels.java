package dev.spacetime.engine.parallel;

import dev.spacetime.engine.kernel.Kernels;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps kernels and records which operations ran on which threads, so that a test can tell that a parallel path was
 * really taken (a split that never happens would make "bit-identical across thread counts" vacuous).
 */
public final class RecordingKernels {

    private final Kernels kernels;
    private final Set<String> calls = ConcurrentHashMap.newKeySet();

    public RecordingKernels(Kernels inner) {
        this.kernels = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> {
                    calls.add(method.getName() + "@" + Thread.currentThread().getName());
                    try {
                        return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    public Kernels kernels() {
        return kernels;
    }

    /** True when {@code method} ran at least once on a pool worker (threads named spacetime-worker-*). */
    public boolean ranOnWorker(String method) {
        return calls.stream().anyMatch(c -> c.startsWith(method + "@spacetime-worker-"));
    }

    public Set<String> calls() {
        return Set.copyOf(calls);
    }
}
