package io.github.qkeras4j.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.io.AtomicFiles;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dictionary QKeras 0.9.0's {@code model_save_quantized_weights(model)} returns, written as
 * JSON with arrays as nested lists:
 * <pre>
 * {"dense1": {"weights": [kernel', bias']}, "dense2": {"weights": [...], "signs": [s, s]}}
 * </pre>
 * Every QKeras layer except {@code QActivation} and {@code QAdaptiveActivation} (the layers with
 * {@code get_quantizers}) gets an entry. {@code weights} contains each weight (for layers that
 * fold batch normalization, the folded kernel and bias) as the float32 values its quantizer
 * returns, or unchanged when it has none; this is the 0.9.0 form, not the integer
 * codes and scales of later QKeras versions. {@code signs} is present only when the layer's last
 * weight has a {@code quantized_po2} quantizer, as in QKeras 0.9.0; it then contains, per weight,
 * the signs (±1, zero counted as +1) for {@code _po2} quantizers and an empty list for others.
 */
public final class QKerasQuantizedWeights {
    private static final Set<String> WITHOUT_GET_QUANTIZERS = Set.of("QActivation", "QAdaptiveActivation");

    private QKerasQuantizedWeights() {
    }

    /** Builds the dictionary for a built model. */
    public static Map<String, Object> document(Model model) {
        Map<String, Object> document = new LinkedHashMap<>();
        for (Layer layer : model.layers()) {
            if (!layer.className().startsWith("Q") || WITHOUT_GET_QUANTIZERS.contains(layer.className())) {
                continue;
            }
            List<Object> weights = new ArrayList<>();
            List<Object> signs = new ArrayList<>();
            boolean hasSign = false;
            for (Map.Entry<Tensor, Quantizer> pair : exportedPairs(layer)) {
                Quantizer quantizer = pair.getValue();
                Tensor value = pair.getKey();
                if (quantizer != null) {
                    Tensor quantized = Tensor.zeros(value.shape());
                    quantizer.forward(value, quantized, QuantizerContext.inference());
                    value = quantized;
                }
                weights.add(nested(value, false));
                boolean po2 = quantizer != null && quantizer.name().contains("_po2");
                signs.add(po2 ? nested(value, true) : List.of());
                hasSign = quantizer != null && quantizer.name().equals("quantized_po2");
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("weights", weights);
            if (hasSign) {
                entry.put("signs", signs);
            }
            document.put(layer.name(), entry);
        }
        return document;
    }

    /**
     * Pairs the weights QKeras 0.9.0 exports for a layer with the quantizer applied to each. Layers
     * that fold batch normalization export the folded kernel (with the kernel or depthwise
     * quantizer) and the folded bias (with the bias quantizer). Other layers export every stored
     * weight with its own quantizer.
     */
    // TODO: QKeras 0.9.0 pairs get_quantizers() with get_weights() by position, which shifts the
    // pairs of a QBatchNormalization with scale=False; this pairs each weight with its own quantizer.
    private static List<Map.Entry<Tensor, Quantizer>> exportedPairs(Layer layer) {
        List<Map.Entry<Tensor, Quantizer>> pairs = new ArrayList<>();
        List<Tensor> folded = layer.foldedWeights();
        if (folded != null) {
            Map<String, Quantizer> quantizers = layer.quantizers();
            Quantizer kernel = quantizers.getOrDefault("kernel_quantizer", quantizers.get("depthwise_quantizer"));
            pairs.add(new SimpleImmutableEntry<>(folded.get(0), kernel));
            pairs.add(new SimpleImmutableEntry<>(folded.get(1), quantizers.get("bias_quantizer")));
            return pairs;
        }
        for (Parameter weight : layer.weights()) {
            pairs.add(new SimpleImmutableEntry<>(weight.value(), layer.quantizerOf(weight)));
        }
        return pairs;
    }

    /** Writes the dictionary to {@code path} as JSON, atomically. */
    public static void write(Model model, Path path) throws IOException {
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(document(model));
        AtomicFiles.write(path, out -> out.write(json));
    }

    /** The tensor as nested lists of floats; with {@code signs}, each value's sign with 0 as +1. */
    private static Object nested(Tensor tensor, boolean signs) {
        float[] data = tensor.data();
        int[] shape = tensor.shape();
        if (shape.length == 0) {
            return signs ? sign(data[0]) : data[0];
        }
        return nested(data, shape, 0, 0, signs);
    }

    private static List<Object> nested(float[] data, int[] shape, int axis, int offset, boolean signs) {
        int stride = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            stride *= shape[a];
        }
        List<Object> list = new ArrayList<>(shape[axis]);
        for (int i = 0; i < shape[axis]; i++) {
            int start = offset + i * stride;
            if (axis == shape.length - 1) {
                list.add(signs ? sign(data[start]) : data[start]);
            } else {
                list.add(nested(data, shape, axis + 1, start, signs));
            }
        }
        return list;
    }

    private static float sign(float value) {
        return value < 0f ? -1f : 1f;
    }
}
