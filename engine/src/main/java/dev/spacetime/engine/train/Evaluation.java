package dev.spacetime.engine.train;

import dev.spacetime.engine.data.Dataset;
import dev.spacetime.engine.kernel.Buffers;
import dev.spacetime.engine.kernel.Kernels;
import dev.spacetime.engine.model.Model;

/** Mean loss and accuracy of a model on a data set, in batches of the workspace's size. */
public record Evaluation(double loss, double accuracy, int rows) {

    public static Evaluation of(Model model, Kernels k, Model.Workspace ws, Dataset data) {
        int batch = ws.maxBatch();
        int width = model.outputSize();
        float[] scratch = Buffers.floats(batch * width);
        double lossSum = 0;
        long correct = 0;
        for (int start = 0; start < data.n(); start += batch) {
            int n = Math.min(batch, data.n() - start);
            float[] out = model.forward(k, ws, data.x(), start * data.features(), n);
            lossSum += model.spec().loss().loss(k, out, n, width, data.y(), start, scratch) * n;
            for (int i = 0; i < n; i++) {
                if (model.spec().loss().predict(out, i, width) == data.y()[start + i]) {
                    correct++;
                }
            }
        }
        return new Evaluation(lossSum / data.n(), (double) correct / data.n(), data.n());
    }
}
