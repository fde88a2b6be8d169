package io.github.qkeras4j.train;

/**
 * Multiplies the learning rate by {@code factor} every {@code epochsPerDrop} epochs:
 * {@code lr(epoch) = lr0 · factor^floor(epoch / epochsPerDrop)}.
 */
public record StepDecay(double factor, int epochsPerDrop) implements LearningRateSchedule {
    public StepDecay {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("step decay: factor must be in (0, 1], received " + factor);
        }
        if (epochsPerDrop < 1) {
            throw new IllegalArgumentException("step decay: epochs per drop must be >= 1, received " + epochsPerDrop);
        }
    }

    @Override
    public double learningRate(int epoch, double initialLearningRate) {
        return initialLearningRate * Math.pow(factor, Math.floorDiv(epoch, epochsPerDrop));
    }
}
