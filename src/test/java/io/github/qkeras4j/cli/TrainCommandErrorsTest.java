package io.github.qkeras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** User mistakes end with exit code 2 and one line on stderr naming the value and the fix. */
class TrainCommandErrorsTest {
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
            commandLine.setErr(new java.io.PrintWriter(err, true));
            int code = commandLine.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setOut(savedOut);
        }
    }

    private static void assertOneLineError(Result result, String... fragments) {
        assertEquals(2, result.exitCode(), result.stderr());
        String message = result.stderr().strip();
        assertFalse(message.contains("\n"), "error must be one line: " + message);
        assertFalse(message.contains("\tat "), "no stack trace: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "'" + fragment + "' missing from: " + message);
        }
    }

    @Test
    void zeroBitQuantizerIsRejected() {
        Result result = run("train", "--kernel-quantizer", "quantized_bits(0,0)", "--data", folder.toString());

        assertOneLineError(result, "--kernel-quantizer", "quantized_bits(0,0)", "bits");
    }

    @Test
    void unknownQuantizerIsRejected() {
        Result result = run("train", "--activation-quantizer", "quantized_relux(4)", "--data", folder.toString());

        assertOneLineError(result, "--activation-quantizer", "quantized_relux");
    }

    @Test
    void missingDataFolderIsRejected() {
        Path missing = folder.resolve("nowhere");

        Result result = run("train", "--data", missing.toString());

        assertOneLineError(result, missing.toString(), "--data");
    }

    @Test
    void truncatedIdxFileIsRejected() throws IOException {
        writeIdx(folder.resolve("train-images-idx3-ubyte.gz"), new byte[] {0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2});
        writeIdx(folder.resolve("train-labels-idx1-ubyte.gz"), new byte[] {0, 0, 8, 1, 0, 0, 0, 10});
        writeIdx(folder.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28});
        writeIdx(folder.resolve("t10k-labels-idx1-ubyte.gz"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 0});

        Result result = run("train", "--data", folder.toString(), "--epochs", "1");

        assertOneLineError(result, "train-images-idx3-ubyte.gz", "truncated");
    }

    @Test
    void negativeEpochsAreRejected() {
        Result result = run("train", "--epochs", "-1", "--data", folder.toString());

        assertOneLineError(result, "--epochs must be >= 1, received -1");
    }

    @Test
    void evaluateWithMissingModelIsRejected() {
        Path missing = folder.resolve("model.qk4j");

        Result result = run("evaluate", "--model", missing.toString(), "--data", folder.toString());

        assertOneLineError(result, missing.toString(), "file not found");
    }

    private static void writeIdx(Path path, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(bytes);
        }
    }

    @Test
    void outFolderThatIsAFileIsRejected() throws IOException {
        Path file = Files.writeString(folder.resolve("results"), "not a folder");

        Result result = run("train", "--data", folder.toString(), "--out", file.toString());

        assertOneLineError(result, "--out " + file + " is a file; pass a folder for the results");
    }

    @Test
    void quantizerOptionWithFloatIsRejected() {
        Result result = run("train", "--float", "--kernel-quantizer", "quantized_bits(4,0,1)", "--data", folder.toString());

        assertOneLineError(result, "--kernel-quantizer has no effect with --float");
    }

    @Test
    void absurdThreadCountIsRejected() {
        Result result = run("train", "--threads", "100000", "--data", folder.toString());

        assertOneLineError(result, "--threads must be in [1, 256], received 100000");
    }

    @Test
    void unknownCommandListsCommands() {
        Result result = run("bogus");

        assertOneLineError(result, "qkeras4j: Unmatched argument at index 0: 'bogus'", "commands: train, evaluate");
    }

    @Test
    void dataPathThatIsAFileIsRejected() throws IOException {
        Path file = Files.writeString(folder.resolve("images.gz"), "not a folder");

        Result result = run("train", "--data", file.toString());

        assertOneLineError(result, "Fashion-MNIST directory " + file + " is a file; pass --data DIR");
    }

    @Test
    void predictOutputThatIsAFolderIsRejected() throws IOException {
        Path golden = Path.of("src/test/resources/interop/dense_qbits");
        Path folderOutput = Files.createDirectories(folder.resolve("y.npy"));

        Result result = run("predict", "--model", golden.resolve("model.h5").toString(), "--input",
                golden.resolve("inputs.npy").toString(), "--output", folderOutput.toString());

        assertOneLineError(result, "cannot access " + folderOutput + ": is a folder, not a file");
    }

    @Test
    void modelThatIsAFolderIsRejected() {
        Result result = run("summary", "--model", folder.toString());

        assertOneLineError(result, "--model " + folder + ": is a folder; pass the file inside it");
    }
}
