package io.github.qkeras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.io.KerasModels;
import io.github.qkeras4j.layers.ActivationFunction;
import io.github.qkeras4j.layers.Add;
import io.github.qkeras4j.layers.Flatten;
import io.github.qkeras4j.layers.Initializer;
import io.github.qkeras4j.layers.QActivation;
import io.github.qkeras4j.layers.QConv2D;
import io.github.qkeras4j.layers.QDense;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import io.github.qkeras4j.train.Adam;
import io.github.qkeras4j.train.ModelCheckpoint;
import io.github.qkeras4j.train.SparseCategoricalCrossentropy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionalTrainingTest {
    @TempDir
    Path folder;

    /** A quantized CNN with a skip connection: two convolutions whose outputs are added. */
    private static Functional skipCnn() {
        Functional.Builder b = Functional.builder("skip_cnn");
        String x = b.input("x", 8, 8, 1);
        String a = b.call(conv("conv_a"), x);
        String relu = b.call(new QActivation("relu_a", new ActivationFunction.Quantized(
                QuantizerSpec.parse("quantized_relu(4)"))), a);
        String c = b.call(conv("conv_b"), relu);
        String sum = b.call(new Add("sum"), a, c);
        String flat = b.call(new Flatten("flat"), sum);
        String logits = b.call(new QDense(null, 3, QuantizerSpec.parse("quantized_bits(4,0,1)"), null,
                ActivationFunction.LINEAR, true, Initializer.HE_NORMAL, Initializer.ZEROS), flat);
        return b.build(List.of(logits), 4);
    }

    private static QConv2D conv(String name) {
        return new QConv2D(name, 4, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, new int[] {1, 1},
                QuantizerSpec.parse("quantized_bits(4,0,1)"), null, ActivationFunction.LINEAR, true,
                Initializer.HE_NORMAL, Initializer.ZEROS);
    }

    @Test
    void skipConnectionModelLearnsStripes() {
        Functional model = skipCnn().compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));

        History history = model.fit(TinyModels.stripes(240, 1), FitOptions.builder().batchSize(16).epochs(5).seed(2)
                .build());
        Map<String, Double> scores = model.evaluate(TinyModels.stripes(90, 2), 32);

        assertTrue(history.get("loss").get(4) < history.get("loss").get(0), "loss must fall: " + history.get("loss"));
        assertTrue(scores.get("accuracy") > 0.9, "test accuracy " + scores);
    }

    @Test
    void checkpointWritesKerasFileThatReloads() {
        Functional model = skipCnn().compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        Path file = folder.resolve("best.h5");

        model.fit(TinyModels.stripes(48, 1), FitOptions.builder().batchSize(16).epochs(1).seed(2)
                .callback(new ModelCheckpoint(file.toString(), "loss", false)).build());
        Model loaded = KerasModels.readModel(file);

        Tensor x = TinyModels.stripes(6, 3).x();
        assertArrayEquals(model.predict(List.of(x), 4).get(0).data(), loaded.predict(List.of(x), 4).get(0).data());
    }

    @Test
    void checkpointOfFunctionalModelNeedsH5Path() {
        Functional model = skipCnn().compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        Path file = folder.resolve("best.qk4j");
        FitOptions options = FitOptions.builder().batchSize(16).epochs(1).seed(2)
                .callback(new ModelCheckpoint(file.toString(), "loss", false)).build();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(TinyModels.stripes(32, 1), options));

        assertEquals("ModelCheckpoint path " + file + ": a functional model is saved as Keras .h5; end the path with .h5",
                e.getMessage());
    }
}
