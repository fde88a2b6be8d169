package io.github.qkeras4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.ops.BiasAddOp;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BiasAddOpTest {
    @Test
    void forwardAddsBiasPerChannel() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor bias = Tensor.of(new float[] {10, 20, 30}, 3);

        Tensor y = BiasAddOp.apply(Tape.inference(), Variable.constant(x), Variable.constant(bias)).value();

        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, y.data());
    }

    @Test
    void forwardOnRankOneInput() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2);
        Tensor bias = Tensor.of(new float[] {0.5f, -1}, 2);

        Tensor y = BiasAddOp.apply(Tape.inference(), Variable.constant(x), Variable.constant(bias)).value();

        assertArrayEquals(new float[] {1.5f, 1}, y.data());
    }

    @Test
    void biasGradientSumsLeadingAxes() {
        Tensor x = Tensor.zeros(2, 2, 1, 2);
        Variable bias = new Variable(Tensor.zeros(2), true);
        Tape tape = Tape.training();

        Variable y = BiasAddOp.apply(tape, Variable.constant(x), bias);
        ImageReference.backward(tape, y, Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 1, 2));

        assertArrayEquals(new float[] {16, 20}, bias.grad().data());
    }

    @Test
    void gradientMatchesFiniteDifferencesOnImages() {
        SplittableRandom random = new SplittableRandom(2);
        Tensor x = GradientCheck.random(random, 1f, 2, 3, 4, 5);
        Tensor bias = GradientCheck.random(random, 1f, 5);

        GradientCheck.check(vars -> tape -> BiasAddOp.apply(tape, vars.get(0), vars.get(1)), List.of(x, bias),
                1e-2, 1e-3);
    }

    @Test
    void gradientMatchesFiniteDifferencesOnDense() {
        SplittableRandom random = new SplittableRandom(6);
        Tensor x = GradientCheck.random(random, 1f, 4, 3);
        Tensor bias = GradientCheck.random(random, 1f, 3);

        GradientCheck.check(vars -> tape -> BiasAddOp.apply(tape, vars.get(0), vars.get(1)), List.of(x, bias),
                1e-2, 1e-3);
    }

    @Test
    void rejectsBiasOfOtherLength() {
        Variable x = Variable.constant(Tensor.zeros(2, 3));
        Variable bias = Variable.constant(Tensor.zeros(4));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BiasAddOp.apply(Tape.inference(), x, bias));

        assertTrue(e.getMessage().contains("received [2, 3] and [4]"), e.getMessage());
    }

    @Test
    void rejectsScalarInput() {
        Variable x = Variable.constant(Tensor.scalar(1f));
        Variable bias = Variable.constant(Tensor.zeros(1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BiasAddOp.apply(Tape.inference(), x, bias));

        assertTrue(e.getMessage().contains("received [] and [1]"), e.getMessage());
    }
}
