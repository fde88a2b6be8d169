package io.github.qkeras4j.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Forward values and finite-difference gradients of the per-channel ops used by normalization and folding. */
class ChannelOpsTest {
    private static Variable constant(float[] values, int... shape) {
        return Variable.constant(Tensor.of(values, shape));
    }

    private static float[] run(Variable y) {
        return y.value().data();
    }

    @Test
    void channelMeanAveragesEveryRow() {
        Variable x = constant(new float[] {1f, 10f, 3f, 30f, 5f, 50f}, 3, 2);

        assertArrayEquals(new float[] {3f, 30f}, run(ChannelMeanOp.apply(Tape.inference(), x)));
    }

    @Test
    void channelVarianceIsBiased() {
        Variable x = constant(new float[] {1f, 10f, 3f, 30f}, 2, 2);
        Variable mean = constant(new float[] {2f, 20f}, 2);

        assertArrayEquals(new float[] {1f, 100f}, run(ChannelVarianceOp.apply(Tape.inference(), x, mean)));
    }

    @Test
    void inverseStdMultipliesRsqrtByGamma() {
        Variable variance = constant(new float[] {3f, 0.999f}, 2);
        Variable gamma = constant(new float[] {2f, -1f}, 2);

        float[] inv = run(InverseStdOp.apply(Tape.inference(), variance, gamma, 1e-3f));

        assertEquals(1f / (float) Math.sqrt(3f + 1e-3f) * 2f, inv[0]);
        assertEquals(-1f, inv[1]);
    }

    @Test
    void scaleShiftComputesKerasOrder() {
        Variable x = constant(new float[] {3f, -1f}, 1, 2);
        Variable inv = constant(new float[] {0.5f, 3f}, 2);
        Variable mean = constant(new float[] {1f, 2f}, 2);
        Variable beta = constant(new float[] {0.25f, 0f}, 2);

        float[] y = run(ScaleShiftOp.apply(Tape.inference(), x, inv, mean, beta));

        assertEquals(3f * 0.5f + (0.25f - 0.5f), y[0]);
        assertEquals(-3f + (0f - 6f), y[1]);
    }

    @Test
    void scaleShiftWithoutBetaSubtractsMean() {
        float[] y = run(ScaleShiftOp.apply(Tape.inference(), constant(new float[] {4f}, 1, 1),
                constant(new float[] {2f}, 1), constant(new float[] {1f}, 1), null));

        assertEquals(6f, y[0]);
    }

    @Test
    void foldedBiasMatchesQKerasLiteral() {
        // QKeras bn_folding_test: γ [2, 1], σ²_m [1, 2], μ_m [1, 1], β [0, 1], no conv bias.
        Variable inv = InverseStdOp.apply(Tape.inference(), constant(new float[] {1f, 2f}, 2),
                constant(new float[] {2f, 1f}, 2), 1e-3f);

        float[] bias = run(FoldedBiasOp.apply(Tape.inference(), inv, null, constant(new float[] {1f, 1f}, 2),
                constant(new float[] {0f, 1f}, 2)));

        assertArrayEquals(new float[] {1.9990008f, 0.7069301f}, run(inv));
        assertArrayEquals(new float[] {-1.9990008f, 0.2930699f}, bias);
    }

    @Test
    void channelScaleMultipliesLastAxis() {
        float[] y = run(ChannelScaleOp.apply(Tape.inference(), constant(new float[] {1f, 2f, 3f, 4f}, 2, 2),
                constant(new float[] {10f, -1f}, 2)));

        assertArrayEquals(new float[] {10f, -2f, 30f, -4f}, y);
    }

    @Test
    void scaleMultipliesEveryElement() {
        assertArrayEquals(new float[] {0.5f, -1.5f},
                run(ScaleOp.apply(Tape.inference(), constant(new float[] {1f, -3f}, 2), 0.5f)));
    }

    @Test
    void globalSumAddsPixels() {
        Variable x = constant(new float[] {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f}, 1, 2, 2, 2);

        assertArrayEquals(new float[] {16f, 20f}, run(GlobalAvgPool2DOp.sum(Tape.inference(), x)));
    }

    @Test
    void channelScaleRejectsWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelScaleOp.apply(Tape.inference(), constant(new float[4], 2, 2), constant(new float[3], 3)));

        assertEquals("channel scale: scale must have shape [2], received [3]", e.getMessage());
    }

    @Test
    void channelMeanGradientMatchesFiniteDifferences() {
        Tensor x = GradientCheck.random(new SplittableRandom(21), 2f, 2, 3, 5);

        GradientCheck.check(vars -> tape -> ChannelMeanOp.apply(tape, vars.get(0)), List.of(x), 1e-2, 2e-3);
    }

    @Test
    void channelVarianceGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(22);
        Tensor x = GradientCheck.random(random, 2f, 4, 3);
        Tensor mean = GradientCheck.random(random, 1f, 3);

        GradientCheck.check(vars -> tape -> ChannelVarianceOp.apply(tape, vars.get(0), vars.get(1)), List.of(x, mean),
                1e-2, 2e-3);
    }

    @Test
    void inverseStdGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(23);
        Tensor variance = GradientCheck.random(random, 1f, 4);
        for (int i = 0; i < 4; i++) {
            variance.data()[i] = Math.abs(variance.data()[i]) + 0.5f;
        }
        Tensor gamma = GradientCheck.random(random, 2f, 4);

        GradientCheck.check(vars -> tape -> InverseStdOp.apply(tape, vars.get(0), vars.get(1), 1e-3f),
                List.of(variance, gamma), 1e-3, 2e-3);
    }

    @Test
    void scaleShiftGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(24);
        Tensor x = GradientCheck.random(random, 2f, 2, 3, 3);
        Tensor inv = GradientCheck.random(random, 2f, 3);
        Tensor mean = GradientCheck.random(random, 1f, 3);
        Tensor beta = GradientCheck.random(random, 1f, 3);

        GradientCheck.check(vars -> tape -> ScaleShiftOp.apply(tape, vars.get(0), vars.get(1), vars.get(2),
                vars.get(3)), List.of(x, inv, mean, beta), 1e-2, 2e-3);
    }

    @Test
    void foldedBiasGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(25);
        Tensor inv = GradientCheck.random(random, 2f, 5);
        Tensor bias = GradientCheck.random(random, 1f, 5);
        Tensor mean = GradientCheck.random(random, 1f, 5);
        Tensor beta = GradientCheck.random(random, 1f, 5);

        GradientCheck.check(vars -> tape -> FoldedBiasOp.apply(tape, vars.get(0), vars.get(1), vars.get(2),
                vars.get(3)), List.of(inv, bias, mean, beta), 1e-2, 2e-3);
    }

    @Test
    void channelScaleGradientMatchesFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(26);
        Tensor x = GradientCheck.random(random, 2f, 3, 2, 4);
        Tensor scale = GradientCheck.random(random, 2f, 4);

        GradientCheck.check(vars -> tape -> ChannelScaleOp.apply(tape, vars.get(0), vars.get(1)), List.of(x, scale),
                1e-2, 2e-3);
    }

    @Test
    void scaleGradientMatchesFiniteDifferences() {
        Tensor x = GradientCheck.random(new SplittableRandom(27), 2f, 3, 4);

        GradientCheck.check(vars -> tape -> ScaleOp.apply(tape, vars.get(0), 0.375f), List.of(x), 1e-2, 2e-3);
    }

    @Test
    void globalSumGradientMatchesFiniteDifferences() {
        Tensor x = GradientCheck.random(new SplittableRandom(28), 2f, 2, 3, 2, 3);

        GradientCheck.check(vars -> tape -> GlobalAvgPool2DOp.sum(tape, vars.get(0)), List.of(x), 1e-2, 2e-3);
    }
}
