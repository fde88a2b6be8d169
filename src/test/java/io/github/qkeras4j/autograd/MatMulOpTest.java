package io.github.qkeras4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.qkeras4j.autograd.ops.MatMulOp;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatMulOpTest {
    @Test
    void forwardMatchesHandComputedProduct() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor w = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);

        Tensor y = MatMulOp.apply(Tape.inference(), Variable.constant(x), Variable.constant(w)).value();

        assertArrayEquals(new float[] {4, 5, 10, 11}, y.data());
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(7);
        Tensor x = GradientCheck.random(random, 1f, 3, 5);
        Tensor w = GradientCheck.random(random, 1f, 5, 4);

        GradientCheck.check(vars -> tape -> MatMulOp.apply(tape, vars.get(0), vars.get(1)),
                List.of(x, w), 1e-2, 1e-3);
    }
}
