package io.github.qkeras4j.quantizers;

import java.util.List;
import java.util.Map;

/**
 * The arguments of one quantizer, bound to parameter names, read as typed values. Missing parameters
 * take the signature's default. A value of the wrong type raises a {@link QuantizerSpecException}
 * that names the quantizer, the parameter, the value and what was expected.
 */
final class Arguments {
    private final Signature signature;
    private final Map<String, Object> values;

    Arguments(Signature signature, Map<String, Object> values) {
        this.signature = signature;
        this.values = values;
    }

    private Object raw(String name) {
        return values.containsKey(name) ? values.get(name) : signature.defaultOf(name);
    }

    /** An integer; Python booleans count as 0/1 and integral floats as integers, as QKeras computes. */
    int integer(String name) {
        Integer value = optionalInteger(name);
        if (value == null) {
            throw invalid(name, null, "an integer");
        }
        return value;
    }

    Integer optionalInteger(String name) {
        Object value = raw(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        if (value instanceof Number number) {
            double v = number.doubleValue();
            if (v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE) {
                return (int) v;
            }
        }
        throw invalid(name, value, "an integer");
    }

    /** A float parameter. */
    double real(String name) {
        Double value = optionalReal(name);
        if (value == null) {
            throw invalid(name, null, "a number");
        }
        return value;
    }

    Double optionalReal(String name) {
        Object value = raw(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number && !(value instanceof Boolean)) {
            return number.doubleValue();
        }
        if (value instanceof Boolean flag) {
            return flag ? 1.0 : 0.0;
        }
        throw invalid(name, value, "a number");
    }

    /** A flag: True/False or 1/0, which QKeras treats alike. */
    boolean flag(String name) {
        Object value = raw(name);
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof Number number && (number.doubleValue() == 0 || number.doubleValue() == 1)) {
            return number.doubleValue() == 1;
        }
        throw invalid(name, value, "True, False, 1 or 0");
    }

    /** One of the given strings. */
    String choice(String name, String... allowed) {
        Object value = raw(name);
        for (String option : allowed) {
            if (option.equals(value)) {
                return option;
            }
        }
        throw invalid(name, value, "one of '" + String.join("', '", allowed) + "'");
    }

    /** alpha: None, a number, 'auto' or 'auto_po2'. */
    Alpha alpha(String name) {
        Object value = raw(name);
        if (value == null) {
            return Alpha.NONE;
        }
        if ("auto".equals(value)) {
            return Alpha.AUTO;
        }
        if ("auto_po2".equals(value)) {
            return Alpha.AUTO_PO2;
        }
        if (value instanceof Number number && !(value instanceof Boolean)) {
            return Alpha.fixed(number.doubleValue());
        }
        throw invalid(name, value, "None, a number, 'auto' or 'auto_po2'");
    }

    /** An axis or list of axes (scale_axis) or counts (elements_per_scale); null for None. */
    int[] axes(String name) {
        Object value = raw(name);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                throw invalid(name, value, "None, an integer or a list of integers");
            }
            int[] result = new int[list.size()];
            for (int i = 0; i < result.length; i++) {
                Object item = list.get(i);
                if (!(item instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                    throw invalid(name, value, "None, an integer or a list of integers");
                }
                result[i] = number.intValue();
            }
            return result;
        }
        Integer single = optionalInteger(name);
        return new int[] {single};
    }

    /**
     * A number or a (possibly nested) list of numbers, flattened in row-major order, or null. QKeras
     * writes post_training_scale as the nested list of its keepdims array.
     */
    float[] floats(String name) {
        Object value = raw(name);
        if (value == null) {
            return null;
        }
        List<Float> flat = new java.util.ArrayList<>();
        if (!flatten(value, flat) || flat.isEmpty()) {
            throw invalid(name, value, "None, a number or a list of numbers");
        }
        float[] result = new float[flat.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = flat.get(i);
        }
        return result;
    }

    private static boolean flatten(Object value, List<Float> into) {
        if (value instanceof Number number && !(value instanceof Boolean)) {
            into.add(number.floatValue());
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!flatten(item, into)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private QuantizerSpecException invalid(String name, Object value, String expected) {
        return new QuantizerSpecException(signature.quantizer() + ": " + name + " must be " + expected
                + ", received " + PythonValues.format(value));
    }
}
