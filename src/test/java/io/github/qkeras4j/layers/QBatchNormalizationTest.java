package io.github.qkeras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QBatchNormalizationTest {
    private static ForwardContext training(Tape tape) {
        return new ForwardContext(tape, true, QuantizerContext.training(1), new SplittableRandom(1));
    }

    private static QBatchNormalization built(QBatchNormalization.Quantizers quantizers, int... inputShape) {
        QBatchNormalization layer = new QBatchNormalization("qbn", -1, 0.99f, 1e-3f, true, true, quantizers);
        layer.build(inputShape, new SplittableRandom(0));
        return layer;
    }

    private static float[] infer(Layer layer, float[] x, int... shape) {
        return layer.forward(Variable.constant(Tensor.of(x, shape)), ForwardContext.inference()).value().data();
    }

    @Test
    void inferenceWithoutQuantizersFollowsKerasOrder() {
        QBatchNormalization layer = built(QBatchNormalization.Quantizers.none(), 2);
        layer.gamma().value().data()[0] = 2f;
        layer.beta().value().data()[0] = 0.5f;
        layer.movingMean().value().data()[0] = 1f;
        layer.movingVariance().value().data()[0] = 4f;

        float[] y = infer(layer, new float[] {3f, 3f}, 1, 2);

        float inv = 1f / (float) Math.sqrt(4f + 1e-3f) * 2f;
        assertEquals(3f * inv + (0.5f - 1f * inv), y[0]);
        assertEquals(3f * (1f / (float) Math.sqrt(1f + 1e-3f)) + (0f - 0f), y[1]);
    }

    @Test
    void defaultQuantizersAreNotNeutral() {
        // quantized_po2(5) maps 0 to 2^-8, so a fresh layer shifts its input: β − μ·inv ≈ 1.95e-6.
        QBatchNormalization layer = built(QBatchNormalization.Quantizers.qkerasDefaults(), 1);

        float[] y = infer(layer, new float[] {0f, 1f}, 2, 1);

        assertEquals(1.95e-6f, y[0], 1e-8f);
        assertEquals(0.9995004f + y[0], y[1], 1e-7f);
    }

    @Test
    void inferenceQuantizesMovingStatisticsAndWeights() {
        // quantized_bits(4,2,1,alpha=1) has step 0.5 on [-3.5, 3.5]; gamma and variance are left float.
        QBatchNormalization layer = built(new QBatchNormalization.Quantizers(
                QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"), null,
                QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"), null, null), 1);
        layer.beta().value().data()[0] = 0.3f;
        layer.movingMean().value().data()[0] = 1.2f;
        layer.movingVariance().value().data()[0] = 0.999f;

        float[] y = infer(layer, new float[] {2f}, 1, 1);

        // β → 0.5, μ → 1.0, inv = rsqrt(0.999 + 0.001) = 1.
        assertEquals(2f + (0.5f - 1f), y[0]);
    }

    @Test
    void inverseQuantizerQuantizesInv() {
        QBatchNormalization layer = built(new QBatchNormalization.Quantizers(null, null, null, null,
                QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)")), 1);
        layer.gamma().value().data()[0] = 1.3f;
        layer.movingVariance().value().data()[0] = 0.999f;

        float[] y = infer(layer, new float[] {2f}, 1, 1);

        // inv = 1.3 → 1.5 on the 0.5 grid.
        assertEquals(3f, y[0]);
    }

    @Test
    void trainingNormalizesWithBatchStatistics() {
        QBatchNormalization layer = built(QBatchNormalization.Quantizers.none(), 1);

        float[] y = layer.forward(Variable.constant(Tensor.of(new float[] {1f, 3f}, 2, 1)), training(Tape.inference()))
                .value().data();

        float inv = 1f / (float) Math.sqrt(1f + 1e-3f);
        assertEquals(1f * inv + (0f - 2f * inv), y[0]);
        assertEquals(3f * inv + (0f - 2f * inv), y[1]);
    }

    @Test
    void trainingQuantizesBatchStatistics() {
        QBatchNormalization layer = built(new QBatchNormalization.Quantizers(null, null,
                QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"), null, null), 1);

        float[] y = layer.forward(Variable.constant(Tensor.of(new float[] {1f, 1.6f}, 2, 1)),
                training(Tape.inference())).value().data();

        // The batch mean 1.3 is quantized to 1.5 before it is subtracted.
        float inv = 1f / (float) Math.sqrt((1.6f - 1.3f) * (1.6f - 1.3f) + 1e-3f);
        assertEquals(1f * inv + (0f - 1.5f * inv), y[0], 1e-5f);
    }

    @Test
    void trainingUpdatesMovingStatisticsWithUnquantizedValues() {
        QBatchNormalization layer = built(new QBatchNormalization.Quantizers(null, null,
                QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"), null, null), 1);

        layer.forward(Variable.constant(Tensor.of(new float[] {1f, 1.6f}, 2, 1)), training(Tape.inference()));

        float decay = 1f - 0.99f;
        float batchVariance = (float) ((0.3 * 0.3 + 0.3 * 0.3) / 2);
        assertEquals(0f - (0f - 1.3f) * decay, layer.movingMean().value().data()[0], 1e-7f);
        assertEquals(1f - (1f - batchVariance) * decay, layer.movingVariance().value().data()[0], 1e-7f);
    }

    @Test
    void trainingInputGradientMatchesFiniteDifferences() {
        QBatchNormalization layer = built(QBatchNormalization.Quantizers.none(), 3, 2, 4);
        layer.gamma().value().data()[1] = 1.5f;
        layer.beta().value().data()[2] = -0.5f;
        Tensor x = GradientCheck.random(new SplittableRandom(4), 2f, 3, 3, 2, 4);

        GradientCheck.check(vars -> tape -> layer.forward(vars.get(0), training(tape)), List.of(x), 1e-2, 5e-3);
    }

    @Test
    void meanQuantizerPassesGradientStraightThrough() {
        // The batch means 0.5 and 0.25 lie on the quantizer's grid, so Q(μ) = μ; under the
        // straight-through rule the input gradient must then equal the float layer's.
        QBatchNormalization quantized = built(new QBatchNormalization.Quantizers(null, null,
                QuantizerSpec.parse("quantized_bits(8,2,1,alpha=1)"), null, null), 2);
        QBatchNormalization plain = built(QBatchNormalization.Quantizers.none(), 2);
        Tensor x = Tensor.of(new float[] {0.5f, -0.25f, 1f, 0.75f, 0f, 0.25f, 0.5f, 0.25f}, 4, 2);

        float[] quantizedGrad = inputGradient(quantized, x);
        float[] plainGrad = inputGradient(plain, x);

        assertArrayEquals(plainGrad, quantizedGrad);
    }

    private static float[] inputGradient(Layer layer, Tensor x) {
        Tape tape = Tape.training();
        Variable input = new Variable(x.copy(), true);
        Variable y = layer.forward(input, training(tape));
        float[] weights = {1f, -2f, 0.5f, 3f, -1f, 0.25f, 2f, 1f};
        Variable loss = tape.result(Tensor.scalar(0f), y);
        tape.record(t -> {
            float[] dy = t.gradient(y).data();
            for (int i = 0; i < dy.length; i++) {
                dy[i] += weights[i];
            }
        });
        tape.backward(loss);
        return input.grad().data();
    }

    @Test
    void inverseQuantizerNeedsNoGammaOrVarianceQuantizer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QBatchNormalization(
                null, -1, 0.99f, 1e-3f, true, true, new QBatchNormalization.Quantizers(null,
                QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"), null, null,
                QuantizerSpec.parse("quantized_bits(4,2,1,alpha=1)"))));

        assertTrue(e.getMessage().startsWith("QBatchNormalization: inverse_quantizer needs gamma_quantizer and"
                + " variance_quantizer to be None"), e.getMessage());
    }

    @Test
    void gammaQuantizerGetsAlphaRewrite() {
        QBatchNormalization layer = built(new QBatchNormalization.Quantizers(null,
                QuantizerSpec.parse("quantized_bits(4,2,1)"), null, null, null), 2);

        String spec = layer.quantizers().get("gamma_quantizer").spec();

        assertTrue(spec.contains("auto_po2"), "gamma quantizer spec was " + spec);
    }

    @Test
    void constraintsClipQuantizedGammaAndBeta() {
        QBatchNormalization layer = built(new QBatchNormalization.Quantizers(
                QuantizerSpec.parse("quantized_bits(6,2,1,alpha=1)"), null, null, null, null), 1);
        layer.beta().value().data()[0] = -9f;
        layer.gamma().value().data()[0] = 9f;

        layer.applyConstraints();

        assertEquals(-4f, layer.beta().value().data()[0]);
        assertEquals(9f, layer.gamma().value().data()[0], "gamma has no quantizer, so no constraint");
    }

    @Test
    void wrongAxisIsRejectedAtBuild() {
        QBatchNormalization layer = new QBatchNormalization("qbn", 1, 0.99f, 1e-3f, true, true,
                QBatchNormalization.Quantizers.none());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> layer.build(new int[] {4, 4, 3}, new SplittableRandom(0)));

        assertEquals("QBatchNormalization 'qbn': axis 1 is not the last axis of inputs of rank 4; only channels_last"
                + " normalization (axis -1 or 3) is supported", e.getMessage());
    }

    @Test
    void factoryReadsNullQuantizersAsNone() {
        Map<String, Object> config = new HashMap<>();
        config.put("name", "qbn_float");
        config.put("axis", List.of(1));
        config.put("scale", false);
        for (String key : List.of("beta_quantizer", "gamma_quantizer", "mean_quantizer", "variance_quantizer")) {
            config.put(key, null);
        }

        QBatchNormalization layer = (QBatchNormalization) LayerFactory.fromConfig("QBatchNormalization", config);
        layer.build(new int[] {4}, new SplittableRandom(0));

        assertTrue(layer.quantizers().isEmpty());
        assertNull(layer.gamma());
        assertEquals(List.of("beta", "moving_mean", "moving_variance"),
                layer.weights().stream().map(w -> w.name()).toList());
    }

    @Test
    void configListsQKerasKeys() {
        QBatchNormalization layer = built(QBatchNormalization.Quantizers.none(), 3, 3, 2);

        Map<String, Object> config = layer.config();

        assertEquals(List.of(3), config.get("axis"));
        assertEquals(List.of("name", "trainable", "dtype", "axis", "momentum", "epsilon", "center", "scale",
                "beta_quantizer", "gamma_quantizer", "mean_quantizer", "variance_quantizer", "beta_initializer",
                "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer", "beta_range",
                "gamma_range"), List.copyOf(config.keySet()));
    }
}
