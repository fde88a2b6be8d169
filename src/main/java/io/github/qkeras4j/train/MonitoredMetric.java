package io.github.qkeras4j.train;

import java.util.Map;

/**
 * The best value so far of a metric that a callback watches, with Keras's {@code mode='auto'}:
 * higher is better for accuracies (names containing "acc"), lower for everything else.
 */
final class MonitoredMetric {
    private final String name;
    private final double minDelta;
    private final boolean higherIsBetter;
    private double best;

    MonitoredMetric(String name, double minDelta) {
        this.name = name;
        this.minDelta = Math.abs(minDelta);
        this.higherIsBetter = name.contains("acc");
        reset();
    }

    void reset() {
        best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    String name() {
        return name;
    }

    double best() {
        return best;
    }

    /**
     * Reads the metric from an epoch's logs and returns whether it beat the best value by more than
     * {@code minDelta}, in which case it becomes the new best.
     *
     * @throws IllegalArgumentException when the logs do not contain the metric
     */
    boolean improvedIn(Map<String, Double> logs, String callback) {
        Double value = logs.get(name);
        if (value == null) {
            throw new IllegalArgumentException(callback + " monitors '" + name + "', which is not among the metrics "
                    + logs.keySet() + "; pass validation data for val_* metrics or monitor one of those");
        }
        boolean improved = higherIsBetter ? value - minDelta > best : value + minDelta < best;
        if (improved) {
            best = value;
        }
        return improved;
    }
}
