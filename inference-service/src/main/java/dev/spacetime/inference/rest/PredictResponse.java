package dev.spacetime.inference.rest;

/**
 * The answer of {@code POST /v1/models/{name}/predict}.
 *
 * @param version     the version that answered (the default one unless {@code ?version=} chose)
 * @param outputs     per row: class probabilities for softmax heads, else the activated output
 * @param predictions per row: the predicted class
 */
public record PredictResponse(String model, int version, float[][] outputs, int[] predictions) {
}
