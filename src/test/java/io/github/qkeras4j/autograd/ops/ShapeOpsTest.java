package io.github.qkeras4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShapeOpsTest {
    @Test
    void reshapeKeepsRowMajorOrder() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);

        Tensor y = ReshapeOp.apply(Tape.inference(), Variable.constant(x), 1, 6).value();

        assertArrayEquals(new int[] {1, 6}, y.shape());
        assertArrayEquals(x.data(), y.data());
    }

    @Test
    void reshapeGradientMatchesFiniteDifferences() {
        Tensor x = GradientCheck.random(new SplittableRandom(9), 1f, 2, 3, 2);

        GradientCheck.check(vars -> tape -> ReshapeOp.apply(tape, vars.get(0), 2, 6), List.of(x), 1e-2, 1e-3);
    }

    @Test
    void dropoutKeepsScaledFraction() {
        Tensor x = Tensor.zeros(10_000);
        x.fill(1f);

        float[] y = DropoutOp.apply(Tape.inference(), Variable.constant(x), 0.25f, new SplittableRandom(1)).value().data();

        int kept = 0;
        for (float v : y) {
            assertTrue(v == 0f || v == 1f / 0.75f, "dropout output must be 0 or 1/(1-rate), was " + v);
            kept += v != 0f ? 1 : 0;
        }
        assertEquals(7500, kept, 150);
    }

    @Test
    void dropoutGradientUsesSameMask() {
        Tensor x = GradientCheck.random(new SplittableRandom(2), 1f, 4, 6);

        // The same seed on every evaluation gives the same mask, so finite differences apply.
        GradientCheck.check(vars -> tape -> DropoutOp.apply(tape, vars.get(0), 0.5f, new SplittableRandom(42)),
                List.of(x), 1e-2, 1e-3);
    }

    @Test
    void dropoutRejectsRateOne() {
        Variable x = Variable.constant(Tensor.zeros(2));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DropoutOp.apply(Tape.inference(), x, 1f, new SplittableRandom(1)));

        assertEquals("dropout rate must be in [0, 1), received 1.0", e.getMessage());
    }
}
