package io.github.qkeras4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ElementwiseOpTest {
    @Test
    void reluSigmoidTanhMatchDefinitions() {
        Tensor x = Tensor.of(new float[] {-2f, -0f, 0f, 0.5f, 3f}, 5);
        float[] relu = ElementwiseOp.apply(Tape.inference(), ElementwiseFunction.RELU, Variable.constant(x)).value().data();
        float[] sigmoid = ElementwiseOp.apply(Tape.inference(), ElementwiseFunction.SIGMOID, Variable.constant(x)).value().data();
        float[] tanh = ElementwiseOp.apply(Tape.inference(), ElementwiseFunction.TANH, Variable.constant(x)).value().data();

        assertArrayEquals(new float[] {0f, 0f, 0f, 0.5f, 3f}, relu);
        for (int i = 0; i < x.size(); i++) {
            assertEquals(1.0 / (1.0 + Math.exp(-x.data()[i])), sigmoid[i], 1e-7);
            assertEquals(Math.tanh(x.data()[i]), tanh[i], 1e-7);
        }
    }

    @Test
    void linearReturnsInputVariable() {
        Variable x = Variable.constant(Tensor.zeros(3));

        assertSame(x, ElementwiseOp.apply(Tape.inference(), ElementwiseFunction.LINEAR, x));
    }

    @ParameterizedTest
    @EnumSource(value = ElementwiseFunction.class, names = {"RELU", "SIGMOID", "TANH"})
    void gradientMatchesFiniteDifferences(ElementwiseFunction function) {
        Tensor x = GradientCheck.random(new SplittableRandom(3), 2f, 4, 5);
        // Keep inputs away from relu's kink at 0, where finite differences are undefined.
        for (int i = 0; i < x.size(); i++) {
            if (Math.abs(x.data()[i]) < 0.05f) {
                x.data()[i] = 0.3f;
            }
        }

        GradientCheck.check(vars -> tape -> ElementwiseOp.apply(tape, function, vars.get(0)), List.of(x), 1e-3, 2e-3);
    }
}
