package io.github.qkeras4j.train;

import io.github.qkeras4j.tensor.Tensor;

/**
 * Mean squared error {@code L = mean((p − t)²)} over every element, with {@code dL/dp = 2·(p − t)/n}.
 * Shapes: {@code predictions} and {@code targets} with the same number of elements and the same
 * batch axis. Keras averages over the last axis and then over the batch, which equals the mean over
 * all elements because every sample has the same size.
 */
public final class MeanSquaredError extends MeanLoss {
    @Override
    public String name() {
        return "mean_squared_error";
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
            double difference = (double) p[i] - t[i];
            total += difference * difference;
        }
        return total;
    }

    @Override
    void addGradient(Tensor predictions, Tensor targets, double scale, float[] gradient) {
        float[] p = predictions.data();
        float[] t = targets.data();
        for (int i = 0; i < p.length; i++) {
            gradient[i] += (float) (scale * 2 * ((double) p[i] - t[i]));
        }
    }
}
