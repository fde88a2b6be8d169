package io.github.qkeras4j.data;

/**
 * Seeded shuffling of sample orders, one permutation per call.
 *
 * <p>Each call resets the order to {@code 0, 1, ..., n − 1} and applies a Fisher–Yates shuffle. The
 * random numbers come from SplitMix64: the generator of Steele, Lea and Flood ("Fast splittable
 * pseudorandom number generators", OOPSLA 2014) with the Stafford variant-13 finalizer, as in Vigna's
 * reference {@code splitmix64.c}. It is written out here rather than taken from {@code java.util},
 * whose algorithms the JDK does not promise to keep, so the k-th permutation depends only on the seed,
 * k and n, on every run and every JDK.
 */
public final class Shuffler {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public Shuffler(long seed) {
        this.state = seed;
    }

    /** Overwrites {@code order} with the next random permutation of {@code 0 .. order.length − 1}. */
    public void shuffle(int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** Next SplitMix64 output. */
    long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Returns a uniform int in {@code [0, bound)}. Draws from the incomplete last interval are rejected to avoid bias. */
    int nextInt(int bound) {
        while (true) {
            long draw = nextLong() >>> 1;
            long value = draw % bound;
            if (draw - value + (bound - 1) >= 0) {
                return (int) value;
            }
        }
    }
}
