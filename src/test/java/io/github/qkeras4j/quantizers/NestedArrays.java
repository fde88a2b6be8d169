package io.github.qkeras4j.quantizers;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.qkeras4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Converts JSON numbers and nested arrays to tensors (each value cast to float32) for the tests. */
final class NestedArrays {
    private NestedArrays() {
    }

    static Tensor tensor(JsonNode node) {
        List<Integer> shape = new ArrayList<>();
        JsonNode probe = node;
        while (probe.isArray()) {
            shape.add(probe.size());
            if (probe.isEmpty()) {
                break;
            }
            probe = probe.get(0);
        }
        int[] dims = shape.stream().mapToInt(Integer::intValue).toArray();
        Tensor tensor = Tensor.zeros(dims);
        float[] data = tensor.data();
        int[] next = {0};
        fill(node, data, next);
        return tensor;
    }

    private static void fill(JsonNode node, float[] data, int[] next) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                fill(child, data, next);
            }
        } else {
            data[next[0]++] = (float) node.asDouble();
        }
    }

    static double[] doubles(JsonNode node) {
        List<Double> values = new ArrayList<>();
        collect(node, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonNode node, List<Double> values) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                collect(child, values);
            }
        } else {
            values.add(node.asDouble());
        }
    }

    static int[] ints(JsonNode node) {
        return java.util.Arrays.stream(doubles(node)).mapToInt(d -> (int) d).toArray();
    }
}
