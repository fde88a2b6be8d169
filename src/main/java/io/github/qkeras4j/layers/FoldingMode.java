package io.github.qkeras4j.layers;

import java.util.Locale;

/** The use of batch statistics in the training of QKeras's folded layers, QKeras's {@code folding_mode}. */
public enum FoldingMode {
    /**
     * The kernel always uses the moving statistics, the bias the batch ones, and the output is
     * rescaled by {@code sqrt(σ²_m + ε) · rsqrt(σ²_b + ε)} before the bias (QKeras's default).
     */
    EMA_STATS_FOLDING,
    /** Kernel and bias both use the batch statistics. */
    BATCH_STATS_FOLDING;

    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FoldingMode fromKeras(String value) {
        for (FoldingMode mode : values()) {
            if (mode.kerasName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("folding_mode must be 'ema_stats_folding' or 'batch_stats_folding',"
                + " received '" + value + "'");
    }
}
