package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** stochastic_binary, stochastic_ternary, bernoulli and stochastic rounding. */
class StochasticQuantizersTest {
    private static float[] train(Quantizer q, long seed, float... x) {
        return Quantizers.apply(q, QuantizerContext.training(seed), x);
    }

    private static float[] ramp() {
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 32) / 16f;
        }
        return x;
    }

    @Test
    void stochasticBinaryInferenceIsBinary() {
        Quantizer q = QuantizerSpec.parse("stochastic_binary(1.0)");
        assertArrayEquals(new float[] {1f, 1f, -1f, 1f, -1f}, Quantizers.apply(q, 0f, -0f, -3f, 5f, -Float.MIN_VALUE));
        // With a fixed alpha the companion is x itself, so 1e30 absorbs the code.
        assertArrayEquals(new float[] {0f}, Quantizers.apply(q, 1e30f));
    }

    @Test
    void stochasticBinaryTrainingIsReproducible() {
        Quantizer q = QuantizerSpec.parse("stochastic_binary(alpha='auto')");
        float[] x = ramp();
        float[] first = train(q, 7, x);
        assertArrayEquals(first, train(q, 7, x));
        for (int i = 0; i < x.length; i++) {
            // A vector gets one least-squares scale per element, |x_i|/(1 + ε).
            assertEquals(Math.abs(x[i]), Math.abs(first[i]), 1e-6f, "element " + i);
        }
    }

    @Test
    void stochasticBinaryGradientIsOneInTraining() {
        Quantizer q = QuantizerSpec.parse("stochastic_binary");
        Tensor x = Tensor.of(new float[] {2f}, 1);
        Tensor out = Tensor.zeros(1);
        q.forward(x, out, QuantizerContext.training(1));
        Tensor grad = Tensor.zeros(1);
        q.backward(x, out, Tensor.of(new float[] {1f}, 1), grad);
        assertEquals(1f, grad.data()[0]);
    }

    @Test
    void stochasticTernaryInferenceIsTernary() {
        Quantizer q = QuantizerSpec.parse("stochastic_ternary(1.0,0.33)");
        assertArrayEquals(new float[] {-1f, 0f, 0f, 1f}, Quantizers.apply(q, -3f, 0f, -0f, 1f));
    }

    @Test
    void stochasticTernaryInferenceLargeTinyAndGradient() {
        Quantizer q = QuantizerSpec.parse("stochastic_ternary(1.0,0.5)");
        // 1e30 absorbs the code in x + (1 − x); a tiny input is below the threshold.
        assertArrayEquals(new float[] {0f, 0f, 1f}, Quantizers.apply(q, 1e30f, Float.MIN_VALUE, 0.5f));
        assertArrayEquals(new float[] {1f, 1f}, Quantizers.gradient(q, 0f, 3f));
        float t = (float) Math.tanh(2.0);
        assertArrayEquals(new float[] {1f - t * t}, Quantizers.gradient(QuantizerSpec.parse("stochastic_ternary"), 2f));
    }

    @Test
    void stochasticTernaryTrainingGivesThreeLevels() {
        Quantizer q = QuantizerSpec.parse("stochastic_ternary(alpha='auto_po2')");
        Tensor x = Tensor.of(ramp(), 16, 4);
        float[] first = Quantizers.apply(q, QuantizerContext.training(3), x.data());
        assertArrayEquals(first, Quantizers.apply(q, QuantizerContext.training(3), x.data()));
        Tensor out = Tensor.zeros(16, 4);
        q.forward(x, out, QuantizerContext.training(3));
        float[] scale = q.scale().data();
        assertEquals(4, scale.length);
        for (int i = 0; i < out.size(); i++) {
            float v = out.data()[i];
            float s = scale[i % 4];
            assertTrue(v == 0f || Math.abs(Math.abs(v) - s) <= 1e-6f, v + " is not 0 or ±" + s);
        }
    }

    @Test
    void stochasticTernaryTrainingNeedsAutoAlpha() {
        Quantizer q = QuantizerSpec.parse("stochastic_ternary(1.0)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(q, 1, 0.5f));
        assertTrue(e.getMessage().contains("training needs alpha='auto' or 'auto_po2'"), e.getMessage());
    }

    @Test
    void bernoulliSaturatesForLargeInputs() {
        Quantizer q = QuantizerSpec.parse("bernoulli");
        // p = sigmoid(±120) is 1 or 0 in float32, so the draws are certain.
        assertArrayEquals(new float[] {1f, 0f}, Quantizers.apply(q, 20f, -20f));
    }

    @Test
    void bernoulliZeroAndTinyGiveZeroOrOne() {
        Quantizer q = QuantizerSpec.parse("bernoulli");
        for (long seed = 0; seed < 20; seed++) {
            float[] out = Quantizers.apply(q, new QuantizerContext(false, new SplittableRandom(seed), InternalSigmoid.HARD),
                    0f, -0f, Float.MIN_VALUE);
            for (float v : out) {
                assertTrue(v == 0f || v == 1f, "value " + v);
            }
        }
    }

    @Test
    void bernoulliIsReproducibleForASeed() {
        Quantizer q = QuantizerSpec.parse("bernoulli(alpha='auto')");
        float[] first = Quantizers.apply(q, new QuantizerContext(false, new SplittableRandom(5), InternalSigmoid.HARD),
                ramp());
        float[] second = Quantizers.apply(q, new QuantizerContext(false, new SplittableRandom(5), InternalSigmoid.HARD),
                ramp());
        assertArrayEquals(first, second);
    }

    @Test
    void bernoulliGradientIsOne() {
        assertArrayEquals(new float[] {1f, 1f}, Quantizers.gradient(QuantizerSpec.parse("bernoulli"), 0f, 3f));
    }

    @Test
    void stochasticRoundingOnlyInTraining() {
        Quantizer q = QuantizerSpec.parse("quantized_bits(4,0,1,use_stochastic_rounding=True)");
        // 0.0625 is half a step: inference rounds to even (0); training picks 0 or 0.125 at random.
        assertArrayEquals(new float[] {0f}, Quantizers.apply(q, 0.0625f));
        int up = 0;
        SplittableRandom seeds = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            float v = train(q, seeds.nextLong(), 0.0625f)[0];
            assertTrue(v == 0f || v == 0.125f, "value " + v);
            up += v == 0.125f ? 1 : 0;
        }
        assertTrue(up > 60 && up < 140, "rounded up " + up + " of 200 times");
    }

    @Test
    void stochasticRoundingIsUnbiased() {
        SplittableRandom random = new SplittableRandom(3);
        double sum = 0;
        for (int i = 0; i < 10_000; i++) {
            sum += Numerics.stochasticRound(0.3f, 1.0, random);
        }
        assertEquals(0.3, sum / 10_000, 0.02);
    }
}
