package io.github.qkeras4j.layers;

import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Padding;
import java.util.List;
import java.util.Map;

/**
 * Creates layers from Keras configs ({@code class_name} and the {@code config} dictionary, as parsed
 * JSON: String, Number, Boolean, null, List and Map values). Quantizers may be spec strings or
 * Keras-serialized dictionaries {@code {"class_name": "quantized_bits", "config": {…}}}.
 */
public final class LayerFactory {
    /** The Keras class names this factory builds. */
    public static final List<String> SUPPORTED = List.of("Add", "Concatenate", "ReLU",
            "Dense", "QDense", "Conv2D", "QConv2D", "Activation",
            "QActivation", "Flatten", "Reshape", "Dropout", "BatchNormalization", "MaxPooling2D", "AveragePooling2D",
            "GlobalAveragePooling2D", "QBatchNormalization",
            "QAveragePooling2D", "QGlobalAveragePooling2D", "DepthwiseConv2D", "QDepthwiseConv2D", "SeparableConv2D",
            "QSeparableConv2D", "QConv2DBatchnorm", "QDepthwiseConv2DBatchnorm", "Conv1D", "QConv1D", "SeparableConv1D",
            "QSeparableConv1D");

    private LayerFactory() {
    }

    /** Builds an unbuilt layer of class {@code className} from its config. */
    public static Layer fromConfig(String className, Map<String, Object> config) {
        ConfigReader c = new ConfigReader(className, config);
        String name = c.string("name", null);
        Object dataFormat = c.raw("data_format");
        if (dataFormat != null && !"channels_last".equals(dataFormat)) {
            throw c.invalid("data_format", dataFormat, "'channels_last' (the only layout qkeras4j computes)");
        }
        return switch (className) {
            case "Add" -> new Add(name);
            case "Concatenate" -> new Concatenate(name, c.raw("axis") == null ? -1 : c.integer("axis"));
            case "ReLU" -> new ReLU(name, c.raw("max_value") == null ? null : (float) c.number("max_value", null),
                    (float) c.number("negative_slope", 0.0), (float) c.number("threshold", 0.0));
            case "Dense" -> new Dense(name, c.integer("units"), activation(c, false), c.bool("use_bias", true),
                    c.initializer("kernel_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "QDense" -> new QDense(name, c.integer("units"), quantizer(c, "kernel_quantizer"),
                    quantizer(c, "bias_quantizer"), activation(c, true), c.bool("use_bias", true),
                    c.initializer("kernel_initializer", Initializer.HE_NORMAL),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "Conv2D" -> new Conv2D(name, c.integer("filters"), c.pair("kernel_size", null), c.pair("strides", 1),
                    padding(c), c.pair("dilation_rate", 1), activation(c, false), c.bool("use_bias", true),
                    c.initializer("kernel_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "QConv2D" -> new QConv2D(name, c.integer("filters"), c.pair("kernel_size", null), c.pair("strides", 1),
                    padding(c), c.pair("dilation_rate", 1), quantizer(c, "kernel_quantizer"),
                    quantizer(c, "bias_quantizer"), activation(c, true), c.bool("use_bias", true),
                    c.initializer("kernel_initializer", Initializer.HE_NORMAL),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "Activation" -> new Activation(name, activation(c, false));
            case "QActivation" -> new QActivation(name, activation(c, true));
            case "Flatten" -> new Flatten(name);
            case "Reshape" -> new Reshape(name, c.intList("target_shape"));
            case "Dropout" -> new Dropout(name, (float) c.number("rate", null));
            case "BatchNormalization" -> new BatchNormalization(name, (float) c.number("momentum", 0.99),
                    (float) c.number("epsilon", 1e-3), c.bool("center", true), c.bool("scale", true));
            case "MaxPooling2D" -> new Pooling2D(name, Pooling2D.Kind.MAX, c.pair("pool_size", 2),
                    c.optionalPair("strides"), padding(c));
            case "AveragePooling2D" -> new Pooling2D(name, Pooling2D.Kind.AVERAGE, c.pair("pool_size", 2),
                    c.optionalPair("strides"), padding(c));
            case "GlobalAveragePooling2D" -> new GlobalAveragePooling2D(name);
            case "QBatchNormalization" -> qBatchNormalization(c, name);
            case "QAveragePooling2D" -> new QAveragePooling2D(name, c.pair("pool_size", 2), c.optionalPair("strides"),
                    padding(c), quantizer(c, "average_quantizer"), optionalActivation(c));
            case "QGlobalAveragePooling2D" -> new QGlobalAveragePooling2D(name, c.bool("keepdims", false),
                    quantizer(c, "average_quantizer"), optionalActivation(c));
            case "DepthwiseConv2D" -> new DepthwiseConv2D(name, c.pair("kernel_size", null), c.pair("strides", 1),
                    padding(c), c.integer("depth_multiplier", 1), c.pair("dilation_rate", 1), activation(c, false),
                    c.bool("use_bias", true), c.initializer("depthwise_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "QDepthwiseConv2D" -> new QDepthwiseConv2D(name, c.pair("kernel_size", null), c.pair("strides", 1),
                    padding(c), c.integer("depth_multiplier", 1), c.pair("dilation_rate", 1),
                    quantizer(c, "depthwise_quantizer"), quantizer(c, "bias_quantizer"), activation(c, true),
                    c.bool("use_bias", true), c.initializer("depthwise_initializer", Initializer.HE_NORMAL),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "SeparableConv2D" -> new SeparableConv2D(name, c.integer("filters"), c.pair("kernel_size", null),
                    c.pair("strides", 1), padding(c), c.integer("depth_multiplier", 1), c.pair("dilation_rate", 1),
                    activation(c, false), c.bool("use_bias", true),
                    c.initializer("depthwise_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("pointwise_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "QSeparableConv2D" -> new QSeparableConv2D(name, c.integer("filters"), c.pair("kernel_size", null),
                    c.pair("strides", 1), padding(c), c.integer("depth_multiplier", 1), c.pair("dilation_rate", 1),
                    quantizer(c, "depthwise_quantizer"), quantizer(c, "pointwise_quantizer"),
                    quantizer(c, "bias_quantizer"), activation(c, true), c.bool("use_bias", true),
                    c.initializer("depthwise_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("pointwise_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "QConv2DBatchnorm" -> new QConv2DBatchnorm(name, c.integer("filters"), c.pair("kernel_size", null),
                    c.pair("strides", 1), padding(c), c.pair("dilation_rate", 1), quantizer(c, "kernel_quantizer"),
                    quantizer(c, "bias_quantizer"), activation(c, true), c.bool("use_bias", true),
                    c.initializer("kernel_initializer", Initializer.HE_NORMAL),
                    c.initializer("bias_initializer", Initializer.ZEROS), (float) c.number("momentum", 0.99),
                    (float) c.number("epsilon", 1e-3), c.bool("center", true), c.bool("scale", true),
                    emaFreezeDelay(c), foldingMode(c));
            case "QDepthwiseConv2DBatchnorm" -> new QDepthwiseConv2DBatchnorm(name, c.pair("kernel_size", null),
                    c.pair("strides", 1), padding(c), c.integer("depth_multiplier", 1), c.pair("dilation_rate", 1),
                    quantizer(c, "depthwise_quantizer"), quantizer(c, "bias_quantizer"), activation(c, true),
                    c.bool("use_bias", true), c.initializer("depthwise_initializer", Initializer.HE_NORMAL),
                    c.initializer("bias_initializer", Initializer.ZEROS), (float) c.number("momentum", 0.99),
                    (float) c.number("epsilon", 1e-3), c.bool("center", true), c.bool("scale", true),
                    emaFreezeDelay(c), foldingMode(c));
            case "Conv1D" -> new Conv1D(name, c.integer("filters"), c.single("kernel_size", null),
                    c.single("strides", 1), c.string("padding", "valid"), c.single("dilation_rate", 1),
                    activation(c, false), c.bool("use_bias", true),
                    c.initializer("kernel_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "QConv1D" -> new QConv1D(name, c.integer("filters"), c.single("kernel_size", null),
                    c.single("strides", 1), c.string("padding", "valid"), c.single("dilation_rate", 1),
                    quantizer(c, "kernel_quantizer"), quantizer(c, "bias_quantizer"), activation(c, true),
                    c.bool("use_bias", true), c.initializer("kernel_initializer", Initializer.HE_NORMAL),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "SeparableConv1D" -> new SeparableConv1D(name, c.integer("filters"), c.single("kernel_size", null),
                    c.single("strides", 1), c.string("padding", "valid"), c.integer("depth_multiplier", 1),
                    c.single("dilation_rate", 1), activation(c, false), c.bool("use_bias", true),
                    c.initializer("depthwise_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("pointwise_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            case "QSeparableConv1D" -> new QSeparableConv1D(name, c.integer("filters"), c.single("kernel_size", null),
                    c.single("strides", 1), c.string("padding", "valid"), c.integer("depth_multiplier", 1),
                    c.single("dilation_rate", 1), quantizer(c, "depthwise_quantizer"),
                    quantizer(c, "pointwise_quantizer"), quantizer(c, "bias_quantizer"), activation(c, true),
                    c.bool("use_bias", true), c.initializer("depthwise_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("pointwise_initializer", Initializer.GLOROT_UNIFORM),
                    c.initializer("bias_initializer", Initializer.ZEROS));
            default -> throw new IllegalArgumentException("unsupported layer class '" + className + "' (layer '" + name
                    + "'); supported: " + String.join(", ", SUPPORTED));
        };
    }

    private static QBatchNormalization qBatchNormalization(ConfigReader c, String name) {
        QBatchNormalization.Quantizers quantizers = new QBatchNormalization.Quantizers(
                quantizerOrDefault(c, "beta_quantizer", QBatchNormalization.DEFAULT_BETA),
                quantizerOrDefault(c, "gamma_quantizer", QBatchNormalization.DEFAULT_GAMMA),
                quantizerOrDefault(c, "mean_quantizer", QBatchNormalization.DEFAULT_MEAN),
                quantizerOrDefault(c, "variance_quantizer", QBatchNormalization.DEFAULT_VARIANCE),
                quantizer(c, "inverse_quantizer"));
        return new QBatchNormalization(name, axis(c), (float) c.number("momentum", 0.99), (float) c.number("epsilon", 1e-3),
                c.bool("center", true), c.bool("scale", true), quantizers);
    }

    /** Keras's {@code axis} of a normalization layer: an integer or a list of one integer, -1 when absent. */
    private static int axis(ConfigReader c) {
        Object axis = c.raw("axis");
        Object single = axis instanceof List<?> list && list.size() == 1 ? list.get(0) : axis;
        if (axis == null) {
            return -1;
        }
        if (single instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw c.invalid("axis", axis, "an integer or a list of one integer (the last axis)");
    }

    private static Integer emaFreezeDelay(ConfigReader c) {
        return c.raw("ema_freeze_delay") == null ? null : c.integer("ema_freeze_delay");
    }

    private static FoldingMode foldingMode(ConfigReader c) {
        String value = c.string("folding_mode", "ema_stats_folding");
        try {
            return FoldingMode.fromKeras(value);
        } catch (IllegalArgumentException e) {
            throw c.invalid("folding_mode", value, "'ema_stats_folding' or 'batch_stats_folding'");
        }
    }

    /** QKeras's default quantizer when the key is absent; None when the key is present with null. */
    private static Quantizer quantizerOrDefault(ConfigReader c, String key, String defaultSpec) {
        return c.has(key) ? quantizer(c, key) : QuantizerSpec.parse(defaultSpec);
    }

    private static Padding padding(ConfigReader c) {
        String value = c.string("padding", "valid");
        try {
            return Padding.fromKeras(value);
        } catch (IllegalArgumentException e) {
            throw c.invalid("padding", value, "'valid' or 'same'");
        }
    }

    /** Reads an activation that QKeras applies only when given, so absent or null gives null. */
    private static ActivationFunction optionalActivation(ConfigReader c) {
        return c.raw("activation") == null ? null : activation(c, true);
    }

    private static ActivationFunction activation(ConfigReader c, boolean allowQuantizers) {
        Object value = c.raw("activation");
        if (value == null) {
            return ActivationFunction.LINEAR;
        }
        if (value instanceof String text) {
            try {
                return ActivationFunction.parse(text, allowQuantizers);
            } catch (IllegalArgumentException e) {
                throw c.invalid("activation", text, e.getMessage());
            }
        }
        Quantizer quantizer = quantizer(c, "activation");
        if (quantizer == null || !allowQuantizers) {
            throw c.invalid("activation", value, "a Keras activation name" + (allowQuantizers ? " or a quantizer" : ""));
        }
        return new ActivationFunction.Quantized(quantizer);
    }

    /** A quantizer from a spec string or a serialized dictionary; null when absent. */
    @SuppressWarnings("unchecked")
    static Quantizer quantizer(ConfigReader c, String key) {
        Object value = c.raw(key);
        try {
            if (value == null) {
                return null;
            }
            if (value instanceof String spec) {
                return spec.isBlank() ? null : QuantizerSpec.parse(spec);
            }
            if (value instanceof Map<?, ?> map && map.get("class_name") instanceof String quantizerClass) {
                Object inner = map.get("config");
                Map<String, Object> quantizerConfig = inner instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                return QuantizerSpec.fromConfig(quantizerClass, quantizerConfig);
            }
        } catch (IllegalArgumentException e) {
            throw c.invalid(key, value, e.getMessage());
        }
        throw c.invalid(key, value, "a quantizer spec string or {\"class_name\": …, \"config\": …}");
    }
}
