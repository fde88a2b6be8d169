package io.github.qkeras4j.io;

import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.models.Functional;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerContext;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.Set;

/**
 * The acceptance rule for outputs compared with QKeras. Outputs must be equal bit for bit, with one
 * exception: an element may sit one step of the last quantizer away, because TensorFlow's float32
 * summation order can put a value on the other side of a rounding tie. Such elements are counted
 * and must stay under 0.5% of the outputs. Outputs with no quantizer after the last weight layer
 * must agree to 1e-5 relative.
 *
 * @param elements   number of output elements
 * @param exact      elements equal bit for bit (+0 and -0 count as equal)
 * @param ties       elements one step of the last quantizer apart
 * @param close      float elements within 1e-5 relative
 * @param mismatched elements that differ by more
 * @param firstBad   description of the first mismatched element, or empty
 */
record OutputComparison(int elements, int exact, int ties, int close, int mismatched, String firstBad) {
    static final double RELATIVE_TOLERANCE = 1e-5;

    /** Layers that pass their input's grid through unchanged. */
    private static final Set<String> GRID_PRESERVING = Set.of("Flatten", "Reshape", "Dropout", "MaxPooling2D");

    boolean passes() {
        return mismatched == 0 && ties * 200L < elements;
    }

    String summary() {
        String text = exact + "/" + elements + " exact";
        if (ties > 0) {
            text += ", " + ties + " tie step(s)";
        }
        if (close > 0) {
            text += ", " + close + " within 1e-5 rel";
        }
        if (mismatched > 0) {
            text += ", " + mismatched + " differ (first " + firstBad + ")";
        }
        return text;
    }

    /** Compares {@code actual} (qkeras4j) with {@code expected} (QKeras) for the model's first output. */
    static OutputComparison of(Model model, Tensor actual, Tensor expected) {
        if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
            return new OutputComparison(expected.size(), 0, 0, 0, expected.size(), "shape "
                    + java.util.Arrays.toString(actual.shape()) + " vs " + java.util.Arrays.toString(expected.shape()));
        }
        Quantizer last = lastQuantizer(model);
        float[] a = actual.data();
        float[] e = expected.data();
        int exact = 0;
        int ties = 0;
        int close = 0;
        int bad = 0;
        String firstBad = "";
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) == Float.floatToRawIntBits(e[i]) || (a[i] == 0f && e[i] == 0f)) {
                exact++;
            } else if (last != null && adjacent(last, a[i], e[i])) {
                ties++;
            } else if (last == null && Math.abs(a[i] - e[i]) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a[i]), Math.abs(e[i]))) {
                close++;
            } else {
                if (bad++ == 0) {
                    firstBad = "index " + i + ": " + a[i] + " vs QKeras " + e[i];
                }
            }
        }
        return new OutputComparison(a.length, exact, ties, close, bad, firstBad);
    }

    /**
     * The quantizer whose grid the first output lies on: the activation quantizer of the output
     * layer, looking through layers that keep the grid; null for a float output.
     */
    static Quantizer lastQuantizer(Model model) {
        Layer layer = outputLayer(model);
        while (layer != null && GRID_PRESERVING.contains(layer.className())) {
            layer = producer(model, layer);
        }
        return layer == null ? null : layer.quantizers().get("activation");
    }

    private static Layer outputLayer(Model model) {
        if (model instanceof Functional functional) {
            return functional.layers().stream().filter(l -> l.name().equals(functional.outputs().getFirst()))
                    .findFirst().orElse(null);
        }
        return model.layers().getLast();
    }

    private static Layer producer(Model model, Layer layer) {
        if (model instanceof Sequential) {
            List<Layer> layers = model.layers();
            int index = layers.indexOf(layer);
            return index > 0 ? layers.get(index - 1) : null;
        }
        Functional functional = (Functional) model;
        for (Functional.Call call : functional.calls()) {
            if (call.layer() == layer && call.inbound().size() == 1) {
                String source = call.inbound().getFirst();
                return functional.layers().stream().filter(l -> l.name().equals(source)).findFirst().orElse(null);
            }
        }
        return null;
    }

    /**
     * True when {@code a} and {@code b} are neighbouring points of the quantizer's grid: both are
     * fixed points, and their midpoint quantizes to one of them (a grid point between them would be
     * nearer to the midpoint).
     */
    static boolean adjacent(Quantizer quantizer, float a, float b) {
        return quantize(quantizer, a) == a && quantize(quantizer, b) == b
                && (quantize(quantizer, (a + b) / 2f) == a || quantize(quantizer, (a + b) / 2f) == b);
    }

    private static float quantize(Quantizer quantizer, float value) {
        Tensor out = Tensor.zeros(1);
        quantizer.forward(Tensor.of(new float[] {value}, 1), out, QuantizerContext.inference());
        return out.data()[0];
    }
}
