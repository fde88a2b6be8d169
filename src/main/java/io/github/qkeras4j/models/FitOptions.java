package io.github.qkeras4j.models;

import io.github.qkeras4j.data.Dataset;
import io.github.qkeras4j.train.Callback;
import java.util.ArrayList;
import java.util.List;

/**
 * Arguments of {@link Sequential#fit}, with Keras's defaults: batch size 32, one epoch, shuffling,
 * no validation. Build with {@link #builder()}.
 *
 * @param batchSize       samples per step
 * @param epochs          passes over the training data
 * @param shuffle         reshuffle the samples before every epoch
 * @param seed            seeds shuffling, dropout masks and stochastic quantizers
 * @param validationData  data evaluated after every epoch, or null
 * @param validationSplit fraction of the training data (its last samples, taken before shuffling, as
 *                        in Keras) held out for validation when {@code validationData} is null
 * @param callbacks       called at the start and end of training, epochs and batches
 * @param profile         time the ops by category ({@link History#profileNanos()}); costs a clock read per op
 */
public record FitOptions(int batchSize, int epochs, boolean shuffle, long seed, Dataset validationData,
                         double validationSplit, List<Callback> callbacks, boolean profile) {
    public FitOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, received " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, received " + epochs);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("validation split must be in [0, 1), received " + validationSplit);
        }
        callbacks = List.copyOf(callbacks);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link FitOptions}; each setter names the Keras argument it mirrors. */
    public static final class Builder {
        private int batchSize = 32;
        private int epochs = 1;
        private boolean shuffle = true;
        private long seed;
        private Dataset validationData;
        private double validationSplit;
        private final List<Callback> callbacks = new ArrayList<>();
        private boolean profile;

        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        public Builder epochs(int value) {
            epochs = value;
            return this;
        }

        public Builder shuffle(boolean value) {
            shuffle = value;
            return this;
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        public Builder validationData(Dataset value) {
            validationData = value;
            return this;
        }

        public Builder validationSplit(double value) {
            validationSplit = value;
            return this;
        }

        public Builder callback(Callback value) {
            callbacks.add(value);
            return this;
        }

        public Builder profile(boolean value) {
            profile = value;
            return this;
        }

        public FitOptions build() {
            return new FitOptions(batchSize, epochs, shuffle, seed, validationData, validationSplit, callbacks, profile);
        }
    }
}
