package io.github.qkeras4j.models;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.tensor.Shapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Formats Keras's {@code model.summary()} table with one more column: each layer's quantizers as
 * {@code role: spec}, one per line (kernel, bias, activation).
 */
final class ModelSummary {
    private static final int LAYER_WIDTH = 48;
    private static final int SHAPE_WIDTH = 22;
    private static final int PARAMS_WIDTH = 10;

    private ModelSummary() {
    }

    static String format(Model model) {
        StringBuilder text = new StringBuilder();
        String rule = "_".repeat(LAYER_WIDTH + SHAPE_WIDTH + PARAMS_WIDTH + 46);
        text.append("Model: \"").append(model.name()).append("\"\n").append(rule).append('\n');
        text.append(row("Layer (type)", "Output Shape", "Param #", "Quantizers")).append('\n');
        text.append("=".repeat(rule.length())).append('\n');
        long total = 0;
        long trainable = 0;
        for (Layer layer : model.layers()) {
            List<String> quantizers = new ArrayList<>();
            for (Map.Entry<String, Quantizer> entry : layer.quantizers().entrySet()) {
                quantizers.add(entry.getKey().replace("_quantizer", "") + ": " + entry.getValue().spec());
            }
            String first = quantizers.isEmpty() ? "" : quantizers.get(0);
            text.append(row(layer.name() + " (" + layer.className() + ")", Shapes.withBatch(layer.outputShape()),
                    String.valueOf(layer.parameterCount()), first)).append('\n');
            for (int q = 1; q < quantizers.size(); q++) {
                text.append(row("", "", "", quantizers.get(q))).append('\n');
            }
            total += layer.parameterCount();
            for (Parameter p : layer.trainableWeights()) {
                trainable += p.value().size();
            }
        }
        text.append("=".repeat(rule.length())).append('\n');
        text.append("Total params: ").append(String.format("%,d", total)).append('\n');
        text.append("Trainable params: ").append(String.format("%,d", trainable)).append('\n');
        text.append("Non-trainable params: ").append(String.format("%,d", total - trainable)).append('\n');
        text.append(rule).append('\n');
        return text.toString();
    }

    private static String row(String layer, String shape, String params, String quantizer) {
        return String.format(" %-" + (LAYER_WIDTH - 1) + "s %-" + (SHAPE_WIDTH - 1) + "s %-" + (PARAMS_WIDTH - 1)
                + "s %s", layer, shape, params, quantizer).stripTrailing();
    }
}
