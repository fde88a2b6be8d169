package io.github.qkeras4j.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Prints Keras's {@code verbose=2} progress: {@code Epoch 3/10} and then one line per epoch,
 * {@code 422/422 - 41s - 97ms/step - loss: 0.3012 - accuracy: 0.8911 - val_loss: … - val_accuracy: …}.
 * A non-finite value is printed as {@code nan} or {@code inf}, never dropped.
 */
public final class ProgressLogger implements Callback {
    private final PrintStream out;
    private long epochStart;

    public ProgressLogger(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onEpochBegin(int epoch, TrainingState state) {
        out.printf(Locale.ROOT, "Epoch %d/%d%n", epoch + 1, state.epochs());
        epochStart = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "%d/%d - %.0fs - %.0fms/step", state.steps(), state.steps(), seconds,
                1000 * seconds / Math.max(1, state.steps())));
        for (Map.Entry<String, Double> entry : logs.entrySet()) {
            line.append(" - ").append(entry.getKey()).append(": ").append(format(entry.getValue()));
        }
        out.println(line);
        out.flush();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return Math.abs(value) < 1e-3 && value != 0 ? String.format(Locale.ROOT, "%.4e", value)
                : String.format(Locale.ROOT, "%.4f", value);
    }
}
