package dev.spacetime.engine.deep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The two slots of a weight file: the file itself and {@code FILE.shadow}. At any time one of them holds the last
 * checkpoint, CLEAN, and is never written; the other is where the weights move on. The head file records the
 * checkpoint's step and run id; {@link #find} picks the slot whose CLEAN header says the same.
 */
final class Slots {

    private Slots() {
    }

    static Path shadow(Path weights) {
        return weights.resolveSibling(weights.getFileName() + ".shadow");
    }

    /** The slot holding step {@code step} of run {@code runId}, or a message saying why neither does. */
    static Path find(Path weights, long runId, long step) {
        StringBuilder why = new StringBuilder();
        for (Path p : new Path[] {weights, shadow(weights)}) {
            if (!Files.exists(p)) {
                if (p.equals(weights)) {
                    why.append(p).append(" does not exist; ");
                }
                continue;
            }
            try {
                WeightFileHeader h = SlotFile.readHeader(p);
                if (h.runId() != runId) {
                    why.append(p).append(" belongs to another run (run id ").append(Long.toHexString(h.runId()))
                            .append(", the head file says ").append(Long.toHexString(runId)).append("); ");
                } else if (!h.clean()) {
                    why.append(p).append(" was being rewritten (DIRTY); ");
                } else if (h.step() != step) {
                    why.append(p).append(" holds step ").append(h.step()).append("; ");
                } else {
                    return p;
                }
            } catch (DeepException e) {
                why.append(e.getMessage()).append("; ");
            }
        }
        throw new DeepException("no weight file holds step " + step + " of the run in the head file: " + why
                + "pass the --weights and --head of the same run (the head file is the commit record)");
    }

    /** Leaves {@code latest} under the main name and removes the other slot (atomic rename; folder fsynced). */
    static void consolidate(Path weights, Path latest) {
        try {
            if (!latest.equals(weights)) {
                Files.move(latest, weights, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(shadow(weights));
            }
            HeadFile.fsyncDirectory(weights.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new DeepException("cannot tidy the checkpoint slots of " + weights + ": " + e.getMessage()
                    + " (the run is safe: the head file names the slot that holds it)", e);
        }
    }
}
