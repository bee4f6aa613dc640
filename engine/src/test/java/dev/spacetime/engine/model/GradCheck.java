package dev.spacetime.engine.model;

import dev.spacetime.engine.loss.LossFunction;
import java.util.function.DoubleSupplier;

/**
 * Finite-difference oracle for gradient checks (micrograd's habit, with finite differences as the independent
 * oracle). The loss is evaluated in double from the model's float outputs; each parameter is nudged to the float
 * values nearest {@code w ± eps} and the central difference divides by the actual distance between them.
 *
 * <p>The central differences at eps and eps/2 are combined by Richardson extrapolation, (4·D(eps/2) − D(eps))/3,
 * which cancels their O(eps²) truncation error: softmax cross-entropy on logits of a few units has third derivatives
 * large enough that D(1e-2) alone is off by ~1% (seen on the depth-5 RecursiveNet's output weights).
 *
 * <p>Piecewise-linear activations (ReLU) have kinks: a nudge that moves some pre-activation across 0 makes the
 * difference quotient meaningless there. Such samples are recognised from the forward pass alone — the central
 * differences at eps and eps/2 disagree — and retried at eps/10, then skipped; callers bound how many may be
 * skipped. A bug in a backward
 * pass cannot hide behind this filter, which never looks at the analytic gradient.
 */
public final class GradCheck {

    /** Nudge size: large enough that float rounding of the loss (~1e-7) is ~1e-5 of the quotient. */
    public static final double EPS = 1e-2;
    /**
     * Agreement required: |analytic − numeric| ≤ REL·max(|analytic|, |numeric|) + ABS. The extrapolated difference
     * carries an O(eps⁴) truncation error and ~1e-5 absolute rounding noise (1e-7 loss rounding / 1e-2); a backward
     * bug (a missing term, a wrong transpose, a dropped iteration) is off by O(1) relative.
     */
    public static final double REL = 1e-2;
    public static final double ABS = 2e-4;

    /** What a check covered. */
    public record Report(int checked, int skipped, int nonTrivial, double worstRatio) {
        @Override
        public String toString() {
            return checked + " checked, " + skipped + " skipped at kinks, " + nonTrivial + " with |grad| > 1e-4, worst "
                    + String.format("%.3f", worstRatio) + " of the tolerance";
        }
    }

    private GradCheck() {
    }

    /** Mean softmax cross-entropy or mean squared error of float outputs, computed in double. */
    public static double loss(LossFunction f, float[] out, int n, int width, int[] labels) {
        double sum = 0;
        for (int r = 0; r < n; r++) {
            if (f == LossFunction.MEAN_SQUARED_ERROR) {
                double d = out[r] - labels[r];
                sum += d * d;
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < width; j++) {
                    max = Math.max(max, out[r * width + j]);
                }
                double s = 0;
                for (int j = 0; j < width; j++) {
                    s += Math.exp(out[r * width + j] - max);
                }
                sum += max + Math.log(s) - out[r * width + labels[r]];
            }
        }
        return sum / n;
    }

    /** Central difference of {@code loss} with respect to {@code values[i]}, restoring the value afterwards. */
    public static double central(float[] values, int i, double eps, DoubleSupplier loss) {
        float orig = values[i];
        float plus = (float) (orig + eps);
        float minus = (float) (orig - eps);
        values[i] = plus;
        double lp = loss.getAsDouble();
        values[i] = minus;
        double lm = loss.getAsDouble();
        values[i] = orig;
        return (lp - lm) / ((double) plus - minus);
    }

    /**
     * Compares analytic[i] with the numeric derivative for every index in {@code indices}; throws an AssertionError
     * naming {@code what}, the index (and {@code label(i)}) on the first disagreement.
     */
    public static Report check(float[] values, float[] analytic, int[] indices, DoubleSupplier loss,
                               java.util.function.IntFunction<String> label, String what) {
        int checked = 0;
        int skipped = 0;
        int nonTrivial = 0;
        double worst = 0;
        for (int i : indices) {
            double num = Double.NaN;
            for (double eps : new double[] {EPS, EPS / 10}) {
                double full = central(values, i, eps, loss);
                double half = central(values, i, eps / 2, loss);
                if (Math.abs(full - half) <= ABS + REL * Math.max(Math.abs(full), Math.abs(half))) {
                    num = (4 * half - full) / 3;     // Richardson: cancels the eps² term of the central difference
                    break;
                }
                // else a kink within ±eps: the quotient is not a derivative here; retry closer
            }
            if (Double.isNaN(num)) {
                skipped++;
                continue;
            }
            checked++;
            double a = analytic[i];
            double tol = REL * Math.max(Math.abs(a), Math.abs(num)) + ABS;
            double err = Math.abs(a - num);
            worst = Math.max(worst, err / tol);
            if (!(err <= tol)) {
                throw new AssertionError(what + ": d loss / d " + label.apply(i) + " [" + i + "]: analytic " + a
                        + " vs numeric " + num + " (tolerance " + tol + ")");
            }
            if (Math.abs(num) > 1e-4) {
                nonTrivial++;
            }
        }
        return new Report(checked, skipped, nonTrivial, worst);
    }

    public static int[] all(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /**
     * A small step against the gradient must lower the loss by about step·|g|² (first-order Taylor): checks the
     * sign and the scale of the whole gradient at once. Returns actual / predicted decrease.
     */
    public static double descentRatio(float[] values, float[] grad, DoubleSupplier loss) {
        double g2 = 0;
        for (float g : grad) {
            g2 += (double) g * g;
        }
        if (g2 == 0) {
            throw new AssertionError("the gradient is identically zero");
        }
        double step = 1e-3 / Math.sqrt(g2);    // moves the parameters by 1e-3 in L2
        float[] saved = values.clone();
        double before = loss.getAsDouble();
        double predicted = 0;
        for (int i = 0; i < grad.length; i++) {      // grad covers the parameters; values may be longer (padding)
            float moved = (float) (values[i] - step * grad[i]);
            predicted += (double) grad[i] * (values[i] - moved);
            values[i] = moved;
        }
        double after = loss.getAsDouble();
        System.arraycopy(saved, 0, values, 0, values.length);
        return (before - after) / predicted;
    }
}
