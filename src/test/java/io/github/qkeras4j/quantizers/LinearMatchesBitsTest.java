package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * quantized_linear and quantized_bits agree (to float tolerance) wherever QKeras's own regression
 * test between the two expects it: same explicit symmetric, rank ≥ 2 for auto alphas, no sign mode.
 */
class LinearMatchesBitsTest {
    static List<Map<String, String>> arguments() {
        List<Map<String, String>> cases = new ArrayList<>();
        cases.add(Map.of("alpha", "'auto'"));
        cases.add(Map.of("alpha", "'auto_po2'"));
        cases.add(Map.of("alpha", "'auto'", "integer", "2"));
        cases.add(Map.of("alpha", "'auto_po2'", "integer", "2"));
        String[][] single = {{"alpha", "None"}, {"alpha", "'auto'"}, {"alpha", "'auto_po2'"}, {"bits", "1"},
            {"bits", "4"}, {"bits", "8"}, {"integer", "0"}, {"integer", "1"}, {"symmetric", "True"},
            {"symmetric", "False"}, {"keep_negative", "True"}, {"keep_negative", "False"}, {"qnoise_factor", "1.0"},
            {"qnoise_factor", "0.5"}, {"qnoise_factor", "0.0"}, {"use_stochastic_rounding", "True"},
            {"scale_axis", "None"}, {"scale_axis", "0"}, {"scale_axis", "1"}};
        for (String[] pair : single) {
            cases.add(Map.of(pair[0], pair[1]));
        }
        return cases;
    }

    private static List<Tensor> inputs() {
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(Tensor.scalar(0f));
        for (int i = 0; i < 10; i++) {
            inputs.add(Tensor.scalar(-2f + 4f * i / 9f));
        }
        SplittableRandom random = new SplittableRandom(5);
        inputs.add(gaussian(random, 2, 2));
        inputs.add(gaussian(random, 2, 2, 2));
        inputs.add(gaussian(random, 16, 8));
        return inputs;
    }

    private static Tensor gaussian(SplittableRandom random, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return t;
    }

    @ParameterizedTest
    @MethodSource("arguments")
    void linearMatchesBits(Map<String, String> kwargs) {
        int bits = Integer.parseInt(kwargs.getOrDefault("bits", "8"));
        int integer = Integer.parseInt(kwargs.getOrDefault("integer", "0"));
        boolean keepNegative = !"False".equals(kwargs.get("keep_negative"));
        boolean symmetric = !"False".equals(kwargs.get("symmetric"));
        String alpha = kwargs.getOrDefault("alpha", "None");
        boolean auto = alpha.startsWith("'auto");
        boolean skip = bits < integer + (keepNegative ? 1 : 0)
                || (auto && (!symmetric || !keepNegative))
                || (bits == 1 && keepNegative);
        if (skip) {
            return;
        }
        StringBuilder args = new StringBuilder("symmetric=" + (symmetric ? "True" : "False"));
        kwargs.forEach((key, value) -> {
            if (!key.equals("symmetric")) {
                args.append(',').append(key).append('=').append(value);
            }
        });
        Quantizer old = QuantizerSpec.parse("quantized_bits(" + args + ")");
        Quantizer linear = QuantizerSpec.parse("quantized_linear(" + args + ")");
        for (Tensor x : inputs()) {
            if (auto && x.rank() < 2) {
                continue;
            }
            Tensor a = Quantizers.apply(old, x);
            Tensor b = Quantizers.apply(linear, x);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.data()[i], b.data()[i], 1e-8 + 1e-5 * Math.abs(a.data()[i]),
                        kwargs + " element " + i + " of " + x);
            }
            float[] oldScale = old.scale().data();
            float[] newScale = linear.scale().data();
            assertEquals(oldScale.length, newScale.length, "scale sizes for " + kwargs);
            for (int c = 0; c < oldScale.length; c++) {
                assertTrue(Math.abs(oldScale[c] - newScale[c]) <= 1e-8 + 1e-5 * Math.abs(newScale[c]),
                        kwargs + " scale " + c + ": " + oldScale[c] + " vs " + newScale[c]);
            }
        }
    }
}
