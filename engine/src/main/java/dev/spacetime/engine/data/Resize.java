package dev.spacetime.engine.data;

/**
 * Image resizing for models that want a different input size (Sequential2D takes MNIST at 50×50).
 */
public final class Resize {

    private Resize() {
    }

    /**
     * Bilinear resize of every image, with PyTorch's {@code F.interpolate(mode='bilinear', align_corners=False)}
     * convention and no antialiasing, so that a model trained here sees what the PyTorch baseline sees. Per axis, output
     * index {@code d} samples source coordinate {@code s = max(0, (d + 0.5) * in/out - 0.5)}, between
     * {@code i0 = floor(s)} and {@code i1 = min(i0 + 1, in - 1)} with weight {@code s - i0} on {@code i1}; the
     * coordinate arithmetic is in float, as PyTorch's CPU kernel does for float tensors.
     */
    public static Dataset bilinear(Dataset images, int newH, int newW) {
        if (!images.isImage()) {
            throw new IllegalArgumentException(images.name() + " is not image data (height/width 0), cannot resize");
        }
        if (newH <= 0 || newW <= 0) {
            throw new IllegalArgumentException("resize target must be positive, got " + newH + "×" + newW);
        }
        int h = images.height();
        int w = images.width();
        Axis ay = Axis.of(h, newH);
        Axis ax = Axis.of(w, newW);
        int inF = images.features();
        int outF = newH * newW;
        float[] src = images.x();
        float[] dst = new float[images.n() * outF];
        for (int i = 0; i < images.n(); i++) {
            int in = i * inF;
            int out = i * outF;
            for (int oy = 0; oy < newH; oy++) {
                int r0 = in + ay.i0[oy] * w;
                int r1 = in + ay.i1[oy] * w;
                float ly = ay.lambda[oy];
                for (int ox = 0; ox < newW; ox++) {
                    int c0 = ax.i0[ox];
                    int c1 = ax.i1[ox];
                    float lx = ax.lambda[ox];
                    float top = (1 - lx) * src[r0 + c0] + lx * src[r0 + c1];
                    float bottom = (1 - lx) * src[r1 + c0] + lx * src[r1 + c1];
                    dst[out + oy * newW + ox] = (1 - ly) * top + ly * bottom;
                }
            }
        }
        return new Dataset(images.name(), dst, images.y(), images.n(), outF, images.classes(), newH, newW);
    }

    /** The source indices and weights of one axis, computed once and reused for every image. */
    private record Axis(int[] i0, int[] i1, float[] lambda) {

        static Axis of(int in, int out) {
            float scale = (float) in / out;
            int[] i0 = new int[out];
            int[] i1 = new int[out];
            float[] lambda = new float[out];
            for (int d = 0; d < out; d++) {
                float s = Math.max(0f, (d + 0.5f) * scale - 0.5f);
                int lo = Math.min((int) s, in - 1);
                i0[d] = lo;
                i1[d] = Math.min(lo + 1, in - 1);
                lambda[d] = s - lo;
            }
            return new Axis(i0, i1, lambda);
        }
    }
}
