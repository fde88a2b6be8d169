package io.github.qkeras4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasWeightsTest {
    @TempDir
    Path dir;

    private static KerasFormatException fails(org.junit.jupiter.api.function.Executable read) {
        KerasFormatException e = assertThrows(KerasFormatException.class, read);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e;
    }

    @Test
    void foldedLayerKeepsIntegerIteration() {
        KerasWeights weights = KerasWeights.read(GoldenFiles.model("conv2d_bn_folded").resolve("weights.h5"));

        KerasWeights.Weight iteration = weights.layer("conv_bn_ema").stream()
                .filter(w -> w.shortName().equals("iteration")).findFirst().orElseThrow();

        assertTrue(iteration.integer());
        assertEquals(0, iteration.shape().length);
        assertArrayEquals(new float[] {-1f}, iteration.values());
    }

    @Test
    void layersWithoutWeightsAreListedEmpty() {
        KerasWeights weights = KerasWeights.read(GoldenFiles.model("cnn").resolve("weights.h5"));

        assertEquals(List.of("conv1", "bn1", "act1", "pool1", "flatten", "dropout", "dense"), weights.layerNames());
        assertTrue(weights.layer("pool1").isEmpty());
        assertEquals("2.15.0", weights.kerasVersion());
    }

    @Test
    void expectChecksShape() {
        KerasWeights weights = KerasWeights.read(GoldenFiles.model("cnn").resolve("weights.h5"));

        KerasFormatException e = fails(() -> weights.expect("conv1", "kernel", 3, 3, 2, 8));

        assertTrue(e.getMessage().endsWith("cnn/weights.h5: layer 'conv1': weight conv1/kernel:0 has shape "
                + "[3, 3, 2, 4], expected [3, 3, 2, 8]"), e.getMessage());
        assertArrayEquals(new int[] {3, 3, 2, 4}, weights.expect("conv1", "kernel", 3, 3, 2, 4).shape());
    }

    @Test
    void expectNamesMissingWeightAndLayer() {
        KerasWeights weights = KerasWeights.read(GoldenFiles.model("cnn").resolve("weights.h5"));

        KerasFormatException weight = fails(() -> weights.expect("dense", "gamma", 3));
        KerasFormatException layer = fails(() -> weights.layer("conv9"));

        assertTrue(weight.getMessage().endsWith("layer 'dense': missing weight gamma; the file has "
                + "[dense/kernel:0, dense/bias:0]"), weight.getMessage());
        assertTrue(layer.getMessage().contains("no weights for layer 'conv9'; the file lists [conv1, bn1"),
                layer.getMessage());
    }

    @Test
    void rejectsTruncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(GoldenFiles.model("cnn").resolve("model.h5"));
        Path truncated = dir.resolve("truncated.h5");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));

        KerasFormatException e = fails(() -> KerasModelFile.read(truncated));

        assertTrue(e.getMessage().startsWith(truncated + ": "), e.getMessage());
    }

    @Test
    void rejectsCorruptedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(GoldenFiles.model("dense_qbits").resolve("weights.h5"));
        for (int i = 200; i < bytes.length; i += 7) {
            bytes[i] = (byte) 0xA5;
        }
        Path corrupted = dir.resolve("corrupted.h5");
        Files.write(corrupted, bytes);

        KerasFormatException e = fails(() -> KerasWeights.read(corrupted));

        assertTrue(e.getMessage().startsWith(corrupted + ": "), e.getMessage());
    }

    @Test
    void rejectsFileThatIsNotHdf5() throws IOException {
        Path text = dir.resolve("model.h5");
        Files.writeString(text, "{\"class_name\": \"Sequential\"}");

        KerasFormatException e = fails(() -> KerasWeights.read(text));

        assertEquals(text + ": not an HDF5 file (expected the signature \\x89HDF\\r\\n\\x1a\\n at offset 0)",
                e.getMessage());
    }

    @Test
    void rejectsMissingFile() {
        Path missing = dir.resolve("absent.h5");

        KerasFormatException e = fails(() -> KerasWeights.read(missing));

        assertEquals(missing + ": file not found", e.getMessage());
    }

    @Test
    void weightsOnlyFileIsNotAFullModel() {
        Path weightsOnly = GoldenFiles.model("cnn").resolve("weights.h5");

        KerasFormatException e = fails(() -> KerasModelFile.read(weightsOnly));

        assertEquals(weightsOnly + ": not a full Keras model file: missing root attribute model_config (a "
                + "weights-only file? read it with KerasWeights and the model JSON)", e.getMessage());
    }

    @Test
    void writerRoundTripsWeights() throws IOException {
        KerasWeights original = KerasWeights.read(GoldenFiles.model("conv2d_bn_folded").resolve("weights.h5"));
        Path written = dir.resolve("written.h5");

        KerasWeightsWriter.write(written, original);
        KerasWeights reread = KerasWeights.read(written);

        assertEquals(List.of("conv_bn_ema", "conv_bn_batch"), reread.layerNames());
        for (String layer : reread.layerNames()) {
            List<KerasWeights.Weight> expected = original.layer(layer);
            List<KerasWeights.Weight> actual = reread.layer(layer);
            assertEquals(expected.size(), actual.size(), layer);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).name(), actual.get(i).name());
                assertArrayEquals(expected.get(i).shape(), actual.get(i).shape(), expected.get(i).name());
                assertArrayEquals(expected.get(i).values(), actual.get(i).values(), expected.get(i).name());
                assertEquals(expected.get(i).integer(), actual.get(i).integer(), expected.get(i).name());
            }
        }
    }
}
