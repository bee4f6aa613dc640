package dev.spacetime.engine.optim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every optimizer option, all visible in a run's recorded configuration (scikit-learn's MLPClassifier silently
 * uses Nesterov momentum 0.9 and L2 1e-4; here nothing is on unless asked for).
 *
 * @param kind        sgd | momentum | adam
 * @param lr          learning rate, &gt; 0
 * @param momentum    momentum factor for {@code momentum} (default 0.9), 0 otherwise
 * @param nesterov    Nesterov variant of momentum
 * @param beta1       Adam β1 (0.9)
 * @param beta2       Adam β2 (0.999)
 * @param eps         Adam ε (1e-8)
 * @param weightDecay L2 penalty folded into the gradient; 0 = off (the default)
 * @param clipNorm    clip gradients to this global L2 norm; 0 = off (the default)
 */
public record OptimizerConfig(String kind, double lr, double momentum, boolean nesterov, double beta1, double beta2,
                              double eps, double weightDecay, double clipNorm) {

    public OptimizerConfig {
        kind = kind == null ? "sgd" : kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("sgd") && !kind.equals("momentum") && !kind.equals("adam")) {
            throw new IllegalArgumentException("unknown optimizer '" + kind + "': use sgd, momentum or adam");
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate " + lr + " must be a finite number > 0 (e.g. --lr 0.1)");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum " + momentum + " must be in [0, 1)");
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas (" + beta1 + ", " + beta2 + ") must be in [0, 1)");
        }
        if (!(eps > 0 && Double.isFinite(eps))) {
            throw new IllegalArgumentException("Adam eps " + eps + " must be > 0");
        }
        if (!(weightDecay >= 0 && Double.isFinite(weightDecay))) {
            throw new IllegalArgumentException("weight decay " + weightDecay + " must be ≥ 0 (0 turns it off)");
        }
        if (!(clipNorm >= 0 && Double.isFinite(clipNorm))) {
            throw new IllegalArgumentException("clip norm " + clipNorm + " must be ≥ 0 (0 turns clipping off)");
        }
        if (!kind.equals("momentum")) {
            if (momentum != 0 || nesterov) {
                throw new IllegalArgumentException("momentum " + momentum + (nesterov ? " (nesterov)" : "")
                        + " only applies to --optimizer momentum");
            }
        }
    }

    public static OptimizerConfig sgd(double lr) {
        return new OptimizerConfig("sgd", lr, 0, false, 0.9, 0.999, 1e-8, 0, 0);
    }

    public static OptimizerConfig momentum(double lr, double momentum, boolean nesterov) {
        return new OptimizerConfig("momentum", lr, momentum, nesterov, 0.9, 0.999, 1e-8, 0, 0);
    }

    public static OptimizerConfig adam(double lr) {
        return new OptimizerConfig("adam", lr, 0, false, 0.9, 0.999, 1e-8, 0, 0);
    }

    public OptimizerConfig withWeightDecay(double wd) {
        return new OptimizerConfig(kind, lr, momentum, nesterov, beta1, beta2, eps, wd, clipNorm);
    }

    public OptimizerConfig withClipNorm(double clip) {
        return new OptimizerConfig(kind, lr, momentum, nesterov, beta1, beta2, eps, weightDecay, clip);
    }

    /** Every field, for run records and CSV rows. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", kind);
        m.put("lr", lr);
        m.put("momentum", momentum);
        m.put("nesterov", nesterov);
        if (kind.equals("adam")) {
            m.put("beta1", beta1);
            m.put("beta2", beta2);
            m.put("eps", eps);
        }
        m.put("weight_decay", weightDecay);
        m.put("clip_norm", clipNorm);
        return m;
    }
}
