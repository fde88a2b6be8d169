package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds 10,000 random and mutated spec strings (fixed seed) to the parser: each must give a quantizer
 * that round-trips through its spec, or a one-line {@link QuantizerSpecException}; nothing else.
 */
class SpecFuzzTest {
    private static final int CASES = 10_000;
    private static final String[] PIECES = {
        "quantized_bits", "quantized_relu", "quantized_linear", "quantized_po2", "quantized_relu_po2", "binary",
        "ternary", "stochastic_ternary", "bernoulli", "quantized_tanh", "quantized_sigmoid", "quantized_ulaw",
        "quantized_hswish", "stochastic_binary", "hard_sigmoid", "(", ")", ",", "=", " ", "'", "\"", "[", "]",
        "bits", "integer", "alpha", "symmetric", "keep_negative", "scale_axis", "elements_per_scale",
        "negative_slope", "max_value", "threshold", "qnoise_factor", "log2_rounding", "relu_upper_bound",
        "'auto'", "'auto_po2'", "auto_po2", "'rnd'", "'floor'", "None", "True", "False", "0", "1", "-1", "4",
        "8", "32", "100", "0.5", "1e-3", "-0.25", "inf", "nan", "1_0", "[1 2]", "[2]", "\t", "\n", "x", "é",
        "np.array(1)", "0x10", "+5", ".5", "1.", "9999999999999999999999"};
    private static final String[] VALID = {
        "quantized_bits(4,0,1,alpha='auto_po2')", "quantized_relu(3)", "binary", "quantized_po2(4,1)",
        "ternary(alpha='auto')", "quantized_linear(bits=2,alpha='auto')", "quantized_relu_po2(4,negative_slope=0.5)",
        "quantized_tanh(4,symmetric=True)", "stochastic_ternary(1.0,0.33)", "quantized_hswish(6,2,0)"};

    @Test
    void randomSpecsParseOrFailWithOneLine() {
        SplittableRandom random = new SplittableRandom(20_240_601L);
        int parsed = 0;
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < CASES; n++) {
            String spec = n % 2 == 0 ? assembled(random) : mutated(random);
            try {
                Quantizer q = QuantizerSpec.parse(spec);
                parsed++;
                assertEquals(q, QuantizerSpec.parse(q.spec()), "spec round trip of " + spec);
            } catch (QuantizerSpecException e) {
                String message = e.getMessage();
                assertFalse(message == null || message.isBlank(), "empty message for " + spec);
                assertFalse(message.contains("\n") || message.contains("\r"), "multi-line message for " + spec);
                assertTrue(message.contains(":") || message.startsWith("unknown quantizer"),
                        "message names no part: " + message);
            } catch (RuntimeException e) {
                failures.add(spec.replace("\n", "\\n") + " -> " + e);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " specs raised another exception, first: " + failures.subList(0,
                    Math.min(5, failures.size())));
        }
        assertTrue(parsed > 100, "only " + parsed + " of " + CASES + " fuzzed specs parsed; the generator is too wild");
    }

    /** A name, then a random argument list built from spec fragments. */
    private static String assembled(SplittableRandom random) {
        StringBuilder text = new StringBuilder(PIECES[random.nextInt(14)]);
        if (random.nextInt(10) == 0) {
            return text.toString();
        }
        text.append('(');
        int arguments = random.nextInt(5);
        for (int a = 0; a < arguments; a++) {
            if (a > 0) {
                text.append(',');
            }
            if (random.nextBoolean()) {
                text.append(PIECES[24 + random.nextInt(13)]).append('=');
            }
            text.append(PIECES[37 + random.nextInt(PIECES.length - 37)]);
        }
        if (random.nextInt(8) != 0) {
            text.append(')');
        }
        return text.toString();
    }

    /** A valid spec with a few characters inserted, deleted or replaced. */
    private static String mutated(SplittableRandom random) {
        StringBuilder text = new StringBuilder(VALID[random.nextInt(VALID.length)]);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(text.length() + 1);
            String piece = PIECES[random.nextInt(PIECES.length)];
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, piece);
                case 1 -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < text.length()) {
                        text.setCharAt(at, piece.charAt(0));
                    }
                }
            }
        }
        return text.toString();
    }
}
