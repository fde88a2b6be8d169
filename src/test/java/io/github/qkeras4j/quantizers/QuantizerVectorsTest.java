package io.github.qkeras4j.quantizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every vector of {@code vectors/quantizers.json} (values taken from QKeras's own tests, or
 * computed by an independent float32 reference where QKeras's tests only check shapes) as one test.
 */
class QuantizerVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> vectors() throws IOException {
        JsonNode vectors;
        try (InputStream in = QuantizerVectorsTest.class.getResourceAsStream("/vectors/quantizers.json")) {
            assertNotNull(in, "test resource vectors/quantizers.json is missing");
            vectors = JSON.readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : vectors) {
            tests.add(DynamicTest.dynamicTest(vector.get("id").asText(), () -> run(vector)));
        }
        return tests.stream();
    }

    private static void run(JsonNode vector) {
        String op = vector.path("op").asText("call");
        String spec = vector.get("quantizer").isNull() ? null : vector.get("quantizer").asText();
        JsonNode expected = vector.path("platform_dependent").asBoolean(false)
                ? vector.get("expected_ieee") : vector.get("expected");
        double tolerance = vector.get("tolerance").asDouble();
        switch (op) {
            case "call" -> {
                Quantizer q = QuantizerSpec.parse(spec);
                Tensor x = NestedArrays.tensor(vector.get("input"));
                assertClose(expected, call(q, x, vector), tolerance);
            }
            case "scale" -> {
                Quantizer q = QuantizerSpec.parse(spec);
                call(q, NestedArrays.tensor(vector.get("input")), vector);
                Tensor scale = q.scale();
                assertNotNull(scale, spec + " has no scale after a call");
                if (vector.has("expected_shape")) {
                    assertArrayEquals(NestedArrays.ints(vector.get("expected_shape")), scale.shape(), "scale shape");
                }
                assertClose(expected, scale, tolerance);
            }
            case "grad" -> {
                Quantizer q = QuantizerSpec.parse(spec);
                Tensor x = NestedArrays.tensor(vector.get("input"));
                Tensor out = call(q, x, vector);
                Tensor ones = Tensor.zeros(x.shape());
                ones.fill(1f);
                Tensor grad = Tensor.zeros(x.shape());
                q.backward(x, out, ones, grad);
                assertClose(expected, grad, tolerance);
            }
            case "minmax" -> {
                Quantizer q = QuantizerSpec.parse(spec);
                assertClose(expected, Tensor.of(new float[] {(float) q.min(), (float) q.max()}, 2), tolerance);
            }
            case "range" -> {
                Quantizer q = QuantizerSpec.parse(spec);
                float[] range = q.range();
                assertNotNull(range, spec + " has no range()");
                assertClose(expected, Tensor.of(range, range.length), tolerance);
            }
            case "qdense" -> assertClose(expected, qdense(vector), tolerance);
            case "helper" -> helper(vector, expected, tolerance);
            default -> fail("unknown op " + op);
        }
    }

    private static Tensor call(Quantizer q, Tensor x, JsonNode vector) {
        InternalSigmoid sigmoid = InternalSigmoid.valueOf(
                vector.path("internal_sigmoid").asText("hard").toUpperCase(Locale.ROOT));
        QuantizerContext context = new QuantizerContext(false, new SplittableRandom(1), sigmoid);
        Tensor out = Tensor.zeros(x.shape());
        q.forward(x, out, context);
        return out;
    }

    /** {@code y = x · Qk(kernel) + Qb(bias)}, the kernel quantizer in its layer (kernel) form. */
    private static Tensor qdense(JsonNode vector) {
        JsonNode input = vector.get("input");
        Tensor x = NestedArrays.tensor(input.get(0));
        Tensor kernel = NestedArrays.tensor(input.get(1));
        Tensor bias = NestedArrays.tensor(input.get(2));
        if (!vector.get("quantizer").isNull()) {
            kernel = call(QuantizerSpec.parse(vector.get("quantizer").asText()).forKernel(), kernel, vector);
        }
        if (!vector.path("bias_quantizer").isNull() && vector.has("bias_quantizer")) {
            bias = call(QuantizerSpec.parse(vector.get("bias_quantizer").asText()), bias, vector);
        }
        int batch = x.dim(0);
        int in = x.dim(1);
        int units = kernel.dim(1);
        Tensor y = Tensor.zeros(batch, units);
        for (int b = 0; b < batch; b++) {
            for (int u = 0; u < units; u++) {
                float sum = 0f;
                for (int i = 0; i < in; i++) {
                    sum += x.get(b, i) * kernel.get(i, u);
                }
                y.set(sum + bias.get(u), b, u);
            }
        }
        return y;
    }

    private static void helper(JsonNode vector, JsonNode expected, double tolerance) {
        String name = vector.get("quantizer").asText();
        JsonNode args = vector.get("helper_args");
        JsonNode input = vector.get("input");
        switch (name) {
            case "_get_least_squares_scale" -> {
                Alpha alpha = "auto_po2".equals(args.path("alpha").asText()) ? Alpha.AUTO_PO2 : Alpha.AUTO;
                Tensor scale = LeastSquares.scaleTensor(alpha, NestedArrays.tensor(input.get(0)),
                        NestedArrays.tensor(input.get(1)), axes(args.get("scale_axis")),
                        axes(args.get("elements_per_scale")), args.path("per_channel_scale").asBoolean(true),
                        optionalInt(args.get("min_po2_exponent")), optionalInt(args.get("max_po2_exponent")));
                if (vector.has("expected_shape")) {
                    assertArrayEquals(NestedArrays.ints(vector.get("expected_shape")), scale.shape(), "scale shape");
                }
                if (vector.has("expected_unique")) {
                    long distinct = new ArrayList<Float>(Arrays.asList(box(scale.data()))).stream().distinct().count();
                    assertEquals(vector.get("expected_unique").asLong(), distinct, "distinct scales");
                }
                assertClose(expected, scale, tolerance);
            }
            case "_get_unrolled_shape" -> {
                JsonNode factor = args.get("unroll_factor");
                JsonNode axis = args.get("unroll_axis");
                int[][] result = ChannelGroups.unrolledShape(NestedArrays.ints(input), NestedArrays.ints(factor),
                        NestedArrays.ints(axis));
                assertArrayEquals(NestedArrays.ints(expected.get(0)), result[0], "unrolled shape");
                assertArrayEquals(NestedArrays.ints(expected.get(1)), result[1], "new axes");
            }
            case "_get_rolled_back_shape" -> assertArrayEquals(NestedArrays.ints(expected),
                    ChannelGroups.rolledBackShape(NestedArrays.ints(input), NestedArrays.ints(args.get("roll_axis"))));
            case "_get_integer_bits" -> assertArrayEquals(NestedArrays.ints(expected),
                    AdaptiveIntegerBits.compute(NestedArrays.doubles(input.get(0)), NestedArrays.doubles(input.get(1)),
                            args.get("bits").asInt(), args.get("symmetric").asBoolean(),
                            args.get("keep_negative").asBoolean(), args.get("is_clipping").asBoolean()));
            default -> fail("unknown helper " + name);
        }
    }

    private static Float[] box(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static int[] axes(JsonNode node) {
        return node == null || node.isNull() ? null : NestedArrays.ints(node);
    }

    private static Integer optionalInt(JsonNode node) {
        return node == null || node.isNull() ? null : node.asInt();
    }

    /**
     * Exact for tolerance 0, else absolute per element. Zeros of either sign count as equal: QKeras's
     * tests compare with numpy, which does the same, and some expectations carry a −0.0 that QKeras's
     * own float32 arithmetic turns into +0.0.
     */
    private static void assertClose(JsonNode expected, Tensor actual, double tolerance) {
        double[] want = NestedArrays.doubles(expected);
        float[] got = actual.data();
        assertEquals(want.length, got.length, "number of elements");
        for (int i = 0; i < want.length; i++) {
            float w = (float) want[i];
            if (tolerance == 0) {
                assertTrue(w == got[i] || (Float.isNaN(w) && Float.isNaN(got[i])),
                        "element " + i + ": expected " + w + ", actual " + got[i] + " in " + Arrays.toString(got));
            } else {
                assertTrue(Math.abs(w - got[i]) <= tolerance,
                        "element " + i + ": expected " + want[i] + " ± " + tolerance + ", actual " + got[i]
                                + " in " + Arrays.toString(got));
            }
        }
    }
}
