package dev.spacetime.engine.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spin-then-park fork-join: each part runs exactly once per phase, worker failures reach the caller, parked
 * workers wake up for the next phase, close() ends the workers, and rangeStart splits cover [0, n) on aligned
 * boundaries. Every pool is closed: idle workers spin for a while, and this machine's cores are shared.
 */
class WorkerPoolTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void everyPartRunsExactlyOnce(int threads) {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (WorkerPool pool = new WorkerPool(threads)) {
                assertEquals(threads, pool.threads());
                for (int round = 0; round < 60; round++) {
                    int parts = 1 + round % 5;
                    int expectedParts = Math.min(parts, threads);
                    AtomicIntegerArray counts = new AtomicIntegerArray(8);
                    AtomicIntegerArray seenParts = new AtomicIntegerArray(8);
                    pool.run(parts, (part, count) -> {
                        counts.incrementAndGet(part);
                        seenParts.set(part, count);
                    });
                    for (int p = 0; p < 8; p++) {
                        assertEquals(p < expectedParts ? 1 : 0, counts.get(p), "round " + round + ", part " + p + " of " + parts);
                        if (p < expectedParts) {
                            assertEquals(expectedParts, seenParts.get(p), "the parts count handed to the task");
                        }
                    }
                }
            }
        });
    }

    @Test
    void theCallerRunsPartZeroAndWorkersTheOthers() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (WorkerPool pool = new WorkerPool(3)) {
                String[] names = new String[3];
                pool.run(3, (part, parts) -> names[part] = Thread.currentThread().getName());
                assertEquals(Thread.currentThread().getName(), names[0]);
                assertEquals("spacetime-worker-1", names[1]);
                assertEquals("spacetime-worker-2", names[2]);
            }
        });
    }

    @Test
    void aWorkersExceptionReachesTheCallerAndThePoolKeepsWorking() {
        assertTimeoutPreemptively(LIMIT, () -> {
            try (WorkerPool pool = new WorkerPool(3)) {
                IllegalStateException boom = new IllegalStateException("boom in part 2");
                IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.run(3, (part, parts) -> {
                    if (part == 2) {
                        throw boom;
                    }
                }));
                assertSame(boom, thrown);

                AssertionError error = new AssertionError("an Error from part 1");
                assertSame(error, assertThrows(AssertionError.class, () -> pool.run(2, (part, parts) -> {
                    if (part == 1) {
                        throw error;
                    }
                })));

                ArithmeticException own = assertThrows(ArithmeticException.class, () -> pool.run(3, (part, parts) -> {
                    if (part == 0) {
                        throw new ArithmeticException("caller's part");
                    }
                }));
                assertEquals("caller's part", own.getMessage());

                AtomicIntegerArray counts = new AtomicIntegerArray(3);
                pool.run(3, (part, parts) -> counts.incrementAndGet(part));
                assertEquals("[1, 1, 1]", counts.toString(), "after failures every part runs again, once");
            }
        });
    }

    /** Workers park after spinning ~200 µs; a phase after a long pause must still wake them all. */
    @Test
    void parkedWorkersWakeUpAfterIdlePeriodsAndCloseEndsThem() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        WorkerPool pool = new WorkerPool(3);
        Set<Thread> workers = new HashSet<>(Thread.getAllStackTraces().keySet());
        workers.removeAll(before);
        workers.removeIf(t -> !t.getName().startsWith("spacetime-worker-"));
        assertEquals(2, workers.size(), "threads − 1 workers: " + workers);
        try {
            for (int pause = 0; pause < 3; pause++) {
                Thread.sleep(40);
                // Each worker must be seen parked (WAITING: it parks without a timeout once its spin ends).
                Set<Thread> seenParked = new HashSet<>();
                for (int poll = 0; poll < 200 && seenParked.size() < workers.size(); poll++) {
                    for (Thread t : workers) {
                        if (t.getState() == Thread.State.WAITING) {
                            seenParked.add(t);
                        }
                    }
                    Thread.sleep(1);
                }
                assertEquals(workers, seenParked, "idle workers park instead of spinning");
                AtomicIntegerArray counts = new AtomicIntegerArray(3);
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> pool.run(3, (part, parts) -> counts.incrementAndGet(part)));
                assertEquals("[1, 1, 1]", counts.toString(), "after pause " + pause);
            }
        } finally {
            pool.close();
        }
        for (Thread t : workers) {
            t.join(2_000);
            assertFalse(t.isAlive(), t.getName() + " still alive after close()");
        }
    }

    @Test
    void aPoolNeedsAThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
        assertTrue(e.getMessage().contains("threads=0"), e.getMessage());
    }

    @Test
    void rangeStartSplitsCoverTheRangeOnAlignedBoundaries() {
        for (int align : new int[] {1, 4, 64}) {
            for (int parts = 1; parts <= 6; parts++) {
                for (int n = 0; n <= 300; n++) {
                    String what = "n=" + n + " parts=" + parts + " align=" + align;
                    assertEquals(0, WorkerPool.rangeStart(n, 0, parts, align), what);
                    assertEquals(n, WorkerPool.rangeStart(n, parts, parts, align), what);
                    int units = (n + align - 1) / align;
                    int maxLen = ((units + parts - 1) / parts) * align;
                    int minLen = Math.max(0, (units / parts - 1) * align);
                    for (int p = 0; p < parts; p++) {
                        int from = WorkerPool.rangeStart(n, p, parts, align);
                        int to = WorkerPool.rangeStart(n, p + 1, parts, align);
                        assertTrue(from <= to, what + ": part " + p + " is [" + from + ", " + to + ")");
                        assertTrue(from % align == 0 || from == n, what + ": start " + from + " is not aligned");
                        assertTrue(to - from <= maxLen, what + ": part " + p + " holds " + (to - from));
                        assertTrue(to - from >= minLen || to == n, what + ": part " + p + " holds only " + (to - from));
                    }
                }
            }
        }
        // The ParallelKernels row split: 101 rows in 4-row tiles over 3 parts = 26 tiles → 9, 9, 8 tiles.
        assertEquals(36, WorkerPool.rangeStart(101, 1, 3, 4));
        assertEquals(72, WorkerPool.rangeStart(101, 2, 3, 4));
    }
}
