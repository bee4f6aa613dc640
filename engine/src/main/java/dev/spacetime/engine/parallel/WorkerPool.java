package dev.spacetime.engine.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fork-join for the training step's phases, with the latency of a spin barrier. One MNIST step runs ~15 parallel
 * phases of 5–70 µs each, so handing work over through an executor (a few µs of park/unpark per hand-off) would eat
 * a large share of the step; here idle workers spin on the current phase for a short while before parking.
 *
 * <p>The caller runs part 0 itself; worker w runs part w. Parts must write disjoint outputs. Not reentrant: a task
 * must not call {@link #run} again.
 */
public final class WorkerPool implements AutoCloseable {

    /** One slice of a parallel phase. */
    @FunctionalInterface
    public interface Task {
        void run(int part, int parts);
    }

    /**
     * Everything a worker needs about one phase, published through one volatile field: a worker that lags behind
     * (its part was not needed) can never combine one phase's generation with the next phase's task.
     */
    private record Phase(long generation, Task task, int parts) {
    }

    /** Spins before parking: long enough to bridge the gaps between phases of a step, short enough to idle politely. */
    private static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final Thread[] workers;
    /** 1 while worker w may be parked; volatile accesses pair with {@link #phase} so no wake-up is missed. */
    private final AtomicIntegerArray sleeping;
    private volatile Phase phase = new Phase(0, null, 0);
    private volatile boolean closed;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Throwable failure;

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + ": use at least 1");
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        this.sleeping = new AtomicIntegerArray(Math.max(0, threads - 1));
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            Thread t = new Thread(() -> workLoop(part), "spacetime-worker-" + part);
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} as {@code min(parts, threads)} parts and returns when all are done. */
    public void run(int parts, Task task) {
        int p = Math.min(parts, threads);
        if (p <= 1) {
            task.run(0, 1);
            return;
        }
        failure = null;
        pending.set(p - 1);
        phase = new Phase(phase.generation() + 1, task, p);
        for (int w = 0; w < p - 1; w++) {
            if (sleeping.get(w) == 1) {
                LockSupport.unpark(workers[w]);
            }
        }
        try {
            task.run(0, p);
        } finally {
            while (pending.get() != 0) {
                Thread.onSpinWait();
            }
        }
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(f);
        }
    }

    private void workLoop(int part) {
        long seen = 0;
        while (true) {
            Phase ph = awaitPhase(part, seen);
            if (ph == null) {
                return;
            }
            seen = ph.generation();
            if (part < ph.parts()) {
                try {
                    ph.task().run(part, ph.parts());
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    pending.decrementAndGet();
                }
            }
        }
    }

    /**
     * The next phase after generation {@code seen}, or null once closed. Spins for {@link #SPIN_NANOS} (the next
     * phase of a step usually follows within microseconds), then parks until woken: an idle pool costs no CPU.
     */
    private Phase awaitPhase(int part, long seen) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < SPIN_NANOS) {
            Phase ph = phase;
            if (closed) {
                return null;
            }
            if (ph.generation() != seen) {
                return ph;
            }
            Thread.onSpinWait();
        }
        sleeping.set(part - 1, 1);
        try {
            while (true) {
                // Re-checked after announcing sleep: a run() that missed the flag has already published its phase.
                Phase ph = phase;
                if (closed) {
                    return null;
                }
                if (ph.generation() != seen) {
                    return ph;
                }
                LockSupport.park(this);
            }
        } finally {
            sleeping.set(part - 1, 0);
        }
    }

    /** Start of part {@code part} when [0, n) is split into {@code parts} ranges with boundaries at multiples of {@code align}. */
    public static int rangeStart(int n, int part, int parts, int align) {
        int units = (n + align - 1) / align;
        int perPart = units / parts;
        int extra = units % parts;
        int startUnit = part * perPart + Math.min(part, extra);
        return Math.min(n, startUnit * align);
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
    }
}
