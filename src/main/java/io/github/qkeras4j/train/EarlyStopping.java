package io.github.qkeras4j.train;

import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code EarlyStopping}: stops when {@code monitor} has not improved by more than
 * {@code minDelta} for {@code patience} epochs. "Improved" means lower for losses and higher for
 * accuracies (Keras's {@code mode='auto'}). With {@code restoreBestWeights} the model gets the
 * weights of its best epoch back when training stops.
 */
public final class EarlyStopping implements Callback {
    private final MonitoredMetric monitor;
    private final int patience;
    private final boolean restoreBestWeights;
    private int wait;
    private List<Tensor> bestWeights;

    public EarlyStopping(String monitor, double minDelta, int patience, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, received " + patience);
        }
        this.monitor = new MonitoredMetric(monitor, minDelta);
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        monitor.reset();
        wait = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        if (monitor.improvedIn(logs, "EarlyStopping")) {
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = state.model().weightValues();
            }
            return;
        }
        wait++;
        if (wait >= patience) {
            state.stopTraining("early stopping: " + monitor.name() + " did not improve for " + wait + " epochs (best "
                    + monitor.best() + ")");
            if (restoreBestWeights && bestWeights != null) {
                state.model().setWeightValues(bestWeights);
            }
        }
    }
}
