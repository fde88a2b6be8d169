package io.github.qkeras4j.train;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Categorical crossentropy with one-hot (or soft) targets, as tf.keras 2.15 computes it.
 *
 * <p>Shapes: {@code predictions [batch, classes]} and {@code targets [batch, classes]}; more leading
 * axes are allowed and count as samples. Per sample, with {@code T = Σ_j t_j}:
 * <ul>
 *   <li>from logits {@code z}: {@code L = Σ_j t_j · (logsumexp(z) − z_j)}, and
 *       {@code dL/dz_j = T · softmax(z)_j − t_j};</li>
 *   <li>from probabilities {@code p}: Keras renormalizes {@code q = p / Σ_j p_j}, clips
 *       {@code c = clip(q, ε, 1 − ε)} and computes {@code L = −Σ_j t_j · log c_j}. With
 *       {@code a_j = −t_j / c_j} where {@code q_j} is inside the clip range and 0 outside (the clip's
 *       gradient), {@code dL/dp_k = (a_k − Σ_j a_j · q_j) / Σ_j p_j}.</li>
 * </ul>
 * The loss is the mean over samples.
 */
public final class CategoricalCrossentropy extends Crossentropy {
    public CategoricalCrossentropy(boolean fromLogits) {
        super(fromLogits);
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    @Override
    int checkedCount(Tensor predictions, Tensor targets) {
        if (predictions.rank() < 1 || !Arrays.equals(predictions.shape(), targets.shape()) || predictions.size() == 0) {
            throw new IllegalArgumentException(name() + ": predictions of shape " + Arrays.toString(predictions.shape())
                    + " and targets of shape " + Arrays.toString(targets.shape())
                    + " differ; one-hot targets need the shape [batch, classes] of the predictions");
        }
        return predictions.size() / predictions.dim(-1);
    }

    @Override
    double sum(Tensor predictions, Tensor targets) {
        float[] p = predictions.data();
        float[] t = targets.data();
        int classes = predictions.dim(-1);
        double total = 0;
        for (int row = 0; row < p.length; row += classes) {
            total += fromLogits() ? rowFromLogits(p, t, row, classes) : rowFromProbabilities(p, t, row, classes);
        }
        return total;
    }

    private static double rowFromLogits(float[] z, float[] t, int row, int classes) {
        double logSumExp = logSumExp(z, row, classes);
        double loss = 0;
        for (int j = row; j < row + classes; j++) {
            loss += t[j] * (logSumExp - z[j]);
        }
        return loss;
    }

    private static double rowFromProbabilities(float[] p, float[] t, int row, int classes) {
        double sum = rowSum(p, row, classes);
        double loss = 0;
        for (int j = row; j < row + classes; j++) {
            loss -= t[j] * Math.log(clip((float) (p[j] / sum)));
        }
        return loss;
    }

    @Override
    void addGradient(Tensor predictions, Tensor targets, double scale, float[] gradient) {
        float[] p = predictions.data();
        float[] t = targets.data();
        int classes = predictions.dim(-1);
        for (int row = 0; row < p.length; row += classes) {
            if (fromLogits()) {
                addRowGradientFromLogits(p, t, row, classes, scale, gradient);
            } else {
                addRowGradientFromProbabilities(p, t, row, classes, scale, gradient);
            }
        }
    }

    private static void addRowGradientFromLogits(float[] z, float[] t, int row, int classes, double scale,
                                                 float[] gradient) {
        double logSumExp = logSumExp(z, row, classes);
        double targetSum = rowSum(t, row, classes);
        for (int j = row; j < row + classes; j++) {
            double softmax = Math.exp(z[j] - logSumExp);
            gradient[j] += (float) (scale * (targetSum * softmax - t[j]));
        }
    }

    private static void addRowGradientFromProbabilities(float[] p, float[] t, int row, int classes, double scale,
                                                        float[] gradient) {
        double sum = rowSum(p, row, classes);
        double weightedMean = 0;
        for (int j = row; j < row + classes; j++) {
            float q = (float) (p[j] / sum);
            weightedMean += dLossDq(q, t[j]) * (p[j] / sum);
        }
        for (int k = row; k < row + classes; k++) {
            float q = (float) (p[k] / sum);
            gradient[k] += (float) (scale * (dLossDq(q, t[k]) - weightedMean) / sum);
        }
    }

    /** Returns {@code d(−t · log clip(q)) / dq}: zero where the clip is active. */
    private static double dLossDq(float q, float t) {
        return insideClip(q) ? -t / (double) q : 0;
    }

    private static double rowSum(float[] values, int row, int classes) {
        double sum = 0;
        for (int j = row; j < row + classes; j++) {
            sum += values[j];
        }
        return sum;
    }
}
