package io.github.qkeras4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.qkeras4j.quantizers.InternalSigmoid;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code qkeras4j quantize --quantizer SPEC}: reads a JSON number or nested array from stdin and prints
 * {@code Q(x)} as JSON of the same shape, every value the shortest decimal that reads back as the same
 * float32. Exit code 2 with one line on stderr for invalid input.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Quantizes a JSON number or nested array read from stdin with a QKeras quantizer and "
                + "prints the result as JSON of the same shape.")
public final class QuantizeCommand implements Callable<Integer> {
    /** Exit code for invalid input: a bad spec, bad JSON or a conflicting option. */
    static final int INVALID_INPUT = 2;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    /** QKeras's internal sigmoid modes as the option spells them. */
    enum SigmoidOption { hard, smooth, real }

    @Option(names = "--quantizer", required = true, paramLabel = "SPEC",
            description = {"QKeras quantizer spec, for example:", "  quantized_bits(4,0,1,alpha='auto_po2')"})
    String spec;

    @Option(names = "--as-kernel", description = "Apply it as a QDense/QConv kernel quantizer (alpha None becomes 'auto_po2').")
    boolean asKernel;

    @Option(names = "--grad", description = "Print the straight-through gradient of sum(Q(x)) instead of Q(x).")
    boolean gradient;

    @Option(names = "--info", description = "Print bits, integer, min, max, range, scale, spec and config as a JSON "
            + "object; the quantizer is first called on stdin's input when there is one.")
    boolean info;

    @Option(names = "--internal-sigmoid", paramLabel = "MODE", defaultValue = "hard",
            description = "QKeras's internal sigmoid: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SigmoidOption internalSigmoid;

    @Option(names = "--training", description = "Training mode (learning phase 1): stochastic rounding is active.")
    boolean training;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed of the random source for stochastic quantizers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try {
            if (gradient && info) {
                throw new InvalidInput("--grad and --info cannot be combined; choose one");
            }
            Quantizer quantizer = QuantizerSpec.parse(spec);
            if (asKernel) {
                quantizer = quantizer.forKernel();
            }
            Tensor x = readInput(System.in);
            if (x == null && !info) {
                throw new InvalidInput("stdin is empty; expected a JSON number or nested array");
            }
            Tensor result = x == null ? null : apply(quantizer, x);
            out.println(info ? describe(quantizer) : format(result));
            out.flush();
            return 0;
        } catch (InvalidInput | IllegalArgumentException | IllegalStateException e) {
            System.err.println("qkeras4j quantize: " + e.getMessage().replace('\n', ' '));
            return INVALID_INPUT;
        }
    }

    private Tensor apply(Quantizer quantizer, Tensor x) {
        InternalSigmoid sigmoid = InternalSigmoid.valueOf(internalSigmoid.name().toUpperCase(Locale.ROOT));
        QuantizerContext context = new QuantizerContext(training, new SplittableRandom(seed), sigmoid);
        Tensor out = Tensor.zeros(x.shape());
        quantizer.forward(x, out, context);
        if (!gradient) {
            return out;
        }
        Tensor ones = Tensor.zeros(x.shape());
        ones.fill(1f);
        Tensor grad = Tensor.zeros(x.shape());
        quantizer.backward(x, out, ones, grad);
        return grad;
    }

    /** Builds the --info object, keys in a fixed order, with null where the quantizer defines no value. */
    private static String describe(Quantizer quantizer) throws InvalidInput {
        StringBuilder text = new StringBuilder("{");
        text.append("\"bits\": ").append(optional(quantizer.bits()));
        text.append(", \"integer\": ").append(optional(quantizer.integer()));
        text.append(", \"min\": ").append(number(quantizer.min()));
        text.append(", \"max\": ").append(number(quantizer.max()));
        float[] range = quantizer.range();
        text.append(", \"range\": ").append(range == null ? "null" : format(Tensor.of(range, range.length)));
        Tensor scale = quantizer.scale();
        text.append(", \"scale\": ").append(scale == null ? "null" : format(scale));
        text.append(", \"spec\": ").append(json(quantizer.spec()));
        text.append(", \"config\": ").append(json(quantizer.config()));
        return text.append('}').toString();
    }

    private static String optional(OptionalInt value) {
        return value.isPresent() ? Integer.toString(value.getAsInt()) : "null";
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return Double.toString(value);
    }

    private static String json(Object value) throws InvalidInput {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInput("cannot write " + value + " as JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * Reads a JSON number (a rank-0 tensor) or a rectangular nested array of numbers; null for empty
     * input. NaN and Infinity are accepted.
     */
    static Tensor readInput(InputStream in) throws InvalidInput {
        String text;
        try {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInput("cannot read stdin: " + e.getMessage());
        }
        if (text.isBlank()) {
            return null;
        }
        JsonNode root;
        try (com.fasterxml.jackson.core.JsonParser parser = JSON.createParser(text)) {
            root = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidInput("stdin holds more than one JSON value; wrap several values in an array, "
                        + "for example [0.5, 0.7]");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidInput("stdin is not valid JSON: " + e.getOriginalMessage().replaceAll("\\s*\\(start marker.*$", "")
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new InvalidInput("cannot read stdin: " + e.getMessage());
        }
        return toTensor(root);
    }

    /** Converts a JSON number or rectangular nested array to a float32 tensor of the same shape. */
    static Tensor toTensor(JsonNode root) throws InvalidInput {
        List<Integer> shape = new ArrayList<>();
        JsonNode probe = root;
        while (probe.isArray()) {
            shape.add(probe.size());
            if (probe.isEmpty()) {
                break;
            }
            probe = probe.get(0);
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        Tensor tensor = Tensor.zeros(dims);
        int[] next = {0};
        fill(root, dims, 0, "$", tensor.data(), next);
        return tensor;
    }

    private static void fill(JsonNode node, int[] dims, int depth, String path, float[] data, int[] next)
            throws InvalidInput {
        if (depth == dims.length) {
            if (!node.isNumber()) {
                throw new InvalidInput("element " + path + " is " + describeNode(node) + "; expected a number");
            }
            data[next[0]++] = (float) node.doubleValue();
            return;
        }
        if (!node.isArray() || node.size() != dims[depth]) {
            throw new InvalidInput("element " + path + " is " + describeNode(node) + "; expected an array of "
                    + dims[depth] + " elements like its first sibling (the input must be rectangular)");
        }
        for (int i = 0; i < node.size(); i++) {
            fill(node.get(i), dims, depth + 1, path + "[" + i + "]", data, next);
        }
    }

    private static String describeNode(JsonNode node) {
        if (node.isArray()) {
            return "an array of " + node.size() + " elements";
        }
        String text = node.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /**
     * Writes a tensor as a JSON number (rank 0) or nested array. Each float32 is printed as the shortest
     * decimal that reads back as the same float32; −0.0 stays −0.0, and NaN and ±Infinity are written
     * as the non-standard tokens Python's json module reads.
     */
    static String format(Tensor tensor) {
        StringBuilder text = new StringBuilder();
        append(text, tensor.data(), tensor.shape(), 0, 0);
        return text.toString();
    }

    private static int append(StringBuilder text, float[] data, int[] shape, int depth, int offset) {
        if (depth == shape.length) {
            text.append(floatText(data[offset]));
            return offset + 1;
        }
        text.append('[');
        int position = offset;
        for (int i = 0; i < shape[depth]; i++) {
            if (i > 0) {
                text.append(", ");
            }
            position = append(text, data, shape, depth + 1, position);
        }
        text.append(']');
        return position;
    }

    private static String floatText(float value) {
        if (Float.isNaN(value)) {
            return "NaN";
        }
        if (Float.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return Float.toString(value);
    }

    /** A user error reported as one line with exit code 2. */
    static final class InvalidInput extends Exception {
        InvalidInput(String message) {
            super(message);
        }
    }
}
