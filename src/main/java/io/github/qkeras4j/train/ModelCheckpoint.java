package io.github.qkeras4j.train;

import io.github.qkeras4j.io.KerasModelWriter;
import io.github.qkeras4j.models.ModelFile;
import io.github.qkeras4j.models.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Keras's {@code ModelCheckpoint}: saves the model after every epoch (as Keras .h5 when the path ends
 * with {@code .h5}, otherwise in qkeras4j's format, which holds Sequential models), or with
 * {@code saveBestOnly} only when {@code monitor} improved (lower for losses, higher for accuracies).
 * The path may contain {@code {epoch}}, replaced by the 1-based epoch number, to keep one file per
 * epoch.
 */
public final class ModelCheckpoint implements Callback {
    private final String pathPattern;
    private final MonitoredMetric monitor;
    private final boolean saveBestOnly;

    public ModelCheckpoint(String pathPattern, String monitor, boolean saveBestOnly) {
        this.pathPattern = pathPattern;
        this.monitor = new MonitoredMetric(monitor, 0.0);
        this.saveBestOnly = saveBestOnly;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        monitor.reset();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        if (saveBestOnly && !monitor.improvedIn(logs, "ModelCheckpoint")) {
            return;
        }
        Path path = Path.of(pathPattern.replace("{epoch}", String.valueOf(epoch + 1)));
        try {
            if (path.getFileName().toString().endsWith(".h5")) {
                KerasModelWriter.writeH5(state.model(), path);
            } else if (state.model() instanceof Sequential sequential) {
                ModelFile.save(sequential, path);
            } else {
                throw new IllegalArgumentException("ModelCheckpoint path " + path + ": a functional model is saved as "
                        + "Keras .h5; end the path with .h5");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + path + ": " + e.getMessage(), e);
        }
    }
}
