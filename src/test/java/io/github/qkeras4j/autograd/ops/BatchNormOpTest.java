package io.github.qkeras4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchNormOpTest {
    @Test
    void trainingNormalizesEachChannel() {
        Tensor x = Tensor.of(new float[] {1f, 10f, 3f, 30f}, 2, 2);
        float[] mean = new float[2];
        float[] variance = new float[2];

        float[] y = BatchNormOp.training(Tape.inference(), Variable.constant(x), null, null, 0f, mean, variance)
                .value().data();

        assertEquals(2f, mean[0]);
        assertEquals(20f, mean[1]);
        assertEquals(1f, variance[0]);
        assertEquals(100f, variance[1]);
        assertEquals(-1f, y[0], 1e-6);
        assertEquals(1f, y[3], 1e-6);
    }

    @Test
    void inferenceUsesMovingStatistics() {
        Tensor x = Tensor.of(new float[] {3f}, 1, 1);
        Variable gamma = Variable.constant(Tensor.of(new float[] {2f}, 1));
        Variable beta = Variable.constant(Tensor.of(new float[] {0.5f}, 1));

        float y = BatchNormOp.inference(Tape.inference(), Variable.constant(x), gamma, beta, 0f,
                new float[] {1f}, new float[] {4f}).value().data()[0];

        assertEquals((3f - 1f) / 2f * 2f + 0.5f, y, 1e-6);
    }

    @Test
    void trainingGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(11);
        Tensor x = GradientCheck.random(random, 2f, 2, 3, 3, 4);
        Tensor gamma = GradientCheck.random(random, 1f, 4);
        Tensor beta = GradientCheck.random(random, 1f, 4);

        GradientCheck.check(vars -> tape -> BatchNormOp.training(tape, vars.get(0), vars.get(1), vars.get(2), 1e-3f,
                new float[4], new float[4]), List.of(x, gamma, beta), 1e-2, 5e-3);
    }

    @Test
    void inferenceGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(12);
        Tensor x = GradientCheck.random(random, 2f, 5, 3);
        Tensor gamma = GradientCheck.random(random, 1f, 3);
        Tensor beta = GradientCheck.random(random, 1f, 3);

        GradientCheck.check(vars -> tape -> BatchNormOp.inference(tape, vars.get(0), vars.get(1), vars.get(2), 1e-3f,
                new float[] {0.1f, -0.2f, 0.3f}, new float[] {0.5f, 1.5f, 2f}), List.of(x, gamma, beta), 1e-2, 2e-3);
    }
}
