package io.github.qkeras4j.models;

import io.github.qkeras4j.autograd.OpCategory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code History}: per-epoch values of each metric ({@code loss}, {@code accuracy},
 * {@code val_loss}, {@code val_accuracy}, {@code lr}) and the wall time of each epoch.
 */
public final class History {
    private final Map<String, List<Double>> metrics = new LinkedHashMap<>();
    private final List<Double> epochSeconds = new ArrayList<>();
    private String stopReason;
    private final Map<OpCategory, Long> profileNanos = new EnumMap<>(OpCategory.class);

    /** Appends one epoch's metrics and its duration. */
    public void record(Map<String, Double> logs, double seconds) {
        for (Map.Entry<String, Double> entry : logs.entrySet()) {
            metrics.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue());
        }
        epochSeconds.add(seconds);
    }

    /** Values of a metric per epoch; empty if it was never recorded. */
    public List<Double> get(String metric) {
        return Collections.unmodifiableList(metrics.getOrDefault(metric, List.of()));
    }

    /** All metrics in the order they were first recorded. */
    public Map<String, List<Double>> metrics() {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        metrics.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    public List<Double> epochSeconds() {
        return List.copyOf(epochSeconds);
    }

    /** Number of epochs that completed. */
    public int epochs() {
        return epochSeconds.size();
    }

    /** Why training stopped before the last epoch (early stopping, a non-finite loss), or null. */
    public String stopReason() {
        return stopReason;
    }

    void setStopReason(String reason) {
        stopReason = reason;
    }

    /**
     * Time spent in each op category (forward and backward) during training, in nanoseconds; empty
     * unless {@link FitOptions#profile()} was set.
     */
    public Map<OpCategory, Long> profileNanos() {
        return Map.copyOf(profileNanos);
    }

    void setProfileNanos(Map<OpCategory, Long> nanos) {
        profileNanos.putAll(nanos);
    }
}
