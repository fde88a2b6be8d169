package io.github.qkeras4j.autograd.ops;

import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/** Argument checks shared by the ops that work per channel (last axis) on {@code [..., channels]} inputs. */
final class ChannelOpSupport {
    private ChannelOpSupport() {
    }

    /**
     * Checks that {@code x} has at least one row of at least one channel and returns the channel count.
     */
    static int requireRows(String operation, Tensor x) {
        if (x.rank() < 1 || x.dim(-1) < 1 || x.size() == 0) {
            throw new IllegalArgumentException(operation + ": input must be [..., channels] with at least one row"
                    + " and one channel, received shape " + Arrays.toString(x.shape()));
        }
        return x.dim(-1);
    }

    /** Checks that an optional per-channel vector has {@code channels} elements. */
    static void requireChannels(String operation, String role, Variable v, int channels) {
        if (v != null && (v.value().rank() != 1 || v.value().size() != channels)) {
            throw new IllegalArgumentException(operation + ": " + role + " must have shape [" + channels
                    + "], received " + Arrays.toString(v.shape()));
        }
    }
}
