package io.github.qkeras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.layers.ActivationFunction;
import io.github.qkeras4j.layers.FoldingMode;
import io.github.qkeras4j.layers.Initializer;
import io.github.qkeras4j.layers.QAveragePooling2D;
import io.github.qkeras4j.layers.QBatchNormalization;
import io.github.qkeras4j.layers.QConv2DBatchnorm;
import io.github.qkeras4j.layers.QDense;
import io.github.qkeras4j.layers.QDepthwiseConv2D;
import io.github.qkeras4j.layers.QDepthwiseConv2DBatchnorm;
import io.github.qkeras4j.layers.QGlobalAveragePooling2D;
import io.github.qkeras4j.layers.QSeparableConv2D;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The normalization, pooling, depthwise and folded layers inside a model: fit, save and load. */
class NewLayersModelTest {
    private static final int[] ONE = {1, 1};

    @TempDir
    Path folder;

    private static Sequential model() {
        return new Sequential(8, 8, 1)
                .add(new QConv2DBatchnorm(null, 4, new int[] {3, 3}, ONE, Padding.SAME, ONE,
                        QuantizerSpec.parse("quantized_bits(4,0,1)"), QuantizerSpec.parse("quantized_bits(8,3,1)"),
                        ActivationFunction.parse("quantized_relu(4,2)", true), true, Initializer.HE_NORMAL,
                        Initializer.ZEROS, 0.9f, 1e-3f, true, true, null, FoldingMode.EMA_STATS_FOLDING))
                .add(new QDepthwiseConv2D(null, new int[] {3, 3}, new int[] {2, 2}, Padding.SAME, 2, ONE,
                        QuantizerSpec.parse("quantized_bits(4,0,1)"), null, ActivationFunction.LINEAR, true,
                        Initializer.HE_NORMAL, Initializer.ZEROS))
                .add(new QBatchNormalization())
                .add(new QSeparableConv2D(null, 6, new int[] {2, 2}, ONE, Padding.VALID, 1, ONE,
                        QuantizerSpec.parse("quantized_bits(4,0,1)"), QuantizerSpec.parse("quantized_bits(4,0,1)"),
                        null, ActivationFunction.parse("quantized_relu(4,2)", true), true, Initializer.GLOROT_UNIFORM,
                        Initializer.GLOROT_UNIFORM, Initializer.ZEROS))
                .add(new QDepthwiseConv2DBatchnorm(null, new int[] {2, 2}, ONE, Padding.SAME, 1, ONE, null, null,
                        ActivationFunction.LINEAR, false, Initializer.HE_NORMAL, Initializer.ZEROS, 0.9f, 1e-3f, true,
                        true, null, FoldingMode.BATCH_STATS_FOLDING))
                .add(new QAveragePooling2D(null, new int[] {2, 2}, new int[] {1, 1}, Padding.SAME,
                        QuantizerSpec.parse("quantized_bits(4,0,1)"), null))
                .add(new QGlobalAveragePooling2D(null, false, QuantizerSpec.parse("quantized_bits(8,0,1)"), null))
                .add(new QDense(3, QuantizerSpec.parse("quantized_bits(4,0,1)"), null, ActivationFunction.LINEAR));
    }

    /** The short constructors give layers that train in a model as well. */
    private static Sequential modelFromShortConstructors() {
        return new Sequential(8, 8, 1)
                .add(new QConv2DBatchnorm(4, 3, 3, Padding.SAME, QuantizerSpec.parse("quantized_bits(4,0,1)"), null,
                        ActivationFunction.parse("quantized_relu(4,2)", true), FoldingMode.EMA_STATS_FOLDING))
                .add(new QDepthwiseConv2D(3, 3, 2, Padding.VALID, QuantizerSpec.parse("quantized_bits(4,0,1)"), null,
                        ActivationFunction.LINEAR))
                .add(new QSeparableConv2D(4, 2, 2, Padding.SAME, QuantizerSpec.parse("quantized_bits(4,0,1)"),
                        QuantizerSpec.parse("quantized_bits(4,0,1)"), null, ActivationFunction.LINEAR))
                .add(new QAveragePooling2D(2, QuantizerSpec.parse("quantized_bits(4,0,1)"), null))
                .add(new QGlobalAveragePooling2D(null, false, null, null))
                .add(new QDense(3, QuantizerSpec.parse("quantized_bits(4,0,1)"), null, ActivationFunction.LINEAR));
    }

    @Test
    void shortConstructorModelFits() {
        Sequential model = modelFromShortConstructors().build(4);
        model.compile(new io.github.qkeras4j.train.Adam(0.01),
                new io.github.qkeras4j.train.SparseCategoricalCrossentropy(true));

        History history = model.fit(TinyModels.stripes(32, 6), FitOptions.builder().batchSize(16).epochs(1).seed(7)
                .build());

        assertTrue(Double.isFinite(history.get("loss").get(0)), "loss " + history.get("loss"));
    }

    @Test
    void fitAndRoundTripKeepPredictions() throws IOException {
        Sequential model = model().build(3);
        model.compile(new io.github.qkeras4j.train.Adam(0.01),
                new io.github.qkeras4j.train.SparseCategoricalCrossentropy(true));
        History history = model.fit(TinyModels.stripes(48, 4), FitOptions.builder().batchSize(16).epochs(2).seed(5)
                .build());
        Path file = folder.resolve("model.qk4j");
        Tensor x = TinyModels.stripes(6, 7).x();

        ModelFile.save(model, file);
        Sequential loaded = ModelFile.load(file);

        assertEquals(2, history.epochs());
        assertTrue(Double.isFinite(history.get("loss").get(1)), "loss " + history.get("loss"));
        assertArrayEquals(model.predict(x, 3).data(), loaded.predict(x, 3).data());
        assertEquals(ModelFile.modelConfig(model), ModelFile.modelConfig(loaded));
    }
}
