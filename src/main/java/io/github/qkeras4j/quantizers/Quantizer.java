package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A QKeras quantizer: a typed object with a forward value, a straight-through gradient rule, a spec
 * string and a config. Layers hold quantizers and call them on every forward pass; the float values
 * they quantize stay the trainable variables.
 *
 * <p>Implementations follow QKeras's float32 numerics exactly (half-to-even rounding, QKeras's order
 * of operations, per-channel scales over the last axis). Like QKeras quantizers, an instance may keep
 * state from its last call (the auto-alpha {@link #scale()}); give every layer its own instance.
 */
public interface Quantizer {
    /** The QKeras class or function name, for example {@code quantized_bits}. */
    String name();

    /**
     * Computes {@code out = Q(x)} element by element (statistics such as auto scales are taken over
     * the axes QKeras uses). {@code out} has the shape of {@code x} and may be the same tensor.
     */
    void forward(Tensor x, Tensor out, QuantizerContext context);

    /**
     * Adds the straight-through gradient: {@code gradIn += dQ/dx ⊙ gradOut}, where {@code x} and
     * {@code out} are the input and output of the matching {@link #forward} call.
     */
    void backward(Tensor x, Tensor out, Tensor gradOut, Tensor gradIn);

    /** The canonical QKeras spec string; parsing it gives back an equal quantizer. */
    String spec();

    /** QKeras's {@code get_config()} dictionary, with keys in QKeras's order. */
    Map<String, Object> config();

    /**
     * The quantizer a weight layer uses for its kernel: QKeras's {@code _set_trainable_parameter()},
     * which turns alpha None into 'auto_po2' for the quantizers that have an alpha.
     */
    default Quantizer forKernel() {
        return this;
    }

    /** Upper clipping bound QKeras reports as {@code max()}, used for weight constraints. */
    double max();

    /** Lower clipping bound QKeras reports as {@code min()}. */
    double min();

    /** QKeras's {@code bits} attribute, or empty for the plain functions. */
    default OptionalInt bits() {
        return OptionalInt.empty();
    }

    /** QKeras's {@code integer} attribute (integer bits), or empty when the quantizer has none. */
    default OptionalInt integer() {
        return OptionalInt.empty();
    }

    /**
     * QKeras's {@code range()}: every value of the quantization grid in QKeras's order, or null when
     * QKeras does not define it for this quantizer or these parameters.
     */
    default float[] range() {
        return null;
    }

    /** The scale after the last call, in QKeras's shape, or null when the quantizer has none. */
    default Tensor scale() {
        return null;
    }

    /**
     * Splits the last output of {@link #forward} into integer codes and scales so that
     * {@code code × scale} equals each output bit for bit, or returns null when this quantizer has
     * no fixed-point grid.
     */
    default IntegerCodes integerCodes(Tensor out) {
        return null;
    }
}
