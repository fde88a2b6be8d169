package io.github.qkeras4j.train;

import java.util.Map;

/**
 * Stops training at the first batch whose loss is NaN or infinite (Keras's {@code TerminateOnNaN}),
 * naming the epoch, the batch and the value.
 */
public final class TerminateOnNaN implements Callback {
    private int epoch;

    @Override
    public void onEpochBegin(int epoch, TrainingState state) {
        this.epoch = epoch;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs, TrainingState state) {
        Double loss = logs.get("batch_loss");
        if (loss != null && !Double.isFinite(loss)) {
            state.stopTraining("loss became " + loss + " at epoch " + (epoch + 1) + ", batch " + (batch + 1)
                    + "; lower the learning rate or check the inputs for NaN or infinite values");
        }
    }
}
