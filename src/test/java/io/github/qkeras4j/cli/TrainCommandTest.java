package io.github.qkeras4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.qkeras4j.io.KerasModelWriter;
import io.github.qkeras4j.io.KerasModels;
import io.github.qkeras4j.layers.ActivationFunction;
import io.github.qkeras4j.layers.Flatten;
import io.github.qkeras4j.layers.Initializer;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.layers.QDense;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Parallel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train and evaluate commands end to end on a tiny Fashion-MNIST-shaped dataset written by the test. */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    private Path data;

    @BeforeEach
    void writeDataset() throws IOException {
        data = folder.resolve("data");
        Files.createDirectories(data);
        writeImages(data.resolve("train-images-idx3-ubyte.gz"), 96, 1);
        writeLabels(data.resolve("train-labels-idx1-ubyte.gz"), 96);
        writeImages(data.resolve("t10k-images-idx3-ubyte.gz"), 40, 2);
        writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), 40);
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int threads = Parallel.threads();
        try {
            System.setOut(new PrintStream(out, true));
            int code = Main.run(args);
            assertEquals(0, code, out.toString());
            return out.toString();
        } finally {
            System.setOut(saved);
            Parallel.setThreads(threads);
        }
    }

    private String train(String out, String threads) {
        return run("train", "--data", data.toString(), "--epochs", "2", "--batch-size", "32", "--seed", "5",
                "--validation-split", "0.25", "--threads", threads, "--out", folder.resolve(out).toString());
    }

    @Test
    void trainWritesResultsThatEvaluateReproduces() throws IOException {
        String output = train("run", "2");

        assertTrue(output.contains("q_conv2d (QConv2D)"), output);
        assertTrue(output.contains("Epoch 2/2"), output);
        assertTrue(output.matches("(?s).*\\d+/\\d+ - \\d+s - \\d+ms/step - loss: .* - accuracy: .* - val_loss: .*"), output);
        JsonNode metrics = JSON.readTree(folder.resolve("run/metrics.json").toFile());
        assertEquals(2, metrics.get("epochs").asInt());
        assertEquals(2, metrics.get("history").get("val_accuracy").size());
        assertTrue(Files.exists(folder.resolve("run/quantized_weights.json")));
        assertEquals(List.of("q_conv2d"), KerasModels.readModel(folder.resolve("run/model.h5")).layers().stream()
                .map(Layer::name).limit(1).toList());

        String evaluation = run("evaluate", "--model", folder.resolve("run/model.qk4j").toString(), "--data",
                data.toString(), "--batch-size", "32");

        Matcher accuracy = Pattern.compile("Test accuracy: ([0-9.]+) - test loss: ([0-9.]+)").matcher(evaluation);
        assertTrue(accuracy.find(), evaluation);
        assertEquals(String.format(Locale.ROOT, "%.4f", metrics.get("test_accuracy").asDouble()), accuracy.group(1));
        assertEquals(String.format(Locale.ROOT, "%.4f", metrics.get("test_loss").asDouble()), accuracy.group(2));
    }

    @Test
    void metricsAreIdenticalOnOneAndTwoThreads() throws IOException {
        train("one", "1");
        train("two", "2");

        ObjectNode one = (ObjectNode) JSON.readTree(folder.resolve("one/metrics.json").toFile());
        ObjectNode two = (ObjectNode) JSON.readTree(folder.resolve("two/metrics.json").toFile());
        for (ObjectNode metrics : new ObjectNode[] {one, two}) {
            metrics.remove("train_seconds");
            metrics.remove("epoch_seconds");
        }
        assertEquals(one, two);
        assertEquals(Files.readString(folder.resolve("one/quantized_weights.json")),
                Files.readString(folder.resolve("two/quantized_weights.json")));
        assertArrayEquals(Files.readAllBytes(folder.resolve("one/model.qk4j")),
                Files.readAllBytes(folder.resolve("two/model.qk4j")));
    }

    @Test
    void floatTrainingWritesNoQuantizedWeights() {
        String output = run("train", "--float", "--data", data.toString(), "--epochs", "1", "--batch-size", "32",
                "--out", folder.resolve("float").toString());

        assertTrue(output.contains("conv2d (Conv2D)"), output);
        assertTrue(Files.exists(folder.resolve("float/model.qk4j")));
        assertTrue(Files.notExists(folder.resolve("float/quantized_weights.json")));
    }

    @Test
    void trainKerasJsonModelWritesKerasFile() throws IOException {
        Sequential architecture = new Sequential(28, 28, 1)
                .add(new Flatten("flat"))
                .add(new QDense("logits", 10, QuantizerSpec.parse("quantized_bits(4,0,1,alpha=1)"), null,
                        ActivationFunction.LINEAR, true, Initializer.HE_NORMAL, Initializer.ZEROS))
                .build(0);
        Path json = folder.resolve("arch.json");
        Files.writeString(json, KerasModelWriter.toJson(architecture));

        String output = run("train", "--model", json.toString(), "--data", data.toString(), "--epochs", "1",
                "--batch-size", "32", "--out", folder.resolve("keras").toString());

        assertTrue(output.contains("logits (QDense)"), output);
        Model trained = KerasModels.readModel(folder.resolve("keras/model.h5"));
        assertEquals(List.of("flat", "logits"), trained.layers().stream().map(Layer::name).toList());
        assertTrue(Files.exists(folder.resolve("keras/quantized_weights.json")));
    }

    /** Images whose brightness pattern depends on the label (i mod 10), so there is something to learn. */
    private static void writeImages(Path path, int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(path)))) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < count; i++) {
                int label = i % 10;
                for (int p = 0; p < 28 * 28; p++) {
                    int row = p / 28;
                    int base = row / 3 == label ? 200 : 20;
                    out.writeByte(base + random.nextInt(40));
                }
            }
        }
    }

    private static void writeLabels(Path path, int count) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(path)))) {
            out.writeInt(0x00000801);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(i % 10);
            }
        }
    }
}
