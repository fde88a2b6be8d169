package io.github.qkeras4j.quantizers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The constructor parameters of a QKeras quantizer in positional order, with their defaults as Python
 * values, plus the keys and order of its {@code get_config()}.
 *
 * @param quantizer      the QKeras name
 * @param parameters     parameter names in positional order
 * @param defaults       default of each parameter (Boolean, Long, Double, String, List or null)
 * @param alwaysPrinted  how many leading parameters the canonical spec prints positionally
 * @param configKeys     the keys of QKeras's {@code get_config()}, in its order
 * @param acceptedOnly   parameters that are accepted but do not change any value and are not kept
 */
record Signature(String quantizer, List<String> parameters, List<Object> defaults, int alwaysPrinted,
                 List<String> configKeys, List<String> acceptedOnly) {

    /** Starts a signature; add parameters in QKeras's positional order. */
    static Builder of(String quantizer) {
        return new Builder(quantizer);
    }

    Object defaultOf(String name) {
        int index = parameters.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException(quantizer + " has no parameter " + name);
        }
        return defaults.get(index);
    }

    /**
     * Binds positional and keyword arguments to parameter names, like a Python call.
     *
     * @throws QuantizerSpecException for too many positional arguments, an unknown keyword or a
     *                                parameter given twice
     */
    Map<String, Object> bind(List<Object> positional, Map<String, Object> keywords) {
        if (positional.size() > parameters.size()) {
            throw new QuantizerSpecException(quantizer + " takes at most " + parameters.size()
                    + " positional arguments (" + String.join(", ", parameters) + "), received "
                    + positional.size());
        }
        Map<String, Object> bound = new LinkedHashMap<>();
        for (int i = 0; i < positional.size(); i++) {
            bound.put(parameters.get(i), positional.get(i));
        }
        for (Map.Entry<String, Object> entry : keywords.entrySet()) {
            String name = entry.getKey();
            if (!parameters.contains(name)) {
                throw new QuantizerSpecException(quantizer + " has no parameter '" + name + "'; its parameters are "
                        + String.join(", ", parameters));
            }
            if (bound.containsKey(name)) {
                throw new QuantizerSpecException(quantizer + ": parameter " + name
                        + " is given both by position and by keyword");
            }
            bound.put(name, entry.getValue());
        }
        return bound;
    }

    /** Collects the parameters of one quantizer. */
    static final class Builder {
        private final String quantizer;
        private final List<String> names = new ArrayList<>();
        private final List<Object> defaults = new ArrayList<>();
        private int alwaysPrinted;
        private List<String> configKeys = List.of();
        private List<String> acceptedOnly = List.of();

        private Builder(String quantizer) {
            this.quantizer = quantizer;
        }

        Builder parameter(String name, Object defaultValue) {
            names.add(name);
            defaults.add(defaultValue);
            return this;
        }

        /** The first {@code count} parameters are always printed, positionally, in the canonical spec. */
        Builder alwaysPrinted(int count) {
            this.alwaysPrinted = count;
            return this;
        }

        Builder config(String... keys) {
            this.configKeys = List.of(keys);
            return this;
        }

        Builder acceptedOnly(String... keys) {
            this.acceptedOnly = List.of(keys);
            return this;
        }

        Signature build() {
            return new Signature(quantizer, List.copyOf(names), java.util.Collections.unmodifiableList(
                    new ArrayList<>(defaults)), alwaysPrinted, configKeys, acceptedOnly);
        }
    }
}
