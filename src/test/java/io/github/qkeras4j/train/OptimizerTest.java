package io.github.qkeras4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Few-step optimizer trajectories against values computed by hand from the tf.keras 2.15 update rules. */
class OptimizerTest {
    private static Parameter parameter(float... values) {
        return new Parameter("kernel", Tensor.of(values.clone(), values.length), true);
    }

    /**
     * Minimizes {@code w²/2}, whose gradient is {@code w} itself, from {@code w = start} and returns
     * {@code w} after each of {@code steps} steps.
     */
    private static float[] halfSquareTrajectory(Optimizer optimizer, float start, int steps) {
        Parameter w = parameter(start);
        float[] trajectory = new float[steps];
        for (int step = 0; step < steps; step++) {
            w.grad().data()[0] = w.value().data()[0];
            optimizer.step(List.of(w));
            trajectory[step] = w.value().data()[0];
        }
        return trajectory;
    }

    @Test
    void sgdStepsAgainstGradient() {
        assertEquals(0.9f, halfSquareTrajectory(new SGD(0.1, 0, false), 1f, 1)[0], 1e-7f);
    }

    @Test
    void sgdMomentumMatchesKerasDocExample() {
        // The tf.keras SGD docs: with lr 0.1 and momentum 0.9 on w²/2 from w = 1, the first step is
        // 0.1 and the second 0.18.
        float[] trajectory = halfSquareTrajectory(new SGD(0.1, 0.9, false), 1f, 2);

        assertEquals(0.9f, trajectory[0], 1e-7f);
        assertEquals(0.72f, trajectory[1], 1e-6f);
    }

    @Test
    void sgdNesterovLooksAhead() {
        // v1 = −0.1, w1 = 1 + 0.9·v1 − 0.1 = 0.81; v2 = 0.9·v1 − 0.1·0.81 = −0.171,
        // w2 = 0.81 + 0.9·v2 − 0.081 = 0.5751.
        float[] trajectory = halfSquareTrajectory(new SGD(0.1, 0.9, true), 1f, 2);

        assertEquals(0.81f, trajectory[0], 1e-6f);
        assertEquals(0.5751f, trajectory[1], 1e-6f);
    }

    @Test
    void adamMatchesHandComputedTwoSteps() {
        // t = 1, g = 1: m = 0.1, v = 0.001, α = 0.001·sqrt(0.001)/0.1, w = 1 − α·m/(sqrt(v) + 1e-7).
        // t = 2, g = 0.5: m = 0.14, v = 0.001249, α = 0.001·sqrt(1 − 0.999²)/(1 − 0.9²).
        Parameter w = parameter(1f);
        Adam adam = new Adam();

        w.grad().data()[0] = 1f;
        adam.step(List.of(w));
        float afterFirst = w.value().data()[0];
        w.grad().data()[0] = 0.5f;
        adam.step(List.of(w));

        assertEquals(0.99900000316, afterFirst, 1e-7);
        assertEquals(0.99806782616, w.value().data()[0], 1e-7);
        assertEquals(2, adam.iterations());
    }

    @Test
    void adamFirstStepMatchesKerasDocExample() {
        // The tf.keras Adam docs: lr 0.1 on w²/2 from w = 10 gives 9.9 after one step.
        assertEquals(9.9f, halfSquareTrajectory(new Adam(0.1), 10f, 1)[0], 1e-5f);
    }

    @Test
    void adamKeepsStatePerParameter() {
        Parameter a = parameter(1f, 1f);
        Parameter b = parameter(1f, 1f);
        Adam adam = new Adam();

        a.grad().fill(1f);
        b.grad().fill(1f);
        adam.step(List.of(a, b));
        adam.step(List.of(a, b));

        assertArrayEquals(a.value().data(), b.value().data());
    }

    @Test
    void optimizerSkipsFrozenParameters() {
        Parameter frozen = new Parameter("moving_mean", Tensor.of(new float[] {3f}, 1), false);
        Parameter trainable = parameter(1f);
        SGD sgd = new SGD(0.5, 0, false);

        trainable.grad().fill(1f);
        sgd.step(List.of(frozen, trainable));

        assertEquals(3f, frozen.value().data()[0]);
        assertEquals(0.5f, trainable.value().data()[0]);
        assertEquals(1, sgd.iterations());
    }

    @Test
    void setLearningRateAppliesToNextStep() {
        Parameter w = parameter(1f);
        SGD sgd = new SGD();

        sgd.setLearningRate(0.25);
        w.grad().fill(1f);
        sgd.step(List.of(w));

        assertEquals(0.25, sgd.learningRate());
        assertEquals(0.75f, w.value().data()[0]);
    }

    @Test
    void defaultsMatchKeras() {
        assertEquals(0.01, new SGD().learningRate());
        assertEquals(0.0, new SGD().momentum());
        assertEquals(0.001, new Adam().learningRate());
    }

    @Test
    void rejectsInvalidHyperparameters() {
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new SGD().setLearningRate(-1));
        IllegalArgumentException momentum = assertThrows(IllegalArgumentException.class,
                () -> new SGD(0.1, 1.5, false));
        IllegalArgumentException beta = assertThrows(IllegalArgumentException.class,
                () -> new Adam(0.001, 1.0, 0.999, 1e-7));

        assertEquals("adam: learning rate must be a finite number >= 0, received NaN", nan.getMessage());
        assertEquals("sgd: learning rate must be a finite number >= 0, received -1.0", negative.getMessage());
        assertEquals("sgd: momentum must be in [0.0, 1.0], received 1.5", momentum.getMessage());
        assertEquals("adam: beta1 must be in [0.0, 1.0), received 1.0", beta.getMessage());
    }
}
