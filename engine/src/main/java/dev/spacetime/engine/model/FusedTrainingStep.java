package dev.spacetime.engine.model;

import dev.spacetime.engine.kernel.Kernels;

/**
 * A model that computes the loss and its gradients in one pass in its own layout. The tiny lane-layout nets use it
 * to score the batch in lanes too, where the generic path would transpose the outputs to rows, score them and
 * transpose the gradients back: for XOR that round trip costs more than the network.
 */
public interface FusedTrainingStep {

    /** Mean loss over rows x[xOff ..] with the given labels; gradients overwrite parameters().grads(). */
    double forwardBackward(Kernels k, Model.Workspace ws, float[] x, int xOff, int n, int[] labels, int labelOff);
}
