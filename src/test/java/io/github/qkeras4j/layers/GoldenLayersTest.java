package io.github.qkeras4j.layers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the sequential golden models whose layers live in this package and compares their inference
 * output with QKeras 0.9.0's, bit for bit.
 */
class GoldenLayersTest {
    @ParameterizedTest
    @ValueSource(strings = {"qbatchnorm_dense", "qbatchnorm_conv", "cnn_pooling", "depthwise_conv",
            "separable_conv", "conv2d_bn_folded", "depthwise_bn_folded",
            "conv1d"})
    void goldenModelMatchesQKeras(String model) {
        List<Layer> layers = GoldenModels.layers(model);

        Tensor output = GoldenModels.predict(layers, model);

        GoldenModels.assertBitEqual(GoldenModels.expected(model), output);
    }
}
