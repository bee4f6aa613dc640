package dev.spacetime.inference.rest;

/** {@code {"inputs": [[x1, x2, ...], ...]}}: raw feature rows, parsed and checked by {@link PredictRequestReader}. */
public record PredictRequest(float[][] inputs) {
}
