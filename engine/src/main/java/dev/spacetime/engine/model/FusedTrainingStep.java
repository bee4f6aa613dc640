package dev.spacetime.engine.model;

import dev.spacetime.engine.kernel.Kernels;

/**
 * A model that computes the loss and its gradients in one pass in its own layout. The tiny lane-layout nets use it
 * to score the batch in lanes too, where the generic path would transpose the outputs to rows, score them and
 * transpose the gradients back: for XOR that round trip costs more than the network.
 */
public interface FusedTrainingStep {

    /**
     * Mean loss over rows x[xOff ..] with the given labels; gradients overwrite parameters().grads().
     *
     * @param sameRows the caller promises that x[xOff ..] holds the very rows of its previous call on this workspace
     *                 (full-batch training), so a model may reuse what it derived from them (the transposed rows)
     */
    double forwardBackward(Kernels k, Model.Workspace ws, float[] x, int xOff, int n, int[] labels, int labelOff,
                           boolean sameRows);
}
