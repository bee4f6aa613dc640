/**
 * The chunked-disk engine: exact SGD through residual stacks h ← h + α·act(h·Wᵢ + bᵢ) of up to 10⁸ layers whose
 * weights need not fit in memory.
 *
 * <h2>Model</h2>
 * h₀ = tanh(x·W_in + b_in) with x = pixels/255, L layers of width w (2–64, softsign | tanh | relu, α = 1/√L by
 * default), head w→10 with softmax cross-entropy averaged over the batch ({@link dev.spacetime.engine.deep.DeepHead}).
 * Layer weights U(−0.001, 0.001) and zero biases ({@link dev.spacetime.engine.deep.DeepInit}), Xavier head; batches
 * from {@link dev.spacetime.engine.deep.MinibatchStream}, a pure function of (seed, step).
 *
 * <h2>Files</h2>
 * The weight file ({@link dev.spacetime.engine.deep.WeightFileHeader}): a header with magic, version, L, w,
 * activation, α, the chunk layout (layers per checksummed chunk, ≈ √L by default), the step, a run id, a CLEAN/DIRTY
 * state, a CRC32C per chunk and one over the header; then float32 little-endian layers, W [w×w] then b [w]. It is
 * read and written through {@code FileChannel.map(..., Arena)} windows of 16 MiB with long offsets
 * ({@link dev.spacetime.engine.deep.SlotFile}), so files beyond 2 GiB and beyond RAM cost one window of resident
 * memory. The head file ({@link dev.spacetime.engine.deep.HeadFile}) holds the input projection, the output head and
 * the run record (step, run id, batch, seed, learning rates), replaced atomically.
 *
 * <h2>Crash safety</h2>
 * Two slots: the weight file and {@code FILE.shadow}. The head file is the commit record: it names a step, and the
 * slot whose CLEAN header carries that step and run id is the checkpoint ({@link dev.spacetime.engine.deep.Slots}).
 * That slot is never written. A step writes its updated chunks to the other slot (the first step after a
 * checkpoint) or in place in that other slot (later steps), after making the slot's header DIRTY and fsyncing it. A
 * checkpoint fsyncs the data, writes the header CLEAN with the step and the chunk checksums, fsyncs it, then
 * replaces the head file (temp file, fsync, rename, fsync the folder). Killed anywhere, the head file names a step a
 * CLEAN slot holds; {@code --resume} reads it and redraws the same batches. A finished run renames the checkpoint
 * slot to the weight file's name and removes the shadow.
 *
 * <h2>Chunks and exactness</h2>
 * {@link dev.spacetime.engine.deep.DeepTrainer}: forward through compute chunks of C layers keeping only the chunk
 * boundaries; backward chunk by chunk in reverse: recompute the chunk from its boundary (storing each layer's input
 * and slope), run the backward chain with the weights as they were, then (on an I/O thread, in parallel with the
 * next chunk's recomputation) apply SGD and write the chunk back. Every operation's order is fixed by
 * {@link dev.spacetime.engine.kernel.DeepKernels}, so the chunked, in-memory ({@link dev.spacetime.engine.deep.MemoryStore})
 * and store-every-activation modes, and the scalar and vector kernels, give bit-identical weights.
 *
 * <h2>Planning</h2>
 * {@link dev.spacetime.engine.deep.DeepPlan} prints file size, bytes per step, the memory of each mode, free disk
 * and RAM before a run, and refuses with one line what cannot fit.
 */
package dev.spacetime.engine.deep;
