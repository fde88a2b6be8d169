package io.github.qkeras4j.train;

/**
 * Adam with the update of tf.keras 2.15 ({@code keras/optimizers/adam.py}, {@code Adam.update_step},
 * dense gradients, no AMSGrad). At step {@code t = iterations + 1}, for a weight {@code w} with
 * gradient {@code g} and moment estimates {@code m}, {@code v} (zero at the start):
 * <pre>
 *   α_t = lr · sqrt(1 − β2^t) / (1 − β1^t)
 *   m ← m + (g − m)·(1 − β1)
 *   v ← v + (g² − v)·(1 − β2)
 *   w ← w − α_t·m / (sqrt(v) + ε)
 * </pre>
 * The bias correction sits in {@code α_t}, so ε is added to the uncorrected {@code sqrt(v)} ("epsilon
 * hat" in Kingma and Ba's paper). Arithmetic is float32, as in TensorFlow. Defaults match Keras:
 * {@code lr = 0.001}, β1 = 0.9, β2 = 0.999, ε = 1e-7.
 */
public final class Adam extends OptimizerState {
    public static final double DEFAULT_LEARNING_RATE = 0.001;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPSILON = 1e-7;

    private final double beta1;
    private final double beta2;
    private final float epsilon;

    /** Adam with Keras's defaults. */
    public Adam() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** Adam with Keras's default betas and epsilon. */
    public Adam(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
    }

    /**
     * @param beta1   decay of the first-moment estimate, in [0, 1)
     * @param beta2   decay of the second-moment estimate, in [0, 1)
     * @param epsilon added to {@code sqrt(v)}, finite and >= 0
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate, 2);
        this.beta1 = checkedRange("adam", "beta1", beta1, 0, 1, false);
        this.beta2 = checkedRange("adam", "beta2", beta2, 0, 1, false);
        this.epsilon = (float) checkedRange("adam", "epsilon", epsilon, 0, Double.MAX_VALUE, true);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    void update(float[] weights, float[] gradient, float[][] state, long step) {
        float beta1Power = (float) Math.pow((float) beta1, step);
        float beta2Power = (float) Math.pow((float) beta2, step);
        float alpha = (float) learningRate() * (float) Math.sqrt(1f - beta2Power) / (1f - beta1Power);
        // Keras computes 1 − β in Python double precision before TensorFlow casts it to float32.
        float oneMinusBeta1 = (float) (1 - beta1);
        float oneMinusBeta2 = (float) (1 - beta2);

        float[] m = state[0];
        float[] v = state[1];
        for (int i = 0; i < weights.length; i++) {
            float g = gradient[i];
            m[i] += (g - m[i]) * oneMinusBeta1;
            v[i] += (g * g - v[i]) * oneMinusBeta2;
            weights[i] -= m[i] * alpha / ((float) Math.sqrt(v[i]) + epsilon);
        }
    }
}
