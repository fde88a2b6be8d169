package io.github.qkeras4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.qkeras4j.tensor.Parallel;
import io.github.qkeras4j.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;

/** Checks that a computation gives the same bits on one thread and on two. */
final class ThreadDeterminism {
    private ThreadDeterminism() {
    }

    /**
     * Runs {@code computation} with {@link Parallel} set to one thread and then to two, and asserts that
     * each returned tensor is bit-identical between the runs. The thread count is restored afterwards.
     */
    static void assertSameBitsOnOneAndTwoThreads(Supplier<List<Tensor>> computation) {
        int savedThreads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<Tensor> single = computation.get();
            Parallel.setThreads(2);
            List<Tensor> two = computation.get();

            assertEquals(single.size(), two.size(), "number of results");
            for (int i = 0; i < single.size(); i++) {
                assertArrayEquals(single.get(i).data(), two.get(i).data(), "result " + i);
            }
        } finally {
            Parallel.setThreads(savedThreads);
        }
    }
}
