package io.github.qkeras4j.train;

import io.github.qkeras4j.autograd.Op;
import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * A loss that is the mean of per-sample terms, with its forward sum and its gradient rule written
 * side by side in each subclass. This class records the op on the tape and applies the {@code 1/count}
 * factor of the mean and the upstream gradient.
 */
abstract class MeanLoss implements Loss {
    /** Keras's fuzz factor {@code backend.epsilon()}, as a float32 like the tensors it clips. */
    static final float EPSILON = 1e-7f;

    /** Upper clip bound {@code 1 − ε}, rounded to float32 as TensorFlow computes it. */
    static final float ONE_MINUS_EPSILON = 1f - EPSILON;

    /**
     * Checks the shapes and target values and returns the number of per-sample terms that the mean
     * divides by.
     *
     * @throws IllegalArgumentException naming the loss, the shapes or the bad target
     */
    abstract int checkedCount(Tensor predictions, Tensor targets);

    /** Returns the sum of the per-sample terms, accumulated in double in index order. */
    abstract double sum(Tensor predictions, Tensor targets);

    /** Adds {@code scale · d sum / d predictions} into {@code gradient}, which has the predictions' size. */
    abstract void addGradient(Tensor predictions, Tensor targets, double scale, float[] gradient);

    @Override
    public final Variable compute(Tape tape, Variable predictions, Tensor targets) {
        long start = tape.isProfiling() ? System.nanoTime() : 0L;
        int count = checkedCount(predictions.value(), targets);

        Tensor out = tape.allocate();
        out.data()[0] = (float) (sum(predictions.value(), targets) / count);

        Variable loss = tape.result(out, predictions);
        if (loss.requiresGrad()) {
            tape.record(new MeanLossOp(this, predictions, targets, count, loss));
        }
        if (tape.isProfiling()) {
            tape.addNanos(OpCategory.OTHER, System.nanoTime() - start);
        }
        return loss;
    }

    /** Returns {@code log Σ_j exp(z[offset + j])} over {@code classes} values, shifted by the max for stability. */
    static double logSumExp(float[] z, int offset, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            max = Math.max(max, z[offset + j]);
        }
        double sum = 0;
        for (int j = 0; j < classes; j++) {
            sum += Math.exp(z[offset + j] - max);
        }
        return max + Math.log(sum);
    }

    /** True when {@code p} lies inside the clip range [ε, 1 − ε], where TensorFlow's clip passes the gradient. */
    static boolean insideClip(float p) {
        return p >= EPSILON && p <= ONE_MINUS_EPSILON;
    }

    static float clip(float p) {
        return Math.min(Math.max(p, EPSILON), ONE_MINUS_EPSILON);
    }

    /** Rejects NaN, infinite or fractional class indices and indices outside {@code [0, classes)}. */
    static int classIndex(String lossName, Tensor targets, int i, int classes) {
        float value = targets.data()[i];
        if (!(value >= 0 && value < classes && value == Math.rint(value))) {
            throw new IllegalArgumentException(lossName + ": target " + i + " is " + value
                    + ", expected a class index in [0, " + classes + ")");
        }
        return (int) value;
    }

    /** Requires equal element counts and an equal first (batch) axis. */
    static int checkedSameSize(String lossName, Tensor predictions, Tensor targets) {
        boolean sameBatch = predictions.rank() == 0 || targets.rank() == 0 || predictions.dim(0) == targets.dim(0);
        if (predictions.size() != targets.size() || !sameBatch || predictions.size() == 0) {
            throw new IllegalArgumentException(lossName + ": predictions of shape "
                    + Arrays.toString(predictions.shape()) + " and targets of shape "
                    + Arrays.toString(targets.shape()) + " differ; they need the same non-empty shape");
        }
        return predictions.size();
    }

    /** The recorded loss: its backward pass delegates to the loss's gradient rule. */
    private static final class MeanLossOp implements Op {
        private final MeanLoss loss;
        private final Variable predictions;
        private final Tensor targets;
        private final int count;
        private final Variable out;

        MeanLossOp(MeanLoss loss, Variable predictions, Tensor targets, int count, Variable out) {
            this.loss = loss;
            this.predictions = predictions;
            this.targets = targets;
            this.count = count;
            this.out = out;
        }

        @Override
        public void backward(Tape tape) {
            Tensor upstream = out.grad();
            if (upstream == null || !predictions.requiresGrad()) {
                return;
            }
            double scale = (double) upstream.data()[0] / count;
            loss.addGradient(predictions.value(), targets, scale, tape.gradient(predictions).data());
        }
    }
}
