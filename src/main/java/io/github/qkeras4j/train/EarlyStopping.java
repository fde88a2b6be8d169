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
    private final String monitor;
    private final double minDelta;
    private final int patience;
    private final boolean restoreBestWeights;
    private final boolean higherIsBetter;
    private double best;
    private int wait;
    private List<Tensor> bestWeights;

    public EarlyStopping(String monitor, double minDelta, int patience, boolean restoreBestWeights) {
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, received " + patience);
        }
        this.monitor = monitor;
        this.minDelta = Math.abs(minDelta);
        this.patience = patience;
        this.restoreBestWeights = restoreBestWeights;
        this.higherIsBetter = monitor.contains("acc");
    }

    @Override
    public void onTrainBegin(TrainingState state) {
        best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingState state) {
        Double value = logs.get(monitor);
        if (value == null) {
            throw new IllegalArgumentException("EarlyStopping monitors '" + monitor + "', which is not among the metrics "
                    + logs.keySet() + "; pass validation data for val_* metrics or monitor one of those");
        }
        boolean improved = higherIsBetter ? value - minDelta > best : value + minDelta < best;
        if (improved) {
            best = value;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = state.model().weightValues();
            }
            return;
        }
        wait++;
        if (wait >= patience) {
            state.stopTraining("early stopping: " + monitor + " did not improve for " + wait + " epochs (best "
                    + best + ")");
            if (restoreBestWeights && bestWeights != null) {
                state.model().setWeightValues(bestWeights);
            }
        }
    }
}
