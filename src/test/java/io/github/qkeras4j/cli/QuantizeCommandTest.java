package io.github.qkeras4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs {@code qkeras4j quantize} through {@link Main#run} with redirected stdin, stdout and stderr. */
class QuantizeCommandTest {
    private static final String KERNEL = "[[0.23, 2.76, 0.1, 0.33], [0.53, 0.16, 0.3, 1.43]]";

    /** Exit code, stdout and stderr of one run. */
    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String stdin, String... args) {
        InputStream savedIn = System.in;
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] full = new String[args.length + 1];
            full[0] = "quantize";
            System.arraycopy(args, 0, full, 1, args.length);
            int code = Main.run(full);
            return new Result(code, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8).strip());
        } finally {
            System.setIn(savedIn);
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    @Test
    void quantizesNestedArrayKeepingShape() {
        Result result = run(KERNEL, "--quantizer", "quantized_bits(4,2,alpha='auto_po2')");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("[[0.25, 3.0, 0.09375, 0.25], [0.4375, 0.0, 0.21875, 1.5]]", result.out());
    }

    @Test
    void secondJsonValueIsRejected() {
        Result result = run("0.5 0.7", "--quantizer", "quantized_bits(4,0,1)");

        assertEquals(2, result.exitCode());
        assertEquals("qkeras4j quantize: stdin holds more than one JSON value; wrap several values in an array, "
                + "for example [0.5, 0.7]", result.err());
    }

    @Test
    void scalarInGivesScalarOut() {
        assertEquals("0.875", run("3", "--quantizer", "quantized_bits(4,0,1)").out());
    }

    @Test
    void negativeZeroPrintsWithSign() {
        assertEquals("[-0.0, 0.0]", run("[-0.0625, 0.0]", "--quantizer", "quantized_tanh(4)").out());
        assertEquals("-0.0", run("-0.0", "--quantizer", "linear").out());
    }

    @Test
    void floatsPrintShortestExactDecimal() {
        // 0.1 as float32 prints as 0.1 (which reads back as the same float32), not 0.10000000149011612.
        assertEquals("[0.1, 1.0E-5, NaN, Infinity]", run("[0.1, 1e-5, NaN, Infinity]", "--quantizer", "linear").out());
    }

    @Test
    void asKernelUsesAutoPo2() {
        Result result = run(KERNEL, "--quantizer", "quantized_bits(4,2)", "--as-kernel");
        assertEquals("[[0.25, 3.0, 0.09375, 0.25], [0.4375, 0.0, 0.21875, 1.5]]", result.out());
    }

    @Test
    void gradPrintsStraightThroughGradient() {
        assertEquals("[0.0, 1.0, 1.0, 0.0]", run("[-1, 0.5, 1.875, 2]", "--quantizer", "quantized_relu(4,1)", "--grad").out());
    }

    @Test
    void internalSigmoidOptionChangesTanh() {
        assertEquals("0.375", run("1", "--quantizer", "quantized_tanh(4)", "--internal-sigmoid", "smooth").out());
    }

    @Test
    void trainingWithSeedIsReproducible() {
        String[] args = {"--quantizer", "quantized_bits(4,0,1,use_stochastic_rounding=True)", "--training", "--seed", "9"};
        String input = "[0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625, 0.0625]";
        Result first = run(input, args);
        assertEquals(0, first.exitCode(), first.err());
        assertEquals(first.out(), run(input, args).out());
    }

    @Test
    void infoAfterCallReportsDataDependentScale() {
        Result result = run(KERNEL, "--quantizer", "quantized_bits(4,2,alpha='auto_po2')", "--info");
        assertEquals("{\"bits\": 4, \"integer\": 2, \"min\": -4.0, \"max\": 4.0, \"range\": null, "
                + "\"scale\": [[0.125, 1.0, 0.0625, 0.5]], \"spec\": \"quantized_bits(4,2,1,alpha='auto_po2')\", "
                + "\"config\": {\"bits\":4,\"integer\":2,\"symmetric\":1,\"alpha\":\"auto_po2\",\"keep_negative\":true,"
                + "\"use_stochastic_rounding\":false,\"qnoise_factor\":1.0,\"post_training_scale\":null}}", result.out());
    }

    @Test
    void infoWithoutInputDoesNotCall() {
        Result result = run("", "--quantizer", "quantized_relu(3,2)", "--info");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("\"range\": [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]"), result.out());
        assertTrue(result.out().contains("\"scale\": null"), result.out());
    }

    @Test
    void invalidSpecExitsWithTwo() {
        Result result = run("1", "--quantizer", "quantized_bits(4,alpha=auto_po2)");
        assertEquals(2, result.exitCode());
        assertEquals("", result.out());
        assertTrue(result.err().startsWith("qkeras4j quantize: invalid quantizer spec"), result.err());
        assertEquals(1, result.err().lines().filter(line -> !line.startsWith("WARNING")).count(), result.err());
    }

    @Test
    void raggedArrayExitsWithTwo() {
        Result result = run("[[1, 2], [3]]", "--quantizer", "binary");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("element $[1] is an array of 1 elements"), result.err());
    }

    @Test
    void invalidJsonExitsWithTwo() {
        Result result = run("[1, ", "--quantizer", "binary");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("stdin is not valid JSON"), result.err());
    }

    @Test
    void emptyInputExitsWithTwo() {
        Result result = run("  ", "--quantizer", "binary");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("stdin is empty"), result.err());
    }

    @Test
    void rankZeroAutoInputExitsWithTwo() {
        Result result = run("1.5", "--quantizer", "quantized_bits(4,alpha='auto')");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("needs an input of rank >= 1"), result.err());
    }
}
