package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.autograd.ops.ElementwiseFunction;
import io.github.qkeras4j.autograd.ops.ElementwiseOp;
import io.github.qkeras4j.autograd.ops.QuantizeOp;
import io.github.qkeras4j.autograd.ops.SoftmaxOp;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code activation} argument of a layer: a Keras activation (linear, relu, sigmoid, tanh,
 * softmax) or, in Q-layers, a QKeras quantizer such as {@code quantized_relu(4)}.
 */
public sealed interface ActivationFunction {
    /** Applies the activation to a batch. */
    Variable apply(Variable x, ForwardContext context);

    /** The value Keras writes under {@code activation} in a layer config. */
    Object configValue();

    /** The quantizer, or null for a float activation. */
    default Quantizer quantizer() {
        return null;
    }

    ActivationFunction LINEAR = new Keras(ElementwiseFunction.LINEAR);

    /**
     * Parses a Keras activation name; with {@code allowQuantizers} (Q-layers, QActivation) a QKeras
     * quantizer spec is tried first, as QKeras's {@code get_quantizer} does.
     */
    static ActivationFunction parse(String text, boolean allowQuantizers) {
        if (text == null || text.isEmpty()) {
            return LINEAR;
        }
        if ("softmax".equals(text)) {
            return new Softmax();
        }
        for (ElementwiseFunction function : ElementwiseFunction.values()) {
            if (function.kerasName().equals(text)) {
                return new Keras(function);
            }
        }
        if (allowQuantizers) {
            return new Quantized(QuantizerSpec.parse(text));
        }
        throw new IllegalArgumentException("unknown activation '" + text
                + "'; expected linear, relu, sigmoid, tanh or softmax (QKeras quantizers need a Q-layer)");
    }

    /** A Keras element-wise activation. */
    record Keras(ElementwiseFunction function) implements ActivationFunction {
        @Override
        public Variable apply(Variable x, ForwardContext context) {
            return ElementwiseOp.apply(context.tape(), function, x);
        }

        @Override
        public Object configValue() {
            return function.kerasName();
        }
    }

    /** Keras's softmax over the last axis. */
    record Softmax() implements ActivationFunction {
        @Override
        public Variable apply(Variable x, ForwardContext context) {
            return SoftmaxOp.apply(context.tape(), x);
        }

        @Override
        public Object configValue() {
            return "softmax";
        }
    }

    /** A QKeras quantizer used as an activation. */
    record Quantized(Quantizer quantizer) implements ActivationFunction {
        @Override
        public Variable apply(Variable x, ForwardContext context) {
            return QuantizeOp.apply(context.tape(), quantizer, x, context.quantizers());
        }

        @Override
        public Object configValue() {
            return serialize(quantizer);
        }
    }

    /** A quantizer as Keras serializes it: {@code {"class_name": name, "config": get_config()}}. */
    static Map<String, Object> serialize(Quantizer quantizer) {
        Map<String, Object> serialized = new LinkedHashMap<>();
        serialized.put("class_name", quantizer.name());
        serialized.put("config", quantizer.config());
        return serialized;
    }
}
