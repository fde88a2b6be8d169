package io.github.qkeras4j.train;

import io.github.qkeras4j.tensor.Tensor;

/**
 * Binary crossentropy, as tf.keras 2.15 computes it, averaged over every element.
 *
 * <p>Shapes: {@code predictions} and {@code targets} with the same number of elements and the same
 * batch axis, for example {@code [batch, 1]} and {@code [batch]}. Per element with target {@code t}:
 * <ul>
 *   <li>from logits {@code x}: {@code L = max(x, 0) − x·t + log(1 + exp(−|x|))} (TensorFlow's stable
 *       form of {@code −t·log σ(x) − (1 − t)·log(1 − σ(x))}), and {@code dL/dx = σ(x) − t};</li>
 *   <li>from probabilities {@code p}: {@code c = clip(p, ε, 1 − ε)} and
 *       {@code L = −t·log(c + ε) − (1 − t)·log(1 − c + ε)}; Keras adds ε inside the logs as well as
 *       clipping. {@code dL/dp = −t/(c + ε) + (1 − t)/(1 − c + ε)} inside the clip range, 0 outside.</li>
 * </ul>
 * Keras takes the mean over the last axis and then over the batch. Because every sample has the
 * same size, that equals the mean over all elements, which this class computes.
 */
public final class BinaryCrossentropy extends Crossentropy {
    public BinaryCrossentropy(boolean fromLogits) {
        super(fromLogits);
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    @Override
    int checkedCount(Tensor predictions, Tensor targets) {
        return checkedSameSize(name(), predictions, targets);
    }

    @Override
    double sum(Tensor predictions, Tensor targets) {
        float[] p = predictions.data();
        float[] t = targets.data();
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            if (fromLogits()) {
                double x = p[i];
                total += Math.max(x, 0) - x * t[i] + Math.log1p(Math.exp(-Math.abs(x)));
            } else {
                double c = clip(p[i]);
                total -= t[i] * Math.log(c + EPSILON) + (1.0 - t[i]) * Math.log(1.0 - c + EPSILON);
            }
        }
        return total;
    }

    @Override
    void addGradient(Tensor predictions, Tensor targets, double scale, float[] gradient) {
        float[] p = predictions.data();
        float[] t = targets.data();
        for (int i = 0; i < p.length; i++) {
            if (fromLogits()) {
                gradient[i] += (float) (scale * (sigmoid(p[i]) - t[i]));
            } else if (insideClip(p[i])) {
                double c = p[i];
                double dLoss = -t[i] / (c + EPSILON) + (1.0 - t[i]) / (1.0 - c + EPSILON);
                gradient[i] += (float) (scale * dLoss);
            }
        }
    }

    /** Returns σ(x) without overflow, because {@code exp} only receives non-positive arguments. */
    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
