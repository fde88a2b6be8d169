package io.github.qkeras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path folder;

    private Sequential trainedModel() {
        Sequential model = TinyModels.quantizedCnn().build(5);
        model.compile(new io.github.qkeras4j.train.Adam(0.01),
                new io.github.qkeras4j.train.SparseCategoricalCrossentropy(true));
        model.fit(TinyModels.stripes(64, 3), FitOptions.builder().batchSize(16).epochs(1).seed(2).build());
        return model;
    }

    @Test
    void roundTripKeepsPredictionsBitForBit() throws IOException {
        Sequential model = trainedModel();
        Path file = folder.resolve("model.qk4j");
        Tensor x = TinyModels.stripes(10, 9).x();

        ModelFile.save(model, file);
        Sequential loaded = ModelFile.load(file);

        assertArrayEquals(model.predict(x, 4).data(), loaded.predict(x, 4).data());
        assertEquals(model.summary(), loaded.summary());
    }

    @Test
    void truncatedFileIsRejectedWithPath() throws IOException {
        Path file = folder.resolve("model.qk4j");
        ModelFile.save(trainedModel(), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    }

    @Test
    void missingFileNamesTheFix() {
        Path file = folder.resolve("absent.qk4j");

        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));

        assertEquals(file + ": file not found; pass the path of a model written by 'train --out'", e.getMessage());
    }

    @Test
    void newerVersionIsRejected() throws IOException {
        Path file = folder.resolve("future.qk4j");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("model.json"));
            zip.write("{\"format\": \"qkeras4j-model\", \"version\": 99}".getBytes());
            zip.putNextEntry(new java.util.zip.ZipEntry("weights.bin"));
        }

        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));

        assertEquals(file + ": format version 99 is not supported; this qkeras4j reads version 1 (upgrade qkeras4j)",
                e.getMessage());
    }

    @Test
    void nonZipFileIsRejected() throws IOException {
        Path file = folder.resolve("notes.qk4j");
        Files.writeString(file, "hello");

        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().startsWith(file + ": not a qkeras4j model file (expected a ZIP archive"),
                e.getMessage());
    }

    @Test
    void nonFiniteWeightIsRejected() throws IOException {
        Sequential model = trainedModel();
        model.layers().get(0).weights().get(0).value().data()[3] = Float.NaN;
        Path file = folder.resolve("nan.qk4j");
        ModelFile.save(model, file);

        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file));

        assertEquals(file + ": layer 'q_conv2d' weight 'kernel' has the non-finite value NaN at flat index 3; "
                + "the model diverged or the file is corrupted", e.getMessage());
    }

    @Test
    void savedFileIsReadableByOthers() throws IOException {
        Path file = folder.resolve("shared.qk4j");

        ModelFile.save(trainedModel(), file);

        assertTrue(Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                "permissions " + Files.getPosixFilePermissions(file));
    }
}
