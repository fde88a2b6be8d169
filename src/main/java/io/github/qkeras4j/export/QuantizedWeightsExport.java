package io.github.qkeras4j.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.io.AtomicFiles;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.quantizers.IntegerCodes;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code quantized_weights.json}: every quantized weight of a model as integer codes and
 * scales, such that {@code codes[i] × scale[channel(i)]} equals, bit for bit, the float value the
 * forward pass uses. The schema (format {@code qkeras4j-quantized-weights}, version 1) is described
 * in docs/formats.md:
 * <pre>
 * {"format": "qkeras4j-quantized-weights", "version": 1, "layers": [
 *   {"layer": "q_conv2d", "class_name": "QConv2D", "weights": [
 *     {"name": "kernel", "quantizer": "quantized_bits(4,0,1,alpha='auto_po2')", "shape": [3, 3, 1, 32],
 *      "codes": [...row-major integers...], "code_range": [-7, 7],
 *      "scale_shape": [1, 1, 1, 32], "scale": [...row-major floats...]}]}]}
 * </pre>
 */
public final class QuantizedWeightsExport {
    public static final String FORMAT = "qkeras4j-quantized-weights";
    public static final int VERSION = 1;

    private QuantizedWeightsExport() {
    }

    /** Builds the document for a built model. */
    public static Map<String, Object> document(Sequential model) {
        List<Map<String, Object>> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            List<Map<String, Object>> weights = new ArrayList<>();
            for (Parameter weight : layer.weights()) {
                Quantizer quantizer = layer.quantizerOf(weight);
                if (quantizer != null) {
                    weights.add(weightEntry(layer, weight, quantizer));
                }
            }
            if (!weights.isEmpty()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("layer", layer.name());
                entry.put("class_name", layer.className());
                entry.put("weights", weights);
                layers.add(entry);
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("version", VERSION);
        document.put("layers", layers);
        return document;
    }

    /** Writes the document to {@code path} atomically. */
    public static void write(Sequential model, Path path) throws IOException {
        byte[] json = new ObjectMapper().writeValueAsBytes(document(model));
        AtomicFiles.write(path, out -> out.write(json));
    }

    private static Map<String, Object> weightEntry(Layer layer, Parameter weight, Quantizer quantizer) {
        Tensor quantized = Tensor.zeros(weight.value().shape());
        quantizer.forward(weight.value(), quantized, QuantizerContext.modelInference());
        IntegerCodes codes = quantizer.integerCodes(quantized);
        String where = "layer '" + layer.name() + "' weight '" + weight.name() + "' (" + quantizer.spec() + ")";
        if (codes == null) {
            throw new IllegalStateException(where + ": quantizer " + quantizer.name()
                    + " has no integer form; quantized_weights.json supports fixed-point quantizers such as quantized_bits");
        }
        verify(where, quantized, codes);

        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", weight.name());
        entry.put("quantizer", quantizer.spec());
        entry.put("shape", boxed(codes.shape()));
        entry.put("codes", boxed(codes.codes()));
        entry.put("code_range", List.of(codes.minCode(), codes.maxCode()));
        entry.put("scale_shape", boxed(codes.scale().shape()));
        List<Float> scale = new ArrayList<>();
        for (float s : codes.scale().data()) {
            scale.add(s);
        }
        entry.put("scale", scale);
        return entry;
    }

    /** Checks that every code is in range and that code × scale reproduces the quantized value exactly. */
    static void verify(String where, Tensor quantized, IntegerCodes codes) {
        int[] shape = quantized.shape();
        int[] scaleShape = codes.scale().shape();
        if (!Arrays.equals(shape, codes.shape()) || scaleShape.length != shape.length) {
            throw new IllegalStateException(where + ": integer codes of shape " + Arrays.toString(codes.shape())
                    + " and scale shape " + Arrays.toString(scaleShape) + " do not match the weight shape "
                    + Arrays.toString(shape));
        }
        float[] values = quantized.data();
        float[] scales = codes.scale().data();
        int[] index = new int[shape.length];
        for (int i = 0; i < values.length; i++) {
            int code = codes.codes()[i];
            if (code < codes.minCode() || code > codes.maxCode()) {
                throw new IllegalStateException(where + ": code " + code + " at flat index " + i + " is outside ["
                        + codes.minCode() + ", " + codes.maxCode() + "]");
            }
            int scaleOffset = 0;
            for (int a = 0; a < shape.length; a++) {
                scaleOffset = scaleOffset * scaleShape[a] + (scaleShape[a] == 1 ? 0 : index[a]);
            }
            float rebuilt = code * scales[scaleOffset];
            if (Float.floatToRawIntBits(rebuilt) != Float.floatToRawIntBits(values[i])
                    && !(rebuilt == 0f && values[i] == 0f)) {
                throw new IllegalStateException(where + ": code " + code + " × scale " + scales[scaleOffset] + " = "
                        + rebuilt + " differs from the quantized value " + values[i] + " at flat index " + i);
            }
            for (int a = shape.length - 1; a >= 0 && ++index[a] == shape[a]; a--) {
                index[a] = 0;
            }
        }
    }

    private static List<Integer> boxed(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
