package io.github.qkeras4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PaddingTest {
    @Test
    void fromKerasIgnoresCase() {
        assertEquals(Padding.SAME, Padding.fromKeras("same"));
        assertEquals(Padding.VALID, Padding.fromKeras("VALID"));
    }

    @Test
    void kerasNameIsLowerCase() {
        assertEquals("same", Padding.SAME.kerasName());
    }

    @Test
    void fromKerasRejectsCausal() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Padding.fromKeras("causal"));

        assertEquals("padding must be 'valid' or 'same', received 'causal'", e.getMessage());
    }
}
