package io.github.qkeras4j.train;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Categorical crossentropy with integer class targets, as tf.keras 2.15 computes it.
 *
 * <p>Shapes: {@code predictions [batch, classes]} (more leading axes count as samples) and
 * {@code targets} with one float-coded class index per sample, for example {@code [batch]} or
 * {@code [batch, 1]}. Per sample with class {@code y}:
 * <ul>
 *   <li>from logits {@code z}: {@code L = logsumexp(z) − z_y}, and {@code dL/dz_j = softmax(z)_j − [j = y]};</li>
 *   <li>from probabilities {@code p}: Keras clips first, {@code c = clip(p, ε, 1 − ε)}, and applies
 *       the logits formula to {@code log c}, so {@code L = log Σ_j c_j − log c_y}. Unlike the
 *       categorical loss it does not renormalize before clipping. The gradient is
 *       {@code dL/dp_j = 1/Σ c − [j = y]/c_y} where {@code p_j} is inside the clip range and 0 outside.</li>
 * </ul>
 * The loss is the mean over samples.
 */
public final class SparseCategoricalCrossentropy extends Crossentropy {
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        super(fromLogits);
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    @Override
    int checkedCount(Tensor predictions, Tensor targets) {
        int classes = predictions.rank() < 1 ? 0 : predictions.dim(-1);
        int rows = classes == 0 ? 0 : predictions.size() / classes;
        if (rows == 0 || targets.size() != rows) {
            throw new IllegalArgumentException(name() + ": predictions of shape " + Arrays.toString(predictions.shape())
                    + " need one class index per sample (" + rows + "), received targets of shape "
                    + Arrays.toString(targets.shape()));
        }
        for (int i = 0; i < rows; i++) {
            classIndex(name(), targets, i, classes);
        }
        return rows;
    }

    @Override
    double sum(Tensor predictions, Tensor targets) {
        float[] p = predictions.data();
        int classes = predictions.dim(-1);
        double total = 0;
        for (int sample = 0; sample < targets.size(); sample++) {
            int row = sample * classes;
            int label = (int) targets.data()[sample];
            if (fromLogits()) {
                total += logSumExp(p, row, classes) - p[row + label];
            } else {
                total += Math.log(clippedSum(p, row, classes)) - Math.log(clip(p[row + label]));
            }
        }
        return total;
    }

    @Override
    void addGradient(Tensor predictions, Tensor targets, double scale, float[] gradient) {
        float[] p = predictions.data();
        int classes = predictions.dim(-1);
        for (int sample = 0; sample < targets.size(); sample++) {
            int row = sample * classes;
            int label = (int) targets.data()[sample];
            if (fromLogits()) {
                double logSumExp = logSumExp(p, row, classes);
                for (int j = 0; j < classes; j++) {
                    double softmax = Math.exp(p[row + j] - logSumExp);
                    gradient[row + j] += (float) (scale * (softmax - (j == label ? 1 : 0)));
                }
            } else {
                double clippedSum = clippedSum(p, row, classes);
                for (int j = 0; j < classes; j++) {
                    float pj = p[row + j];
                    if (insideClip(pj)) {
                        double dLoss = 1 / clippedSum - (j == label ? 1 / (double) pj : 0);
                        gradient[row + j] += (float) (scale * dLoss);
                    }
                }
            }
        }
    }

    private static double clippedSum(float[] p, int row, int classes) {
        double sum = 0;
        for (int j = row; j < row + classes; j++) {
            sum += clip(p[j]);
        }
        return sum;
    }
}
