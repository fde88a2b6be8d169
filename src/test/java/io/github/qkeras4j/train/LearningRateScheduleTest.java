package io.github.qkeras4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void stepDecayDropsEveryPeriod() {
        StepDecay schedule = new StepDecay(0.5, 3);

        assertEquals(0.1, schedule.learningRate(0, 0.1));
        assertEquals(0.1, schedule.learningRate(2, 0.1));
        assertEquals(0.05, schedule.learningRate(3, 0.1));
        assertEquals(0.025, schedule.learningRate(6, 0.1));
    }

    @Test
    void exponentialDecayIsContinuousUnlessStaircase() {
        ExponentialDecay smooth = new ExponentialDecay(0.25, 2, false);
        ExponentialDecay staircase = new ExponentialDecay(0.25, 2, true);

        assertEquals(0.5, smooth.learningRate(1, 1.0), 1e-12);
        assertEquals(0.25, smooth.learningRate(2, 1.0), 1e-12);
        assertEquals(1.0, staircase.learningRate(1, 1.0));
        assertEquals(0.25, staircase.learningRate(3, 1.0));
    }

    @Test
    void cosineDecayFallsToAlphaAndStays() {
        CosineDecay schedule = new CosineDecay(4, 0.1);

        assertEquals(1.0, schedule.learningRate(0, 1.0), 1e-12);
        // Halfway: cos(π/2) = 0, so (1 − 0.1)·0.5 + 0.1.
        assertEquals(0.55, schedule.learningRate(2, 1.0), 1e-12);
        assertEquals(0.1, schedule.learningRate(4, 1.0), 1e-12);
        assertEquals(0.1, schedule.learningRate(9, 1.0), 1e-12);
    }

    @Test
    void constantKeepsInitialRate() {
        assertEquals(0.003, LearningRateSchedule.constant().learningRate(17, 0.003));
    }

    @Test
    void schedulesRejectInvalidArguments() {
        IllegalArgumentException factor = assertThrows(IllegalArgumentException.class, () -> new StepDecay(0, 1));
        IllegalArgumentException epochs = assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0, 0));

        assertEquals("step decay: factor must be in (0, 1], received 0.0", factor.getMessage());
        assertEquals("cosine decay: decay epochs must be >= 1, received 0", epochs.getMessage());
    }
}
