package io.github.qkeras4j.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.layers.ActivationFunction;
import io.github.qkeras4j.layers.Flatten;
import io.github.qkeras4j.layers.Initializer;
import io.github.qkeras4j.layers.QDense;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizedWeightsExportTest {
    private static Sequential model() {
        return new Sequential(2, 3)
                .add(new Flatten())
                .add(new QDense(null, 4, QuantizerSpec.parse("quantized_bits(4,0,1,alpha='auto_po2')"),
                        QuantizerSpec.parse("quantized_bits(8,3,1)"), ActivationFunction.LINEAR, true,
                        Initializer.HE_NORMAL, Initializer.GLOROT_UNIFORM))
                .build(11);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> weight(Map<String, Object> document, int index) {
        List<Map<String, Object>> layers = (List<Map<String, Object>>) document.get("layers");
        return ((List<Map<String, Object>>) layers.get(0).get("weights")).get(index);
    }

    @Test
    @SuppressWarnings("unchecked")
    void kernelCodesTimesScalesEqualForwardValues() {
        Sequential model = model();
        QDense dense = (QDense) model.layers().get(1);
        Tensor used = Tensor.zeros(dense.kernel().value().shape());
        dense.quantizers().get("kernel_quantizer").forward(dense.kernel().value(), used, QuantizerContext.inference());

        Map<String, Object> kernel = weight(QuantizedWeightsExport.document(model), 0);
        List<Integer> codes = (List<Integer>) kernel.get("codes");
        List<Float> scale = (List<Float>) kernel.get("scale");

        assertEquals(List.of(1, 4), kernel.get("scale_shape"), "one scale per output unit");
        assertEquals(List.of(-7, 7), kernel.get("code_range"));
        for (int i = 0; i < codes.size(); i++) {
            int unit = i % 4;
            assertTrue(codes.get(i) >= -7 && codes.get(i) <= 7, "code " + codes.get(i));
            assertEquals(used.data()[i], codes.get(i) * scale.get(unit), 0f, "element " + i);
        }
        for (float s : scale) {
            assertEquals(s, Math.scalb(1f, Math.getExponent(s)), 0f, "auto_po2 scale " + s + " must be a power of two");
        }
    }

    @Test
    void biasUsesFixedGrid() {
        Map<String, Object> bias = weight(QuantizedWeightsExport.document(model()), 1);

        assertEquals("quantized_bits(8,3,1)", bias.get("quantizer"));
        assertEquals(List.of(-127, 127), bias.get("code_range"));
        assertEquals(List.of(0.0625f), bias.get("scale"));
    }
}
