package io.github.qkeras4j.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.qkeras4j.autograd.GradientCheck;
import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Tape;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.BatchNormOp;
import io.github.qkeras4j.autograd.ops.Conv2DOp;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchNormFoldingTest {
    private static final int[] ONE = {1, 1};

    private static ForwardContext training(Tape tape) {
        return new ForwardContext(tape, true, QuantizerContext.training(1), new SplittableRandom(1));
    }

    private static QConv2DBatchnorm conv(FoldingMode mode, float momentum, boolean useBias, Integer emaFreezeDelay) {
        return new QConv2DBatchnorm("conv_bn", 2, new int[] {2, 2}, ONE, Padding.VALID, ONE, null, null,
                ActivationFunction.LINEAR, useBias, Initializer.GLOROT_UNIFORM, Initializer.ZEROS, momentum, 1e-3f,
                true, true, emaFreezeDelay, mode);
    }

    private static Tensor tensor(float[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    /** QKeras bn_folding_test: the conv part's folded weights from γ [2, 1], β [0, 1], μ_m [1, 1], σ²_m [1, 2]. */
    @Test
    void conv2dFoldedWeightsMatchQKeras() {
        QConv2DBatchnorm layer = conv(FoldingMode.EMA_STATS_FOLDING, 0.99f, false, null);
        layer.build(new int[] {3, 3, 1}, new SplittableRandom(0));
        layer.kernel().value().copyFrom(tensor(new float[] {1, 1, 1, 0, 1, 1, 0, 1}, 2, 2, 1, 2));
        setBatchNorm(layer, new float[] {2, 1}, new float[] {0, 1}, new float[] {1, 1}, new float[] {1, 2});

        List<Tensor> folded = layer.foldedWeights();

        float[] inv = {1.9990008f, 0.7069301f};
        assertArrayEquals(new float[] {inv[0], inv[1], inv[0], 0f, inv[0], inv[1], 0f, inv[1]}, folded.get(0).data());
        assertArrayEquals(new float[] {-1.9990008f, 0.2930699f}, folded.get(1).data());
    }

    /** QKeras bn_folding_test: depthwise kernel 1, γ = 2, β = 0, μ_m = 4, σ²_m = 2. */
    @Test
    void depthwiseFoldedWeightsMatchQKeras() {
        QDepthwiseConv2DBatchnorm layer = new QDepthwiseConv2DBatchnorm("dw_bn", new int[] {2, 2}, ONE, Padding.VALID,
                1, ONE, null, null, ActivationFunction.LINEAR, false, Initializer.ONES, Initializer.ZEROS, 0.99f,
                1e-3f, true, true, null, FoldingMode.EMA_STATS_FOLDING);
        layer.build(new int[] {3, 3, 1}, new SplittableRandom(0));
        setBatchNorm(layer, new float[] {2}, new float[] {0}, new float[] {4}, new float[] {2});

        List<Tensor> folded = layer.foldedWeights();

        assertEquals(1.4138602f, folded.get(0).data()[0]);
        assertArrayEquals(new int[] {2, 2, 1, 1}, folded.get(0).shape());
        assertEquals(-5.655441f, folded.get(1).data()[0]);
    }

    @ParameterizedTest
    @EnumSource(FoldingMode.class)
    void inferenceIsConvolutionWithFoldedWeights(FoldingMode mode) {
        QConv2DBatchnorm layer = conv(mode, 0.99f, true, null);
        layer.build(new int[] {4, 3, 2}, new SplittableRandom(5));
        layer.bias().value().copyFrom(tensor(new float[] {0.3f, -0.2f}, 2));
        setBatchNorm(layer, new float[] {1.5f, 0.5f}, new float[] {0.1f, -1f}, new float[] {0.2f, 0.4f},
                new float[] {0.8f, 2f});
        Tensor x = GradientCheck.random(new SplittableRandom(6), 1f, 2, 4, 3, 2);

        Tensor y = layer.forward(Variable.constant(x), ForwardContext.inference()).value();

        List<Tensor> folded = layer.foldedWeights();
        Tape tape = Tape.inference();
        float[] expected = Conv2DOp.apply(tape, Variable.constant(x), Variable.constant(folded.get(0)),
                layer.geometry()).value().data().clone();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += folded.get(1).data()[i % 2];
        }
        assertArrayEquals(expected, y.data());
    }

    /** In training, both folding modes compute batch normalization of conv(x, W) + b with batch statistics. */
    @ParameterizedTest
    @EnumSource(FoldingMode.class)
    void trainingEqualsBatchNormOfConvolution(FoldingMode mode) {
        QConv2DBatchnorm layer = conv(mode, 0.99f, true, null);
        layer.build(new int[] {4, 3, 2}, new SplittableRandom(7));
        layer.bias().value().copyFrom(tensor(new float[] {0.3f, -0.2f}, 2));
        setBatchNorm(layer, new float[] {1.5f, 0.5f}, new float[] {0.1f, -1f}, new float[] {0.2f, 0.4f},
                new float[] {0.8f, 2f});
        Tensor x = GradientCheck.random(new SplittableRandom(8), 1f, 3, 4, 3, 2);
        Tape reference = Tape.inference();
        Variable unfolded = Conv2DOp.apply(reference, Variable.constant(x), layer.kernel(), layer.geometry());
        float[] shifted = unfolded.value().data().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += layer.bias().value().data()[i % 2];
        }
        float[] expected = BatchNormOp.training(reference, Variable.constant(Tensor.of(shifted, unfolded.shape())),
                weight(layer, "gamma"), weight(layer, "beta"), 1e-3f, new float[2], new float[2]).value().data();

        float[] y = layer.forward(Variable.constant(x), training(Tape.inference())).value().data();

        assertArrayEquals(expected, y, 2e-5f);
    }

    @Test
    void trainingUpdatesMovingStatisticsAndIteration() {
        QConv2DBatchnorm layer = conv(FoldingMode.EMA_STATS_FOLDING, 0.5f, false, null);
        layer.build(new int[] {2, 2, 1}, new SplittableRandom(0));
        layer.kernel().value().copyFrom(tensor(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, 2, 2, 1, 2));

        // Kernel [1, 0] on the top-left pixel: the first channel reads 1 and 3, the second gives 0 and 0.
        layer.forward(Variable.constant(tensor(new float[] {1, 2, 2, 2, 3, 2, 2, 2}, 2, 2, 2, 1)),
                training(Tape.inference()));

        // Batch mean [2, 0]; biased variance [1, 0], Bessel-corrected with n = 2 to [2, 0].
        assertArrayEquals(new float[] {1f, 0f}, weight(layer, "moving_mean").value().data());
        assertArrayEquals(new float[] {1.5f, 0.5f}, weight(layer, "moving_variance").value().data());
        assertEquals(0f, weight(layer, "iteration").value().data()[0]);
    }

    @Test
    void emaFreezeDelayStopsMovingStatistics() {
        QConv2DBatchnorm layer = conv(FoldingMode.EMA_STATS_FOLDING, 0.5f, false, 0);
        layer.build(new int[] {2, 2, 1}, new SplittableRandom(0));
        Tensor x = GradientCheck.random(new SplittableRandom(9), 1f, 2, 2, 2, 1);
        float[] movingMeans = new float[3];

        for (int step = 0; step < 3; step++) {
            layer.forward(Variable.constant(x), training(Tape.inference()));
            movingMeans[step] = weight(layer, "moving_mean").value().data()[0];
        }

        // Delay 0 gives two updating calls (iterations -1 and 0), then the statistics freeze.
        assertEquals(movingMeans[1], movingMeans[2]);
        assertEquals(2f, weight(layer, "iteration").value().data()[0]);
    }

    @ParameterizedTest
    @EnumSource(FoldingMode.class)
    void trainingGradientMatchesFiniteDifferences(FoldingMode mode) {
        // Momentum 1 keeps the moving statistics fixed, so repeated forward passes agree.
        QConv2DBatchnorm layer = conv(mode, 1f, true, null);
        layer.build(new int[] {4, 3, 2}, new SplittableRandom(10));
        setBatchNorm(layer, new float[] {1.5f, 0.5f}, new float[] {0.1f, -1f}, new float[] {0.2f, 0.4f},
                new float[] {0.8f, 2f});
        Tensor x = GradientCheck.random(new SplittableRandom(11), 1f, 2, 4, 3, 2);

        GradientCheck.check(vars -> tape -> layer.forward(vars.get(0), training(tape)), List.of(x), 1e-2, 5e-3);
        for (String name : List.of("kernel", "bias", "gamma", "beta")) {
            checkWeightGradient(layer, weight(layer, name), x);
        }
    }

    @ParameterizedTest
    @EnumSource(FoldingMode.class)
    void depthwiseTrainingGradientMatchesFiniteDifferences(FoldingMode mode) {
        QDepthwiseConv2DBatchnorm layer = new QDepthwiseConv2DBatchnorm("dw_bn", new int[] {2, 2}, ONE, Padding.SAME,
                2, ONE, null, null, ActivationFunction.LINEAR, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS,
                1f, 1e-3f, true, true, null, mode);
        layer.build(new int[] {3, 3, 2}, new SplittableRandom(13));
        setBatchNorm(layer, new float[] {1.5f, 0.5f, 1f, 2f}, new float[] {0.1f, -1f, 0f, 0.5f},
                new float[] {0.2f, 0.4f, 0f, -0.1f}, new float[] {0.8f, 2f, 1f, 0.5f});
        Tensor x = GradientCheck.random(new SplittableRandom(14), 1f, 2, 3, 3, 2);

        GradientCheck.check(vars -> tape -> layer.forward(vars.get(0), training(tape)), List.of(x), 1e-2, 5e-3);
        for (String name : List.of("depthwise_kernel", "bias", "gamma", "beta")) {
            checkWeightGradient(layer, weight(layer, name), x);
        }
    }

    /** Compares a weight's gradient of {@code Σ r·y} in training with central differences. */
    private static void checkWeightGradient(Layer layer, Parameter weight, Tensor x) {
        Tensor r = GradientCheck.random(new SplittableRandom(12), 1f, layer.forward(Variable.constant(x),
                training(Tape.inference())).shape());
        layer.weights().forEach(Parameter::zeroGrad);
        Tape tape = Tape.training();
        Variable y = layer.forward(Variable.constant(x), training(tape));
        Variable loss = tape.result(Tensor.scalar(0f), y);
        tape.record(t -> {
            float[] dy = t.gradient(y).data();
            for (int i = 0; i < dy.length; i++) {
                dy[i] += r.data()[i];
            }
        });
        tape.backward(loss);
        float[] analytic = weight.grad().data().clone();

        float[] w = weight.value().data();
        double h = 1e-2;
        for (int i = 0; i < w.length; i++) {
            float saved = w[i];
            w[i] = (float) (saved + h);
            double plus = weightedSum(layer, x, r);
            w[i] = (float) (saved - h);
            double minus = weightedSum(layer, x, r);
            w[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, analytic[i], 5e-3 * Math.max(1, Math.abs(numeric)),
                    "gradient of " + weight.name() + " at flat index " + i);
        }
    }

    private static double weightedSum(Layer layer, Tensor x, Tensor r) {
        float[] y = layer.forward(Variable.constant(x), training(Tape.inference())).value().data();
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) y[i] * r.data()[i];
        }
        return sum;
    }

    @Test
    void centerFalseIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new QConv2DBatchnorm("conv_bn",
                2, new int[] {2, 2}, ONE, Padding.VALID, ONE, null, null, ActivationFunction.LINEAR, true,
                Initializer.GLOROT_UNIFORM, Initializer.ZEROS, 0.99f, 1e-3f, false, true, null,
                FoldingMode.EMA_STATS_FOLDING));

        assertEquals("QConv2DBatchnorm: center=False is not supported because QKeras adds the folded bias with beta,"
                + " which does not exist then (QKeras fails the same way); use center=True", e.getMessage());
    }

    @Test
    void weightsFollowKerasOrder() {
        QConv2DBatchnorm layer = conv(FoldingMode.EMA_STATS_FOLDING, 0.99f, true, null);
        layer.build(new int[] {3, 3, 1}, new SplittableRandom(0));

        assertEquals(List.of("kernel", "bias", "gamma", "beta", "iteration", "moving_mean", "moving_variance"),
                layer.weights().stream().map(Parameter::name).toList());
        assertEquals(-1f, weight(layer, "iteration").value().data()[0]);
    }

    private static Parameter weight(Layer layer, String name) {
        return layer.weights().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    }

    private static void setBatchNorm(Layer layer, float[] gamma, float[] beta, float[] mean, float[] variance) {
        weight(layer, "gamma").value().copyFrom(Tensor.of(gamma, gamma.length));
        weight(layer, "beta").value().copyFrom(Tensor.of(beta, beta.length));
        weight(layer, "moving_mean").value().copyFrom(Tensor.of(mean, mean.length));
        weight(layer, "moving_variance").value().copyFrom(Tensor.of(variance, variance.length));
    }
}
