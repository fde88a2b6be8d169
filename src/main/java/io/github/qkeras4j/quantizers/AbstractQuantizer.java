package io.github.qkeras4j.quantizers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Spec string, config, equality and printing for the quantizer classes, all derived from the
 * parameter values a class reports in {@link #arguments()}. Two quantizers are equal when they are
 * of the same class and print the same canonical spec; state from the last call (the auto scale)
 * does not count.
 */
abstract class AbstractQuantizer implements Quantizer {
    /** The parameters, defaults and config keys of this quantizer's QKeras class. */
    abstract Signature signature();

    /**
     * Every parameter (except those in {@link Signature#acceptedOnly()}) with its value, as a Python
     * value of the same type as the signature's default.
     */
    abstract Map<String, Object> arguments();

    @Override
    public String name() {
        return signature().quantizer();
    }

    /**
     * {@code name(p1,…,pk,key=value,…)}: the always-printed leading parameters positionally, then every
     * other parameter that differs from its default, by keyword; the bare name when nothing is printed.
     */
    @Override
    public String spec() {
        Signature signature = signature();
        Map<String, Object> arguments = arguments();
        StringBuilder text = new StringBuilder();
        List<String> parameters = signature.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            String parameter = parameters.get(i);
            if (!arguments.containsKey(parameter)) {
                continue;
            }
            Object value = arguments.get(parameter);
            if (i < signature.alwaysPrinted()) {
                text.append(text.isEmpty() ? "" : ",").append(PythonValues.format(value));
            } else if (!Objects.equals(value, signature.defaults().get(i))) {
                text.append(text.isEmpty() ? "" : ",").append(parameter).append('=')
                        .append(PythonValues.format(value));
            }
        }
        return text.isEmpty() ? name() : name() + "(" + text + ")";
    }

    /**
     * QKeras's {@code get_config()} keys in QKeras's order, followed by any other parameter that
     * differs from its default (QKeras loses those, for example scale_axis; keeping them lets
     * {@link QuantizerSpec#fromConfig} rebuild an equal quantizer).
     */
    @Override
    public Map<String, Object> config() {
        Signature signature = signature();
        Map<String, Object> arguments = arguments();
        Map<String, Object> config = new LinkedHashMap<>();
        for (String key : signature.configKeys()) {
            config.put(key, arguments.get(key));
        }
        List<String> parameters = signature.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            String parameter = parameters.get(i);
            if (!config.containsKey(parameter) && arguments.containsKey(parameter)
                    && !Objects.equals(arguments.get(parameter), signature.defaults().get(i))) {
                config.put(parameter, arguments.get(parameter));
            }
        }
        return Collections.unmodifiableMap(config);
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && spec().equals(((Quantizer) other).spec());
    }

    @Override
    public int hashCode() {
        return spec().hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }

    /** Python value of a flag QKeras stores as the integer 0 or 1. */
    static Long asInt(boolean flag) {
        return flag ? 1L : 0L;
    }

    /** Python value of an axis list: None, an int, or a list of ints. */
    static Object axesValue(int[] axes) {
        if (axes == null) {
            return null;
        }
        if (axes.length == 1) {
            return (long) axes[0];
        }
        return java.util.Arrays.stream(axes).mapToObj(a -> (Object) (long) a).toList();
    }

    /** Python value of an optional integer. */
    static Object intValue(Integer value) {
        return value == null ? null : (Object) (long) value;
    }

    static void check(boolean condition, String quantizer, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(quantizer + ": " + problem);
        }
    }
}
