package io.github.qkeras4j.layers;

import java.util.List;
import java.util.Map;

/** Typed access to one layer's Keras config, with errors that name the layer, the key and the value. */
final class ConfigReader {
    private final String className;
    private final Map<String, Object> config;

    ConfigReader(String className, Map<String, Object> config) {
        this.className = className;
        this.config = config == null ? Map.of() : config;
    }

    /** True when the config has the key, even with a null value. */
    boolean has(String key) {
        return config.containsKey(key);
    }

    Object raw(String key) {
        return config.get(key);
    }

    IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException(className + " '" + config.get("name") + "': invalid " + key + " " + value
                + "; expected " + expected);
    }

    String string(String key, String fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String s) {
            return s;
        }
        throw invalid(key, value, "a string");
    }

    int integer(String key) {
        Object value = config.get(key);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw invalid(key, value, "an integer");
    }

    int integer(String key, int fallback) {
        return config.get(key) == null ? fallback : integer(key);
    }

    double number(String key, Double fallback) {
        Object value = config.get(key);
        if (value == null && fallback != null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw invalid(key, value, "a number");
    }

    boolean bool(String key, boolean fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid(key, value, "true or false");
    }

    /** A Keras size pair: an integer n (meaning (n, n)) or a list of two integers. */
    int[] pair(String key, Integer fallback) {
        Object value = config.get(key);
        if (value == null && fallback != null) {
            return new int[] {fallback, fallback};
        }
        if (value instanceof Number n) {
            return new int[] {n.intValue(), n.intValue()};
        }
        if (value instanceof List<?> list && list.size() == 2 && list.get(0) instanceof Number a
                && list.get(1) instanceof Number b) {
            return new int[] {a.intValue(), b.intValue()};
        }
        throw invalid(key, value, "an integer or a list of two integers");
    }

    /** Reads a Keras 1D size: an integer or a list of one integer. */
    int single(String key, Integer fallback) {
        Object value = config.get(key);
        if (value == null && fallback != null) {
            return fallback;
        }
        Object item = value instanceof List<?> list && list.size() == 1 ? list.get(0) : value;
        if (item instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        throw invalid(key, value, "an integer or a list of one integer");
    }

    int[] optionalPair(String key) {
        return config.get(key) == null ? null : pair(key, null);
    }

    int[] intList(String key) {
        Object value = config.get(key);
        if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof Number)) {
            return list.stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        }
        throw invalid(key, value, "a list of integers");
    }

    /** An initializer given as a name or as {@code {"class_name": "HeNormal", …}}. */
    Initializer initializer(String key, Initializer fallback) {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        // QKeras wraps the initializer of a quantized weight in QInitializer, which only rescales the
        // random draw, so the wrapped initializer is used.
        while (value instanceof Map<?, ?> map && "QInitializer".equals(map.get("class_name"))
                && map.get("config") instanceof Map<?, ?> inner && inner.get("initializer") != null) {
            value = inner.get("initializer");
        }
        String name = value instanceof Map<?, ?> map ? String.valueOf(map.get("class_name")) : String.valueOf(value);
        String snake = name.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        try {
            return Initializer.byName(snake);
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, "one of zeros, ones, glorot_uniform, he_normal, he_uniform");
        }
    }
}
