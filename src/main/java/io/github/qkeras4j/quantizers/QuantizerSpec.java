package io.github.qkeras4j.quantizers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns QKeras quantizer descriptions into {@link Quantizer} objects: spec strings such as
 * {@code quantized_bits(4,0,1,alpha='auto_po2')}, {@code "binary"} or {@code quantized_relu(3)}, and the
 * {@code {"class_name", "config"}} form Keras writes into model files. One registry of names serves
 * both. Nothing is evaluated: the string is parsed (see the grammar in {@link SpecParser}) and the
 * values are checked against each quantizer's parameters.
 */
public final class QuantizerSpec {
    /** How to build one named quantizer from bound arguments. */
    private record Entry(Signature signature, Function<Arguments, Quantizer> factory) {
    }

    private static final Map<String, Entry> CLASSES = new LinkedHashMap<>();
    private static final Map<String, Quantizer> FUNCTIONS = new LinkedHashMap<>();

    static {
        // The 14 classes of QKeras's quantizer registry, in its order.
        register(QuantizedLinear.SIGNATURE, QuantizedLinear::fromArguments);
        register(QuantizedBits.SIGNATURE, QuantizedBits::fromArguments);
        register(Bernoulli.SIGNATURE, Bernoulli::fromArguments);
        register(Ternary.SIGNATURE, Ternary::fromArguments);
        register(StochasticTernary.SIGNATURE, StochasticTernary::fromArguments);
        register(Binary.SIGNATURE, Binary::fromArguments);
        register(StochasticBinary.SIGNATURE, StochasticBinary::fromArguments);
        register(QuantizedRelu.SIGNATURE, QuantizedRelu::fromArguments);
        register(QuantizedUlaw.SIGNATURE, QuantizedUlaw::fromArguments);
        register(QuantizedTanh.SIGNATURE, QuantizedTanh::fromArguments);
        register(QuantizedSigmoid.SIGNATURE, QuantizedSigmoid::fromArguments);
        register(QuantizedPo2.SIGNATURE, QuantizedPo2::fromArguments);
        register(QuantizedReluPo2.SIGNATURE, QuantizedReluPo2::fromArguments);
        register(QuantizedHswish.SIGNATURE, QuantizedHswish::fromArguments);
        for (PlainFunction function : PlainFunction.ALL) {
            FUNCTIONS.put(function.name(), function);
        }
    }

    private QuantizerSpec() {
    }

    private static void register(Signature signature, Function<Arguments, Quantizer> factory) {
        CLASSES.put(signature.quantizer(), new Entry(signature, factory));
    }

    /** The names of the quantizer classes, in registration order. */
    public static List<String> quantizerNames() {
        return List.copyOf(CLASSES.keySet());
    }

    /** The names of the plain functions (hard_sigmoid, …), which are written without parentheses. */
    public static List<String> functionNames() {
        return List.copyOf(FUNCTIONS.keySet());
    }

    /**
     * Parses a QKeras spec string.
     *
     * @throws QuantizerSpecException with a one-line message naming the bad part
     */
    public static Quantizer parse(String spec) {
        SpecParser.Call call = SpecParser.parse(spec);
        Quantizer function = FUNCTIONS.get(call.name());
        if (function != null) {
            if (call.hasArgumentList()) {
                throw new QuantizerSpecException("invalid quantizer spec \"" + SpecParser.oneLine(spec) + "\": "
                        + call.name() + " is a function; write it without parentheses");
            }
            return function;
        }
        Entry entry = entry(call.name());
        try {
            Map<String, Object> bound = entry.signature().bind(call.positional(), call.keywords());
            return entry.factory().apply(new Arguments(entry.signature(), bound));
        } catch (IllegalArgumentException e) {
            throw new QuantizerSpecException("invalid quantizer spec \"" + SpecParser.oneLine(spec) + "\": "
                    + SpecParser.oneLine(e.getMessage()));
        }
    }

    /**
     * Builds a quantizer from QKeras's serialized form {@code {"class_name": …, "config": {…}}}, with
     * values as Jackson reads JSON (Integer, Long, Double, Boolean, String, null, List).
     *
     * @throws QuantizerSpecException for an unknown class, an unknown key or an invalid value
     */
    public static Quantizer fromConfig(String className, Map<String, Object> config) {
        if (className == null) {
            throw new QuantizerSpecException("quantizer config has no class_name");
        }
        Quantizer function = FUNCTIONS.get(className);
        if (function != null) {
            if (config != null && !config.isEmpty()) {
                throw new QuantizerSpecException(className + " is a function and takes no config, received " + config);
            }
            return function;
        }
        Entry entry = entry(className);
        try {
            Map<String, Object> keywords = new LinkedHashMap<>();
            if (config != null) {
                for (Map.Entry<String, Object> item : config.entrySet()) {
                    keywords.put(item.getKey(), normalized(className, item.getKey(), item.getValue()));
                }
            }
            Map<String, Object> bound = entry.signature().bind(List.of(), keywords);
            return entry.factory().apply(new Arguments(entry.signature(), bound));
        } catch (QuantizerSpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new QuantizerSpecException(SpecParser.oneLine(e.getMessage()));
        }
    }

    /** {@link #fromConfig(String, Map)} for the whole {@code {"class_name", "config"}} object. */
    @SuppressWarnings("unchecked")
    public static Quantizer fromConfig(Map<String, Object> serialized) {
        Object className = serialized.get("class_name");
        Object config = serialized.get("config");
        if (!(className instanceof String name)) {
            throw new QuantizerSpecException("quantizer config needs a string class_name, received " + className);
        }
        if (config != null && !(config instanceof Map)) {
            throw new QuantizerSpecException(name + ": config must be an object, received " + config);
        }
        return fromConfig(name, (Map<String, Object>) config);
    }

    private static Entry entry(String name) {
        Entry entry = CLASSES.get(name);
        if (entry == null) {
            throw new QuantizerSpecException("unknown quantizer '" + SpecParser.oneLine(name) + "'; known quantizers: "
                    + String.join(", ", CLASSES.keySet()) + "; functions: " + String.join(", ", FUNCTIONS.keySet()));
        }
        return entry;
    }

    /** Jackson values as the Python values the parser produces: Long for integers, Double for floats. */
    private static Object normalized(String className, String key, Object value) {
        if (value == null || value instanceof Boolean || value instanceof String || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float || value instanceof java.math.BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof java.math.BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            for (Object item : list) {
                items.add(normalized(className, key, item));
            }
            return Collections.unmodifiableList(items);
        }
        throw new QuantizerSpecException(className + ": config value of " + key + " must be a number, boolean,"
                + " string, null or list, received " + value.getClass().getSimpleName() + " " + value);
    }
}
