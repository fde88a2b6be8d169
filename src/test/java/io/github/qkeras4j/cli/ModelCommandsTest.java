package io.github.qkeras4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.io.Npy;
import io.github.qkeras4j.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The predict, convert and summary commands on the QKeras golden models. */
class ModelCommandsTest {
    @TempDir
    Path folder;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        try {
            System.setOut(new PrintStream(out, true));
            CommandLine commandLine = ExitCodes.configure(new CommandLine(new Main()));
            commandLine.setErr(new PrintWriter(err, true));
            int code = commandLine.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setOut(savedOut);
        }
    }

    private static Path golden(String model, String file) {
        try {
            return Path.of(ModelCommandsTest.class.getClassLoader().getResource("interop/" + model + "/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertSucceeded(Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
    }

    private static void assertOneLineError(Result result, String... fragments) {
        assertEquals(2, result.exitCode(), result.stderr());
        String message = result.stderr().strip();
        assertFalse(message.contains("\n"), "error must be one line: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' missing from: " + message);
        }
    }

    @Test
    void predictReproducesQKerasOutputs() {
        Path y = folder.resolve("y.npy");

        assertSucceeded(run("predict", "--model", golden("cnn", "model.h5").toString(), "--input",
                golden("cnn", "inputs.npy").toString(), "--output", y.toString()));

        Tensor expected = Npy.read(golden("cnn", "outputs.npy"));
        assertArrayEquals(expected.shape(), Npy.read(y).shape());
        assertArrayEquals(expected.data(), Npy.read(y).data());
    }

    @Test
    void predictReadsJsonWithWeights() {
        Path y = folder.resolve("y.npy");

        assertSucceeded(run("predict", "--model", golden("dense_qbits", "model.json").toString(), "--weights",
                golden("dense_qbits", "weights.h5").toString(), "--input", golden("dense_qbits", "inputs.npy").toString(),
                "--output", y.toString()));

        assertArrayEquals(Npy.read(golden("dense_qbits", "outputs.npy")).data(), Npy.read(y).data());
    }

    @Test
    void convertRoundTripsThroughEveryFormat() {
        Path json = folder.resolve("m.json");
        Path qk4j = folder.resolve("m.qk4j");
        Path h5 = folder.resolve("m.h5");
        Path y = folder.resolve("y.npy");

        assertSucceeded(run("convert", "--model", golden("cnn", "model.h5").toString(), "--output", json.toString()));
        assertSucceeded(run("convert", "--model", json.toString(), "--weights", folder.resolve("m.weights.h5").toString(),
                "--output", qk4j.toString()));
        assertSucceeded(run("convert", "--model", qk4j.toString(), "--output", h5.toString()));
        assertSucceeded(run("predict", "--model", h5.toString(), "--input", golden("cnn", "inputs.npy").toString(),
                "--output", y.toString()));

        assertArrayEquals(Npy.read(golden("cnn", "outputs.npy")).data(), Npy.read(y).data());
    }

    @Test
    void convertFunctionalToQk4jIsRejected() {
        Result result = run("convert", "--model", golden("functional_skip", "model.h5").toString(), "--output",
                folder.resolve("m.qk4j").toString());

        assertOneLineError(result, "m.qk4j", "Sequential models only");
    }

    @Test
    void summaryListsLayersAndQuantizers() {
        Result result = run("summary", "--model", golden("functional_skip", "model.h5").toString());

        assertSucceeded(result);
        assertTrue(result.stdout().contains("skip_add (Add)"), result.stdout());
        assertTrue(result.stdout().contains("kernel: quantized_bits(4,0,1,alpha=1.0)"), result.stdout());
    }

    @Test
    void jsonModelWithoutWeightsIsRejected() {
        Result result = run("summary", "--model", golden("cnn", "model.json").toString());

        assertOneLineError(result, "model.json", "needs its weights file");
    }

    @Test
    void predictWithWrongInputShapeIsRejected() throws IOException {
        Path x = folder.resolve("x.npy");
        Npy.write(x, Tensor.zeros(2, 5));

        Result result = run("predict", "--model", golden("cnn", "model.h5").toString(), "--input", x.toString(),
                "--output", folder.resolve("y.npy").toString());

        assertOneLineError(result, "x.npy", "[2, 5]", "expected [samples, 8, 8, 2]");
    }

    @Test
    void truncatedModelFileIsRejected() throws IOException {
        Path truncated = folder.resolve("cut.h5");
        byte[] bytes = Files.readAllBytes(golden("cnn", "model.h5"));
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));

        Result result = run("summary", "--model", truncated.toString());

        assertOneLineError(result, "cut.h5");
    }

    @Test
    void unknownExtensionIsRejected() throws IOException {
        Path file = Files.writeString(folder.resolve("model.bin"), "x");

        Result result = run("summary", "--model", file.toString());

        assertOneLineError(result, "model.bin", "unknown model format");
    }
}
