package dev.spacetime.engine.deep;

/** Compute chunks: chunk c holds layers [c·size, min(L, (c+1)·size)). */
record Chunking(long layers, int size) {

    Chunking {
        if (size < 1) {
            throw new IllegalArgumentException("--chunk-layers " + size + " must be ≥ 1");
        }
        if (layers > 0 && (layers + size - 1) / size > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("--chunk-layers " + size + " is too small for " + layers
                    + " layers (too many chunks); use the default ≈ √layers");
        }
    }

    int count() {
        return (int) ((layers + size - 1) / size);
    }

    long first(int c) {
        return (long) c * size;
    }

    int length(int c) {
        return (int) Math.min(size, layers - first(c));
    }
}
