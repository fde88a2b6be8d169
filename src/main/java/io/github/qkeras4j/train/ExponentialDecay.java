package io.github.qkeras4j.train;

/**
 * Keras's {@code ExponentialDecay} counted in epochs instead of steps:
 * {@code lr(epoch) = lr0 · rate^(epoch / decayEpochs)}, with the exponent floored when
 * {@code staircase} is set.
 */
public record ExponentialDecay(double rate, double decayEpochs, boolean staircase) implements LearningRateSchedule {
    public ExponentialDecay {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("exponential decay: rate must be in (0, 1], received " + rate);
        }
        if (!(decayEpochs > 0 && Double.isFinite(decayEpochs))) {
            throw new IllegalArgumentException("exponential decay: decay epochs must be a finite number > 0, received "
                    + decayEpochs);
        }
    }

    @Override
    public double learningRate(int epoch, double initialLearningRate) {
        double exponent = epoch / decayEpochs;
        if (staircase) {
            exponent = Math.floor(exponent);
        }
        return initialLearningRate * Math.pow(rate, exponent);
    }
}
