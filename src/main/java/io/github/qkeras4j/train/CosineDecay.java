package io.github.qkeras4j.train;

/**
 * Keras's {@code CosineDecay} (without warm-up) counted in epochs instead of steps:
 * {@code lr(epoch) = lr0 · ((1 − alpha) · ½ · (1 + cos(π · e / decayEpochs)) + alpha)} with
 * {@code e = min(epoch, decayEpochs)}, so the rate falls from {@code lr0} to {@code alpha · lr0} and
 * stays there.
 */
public record CosineDecay(int decayEpochs, double alpha) implements LearningRateSchedule {
    public CosineDecay {
        if (decayEpochs < 1) {
            throw new IllegalArgumentException("cosine decay: decay epochs must be >= 1, received " + decayEpochs);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("cosine decay: alpha must be in [0, 1], received " + alpha);
        }
    }

    @Override
    public double learningRate(int epoch, double initialLearningRate) {
        double progress = Math.min(epoch, decayEpochs) / (double) decayEpochs;
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }
}
