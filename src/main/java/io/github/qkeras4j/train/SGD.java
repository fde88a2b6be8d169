package io.github.qkeras4j.train;

/**
 * Stochastic gradient descent with optional momentum, with the update rules of tf.keras 2.15
 * ({@code keras/optimizers/sgd.py}, {@code SGD.update_step}) for a weight {@code w}, gradient
 * {@code g}, learning rate {@code lr} and velocity {@code v} (zero at the start):
 * <pre>
 *   momentum = 0:  w ← w − lr·g
 *   otherwise:     v ← momentum·v − lr·g
 *                  w ← w + v                       (nesterov = false)
 *                  w ← w + momentum·v − lr·g       (nesterov = true, with the new v)
 * </pre>
 * Arithmetic is float32, as in TensorFlow. Defaults match Keras: {@code lr = 0.01}, momentum 0, no
 * Nesterov.
 */
public final class SGD extends OptimizerState {
    public static final double DEFAULT_LEARNING_RATE = 0.01;

    private final double momentum;
    private final boolean nesterov;

    /** SGD with Keras's defaults. */
    public SGD() {
        this(DEFAULT_LEARNING_RATE, 0, false);
    }

    /**
     * @param momentum in [0, 1], as Keras requires
     */
    public SGD(double learningRate, double momentum, boolean nesterov) {
        super(learningRate, momentum == 0 ? 0 : 1);
        this.momentum = checkedRange("sgd", "momentum", momentum, 0, 1, true);
        this.nesterov = nesterov;
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    void update(float[] weights, float[] gradient, float[][] state, long step) {
        float lr = (float) learningRate();
        if (momentum == 0) {
            // Keras keeps a velocity buffer here too, but with momentum 0 it equals −lr·g every step.
            for (int i = 0; i < weights.length; i++) {
                weights[i] += -gradient[i] * lr;
            }
            return;
        }
        float[] velocity = state[0];
        float momentum = (float) this.momentum;
        for (int i = 0; i < weights.length; i++) {
            velocity[i] = -gradient[i] * lr + velocity[i] * momentum;
            weights[i] += nesterov ? -gradient[i] * lr + velocity[i] * momentum : velocity[i];
        }
    }
}
