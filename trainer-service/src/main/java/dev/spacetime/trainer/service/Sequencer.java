package dev.spacetime.trainer.service;

import java.util.function.LongConsumer;

/**
 * Sequence numbers of one job's events: strictly increasing, also across a crash. Numbers are reserved in blocks in
 * the job's state file before they are used, and a resumed run starts after the last reserved one; so a number that
 * a dead trainer may already have sent is never given to a different event (consumers dedupe by job id + sequence,
 * and would otherwise drop the new event). Gaps are allowed; order and uniqueness are what consumers rely on.
 */
final class Sequencer {

    static final int BLOCK = 16;

    private final LongConsumer reserve;
    private long next;
    private long reserved;

    /** {@code reservedBefore}: the state file's reservation (0 for a new job); {@code reserve} persists a new one. */
    Sequencer(long reservedBefore, LongConsumer reserve) {
        this.reserve = reserve;
        this.reserved = reservedBefore;
        this.next = reservedBefore + 1;
    }

    synchronized long next() {
        if (next > reserved) {
            reserved = next + BLOCK - 1;
            reserve.accept(reserved);
        }
        return next++;
    }

    synchronized long reserved() {
        return reserved;
    }
}
