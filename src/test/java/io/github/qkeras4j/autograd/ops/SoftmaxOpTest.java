package io.github.qkeras4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxOpTest {
    @Test
    void rowsSumToOneAndMatchDefinition() {
        Tensor x = Tensor.of(new float[] {1f, 2f, 3f, 1000f, 1000f, 1000f}, 2, 3);

        float[] y = SoftmaxOp.apply(Tape.inference(), Variable.constant(x)).value().data();

        double denominator = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(1) / denominator, y[0], 1e-7);
        assertEquals(Math.exp(3) / denominator, y[2], 1e-7);
        assertEquals(1.0 / 3, y[3], 1e-7, "large equal logits must not overflow");
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Tensor x = GradientCheck.random(new SplittableRandom(5), 2f, 3, 4);

        GradientCheck.check(vars -> tape -> SoftmaxOp.apply(tape, vars.get(0)), List.of(x), 1e-3, 2e-3);
    }
}
