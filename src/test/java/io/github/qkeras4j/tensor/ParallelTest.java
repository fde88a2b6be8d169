package io.github.qkeras4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @Test
    void everyChunkRunsOnceWithFixedBounds() {
        Parallel.setThreads(2);
        AtomicIntegerArray visits = new AtomicIntegerArray(10);
        int[] starts = new int[4];

        Parallel.forChunks(10, 3, (chunk, start, end) -> {
            starts[chunk] = start;
            for (int i = start; i < end; i++) {
                visits.incrementAndGet(i);
            }
        });

        assertArrayEquals(new int[] {0, 3, 6, 9}, starts);
        for (int i = 0; i < 10; i++) {
            assertEquals(1, visits.get(i), "index " + i);
        }
    }

    @Test
    void nestedLoopsDoNotDeadlock() {
        Parallel.setThreads(2);
        AtomicIntegerArray visits = new AtomicIntegerArray(16);

        // Every outer chunk runs an inner parallel loop; with one pool worker the inner loop must not
        // wait for the worker that is running the outer chunk.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Parallel.forChunks(4, 1, (outer, start, end) ->
                Parallel.forChunks(4, 1, (inner, innerStart, innerEnd) -> visits.incrementAndGet(outer * 4 + inner))));

        for (int i = 0; i < 16; i++) {
            assertEquals(1, visits.get(i), "index " + i);
        }
    }

    @Test
    void failureInChunkIsRethrown() {
        Parallel.setThreads(2);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forChunks(8, 1,
                (chunk, start, end) -> {
                    if (chunk == 5) {
                        throw new IllegalStateException("chunk 5 failed");
                    }
                }));

        assertEquals("chunk 5 failed", e.getMessage());
    }

    @Test
    void zeroThreadsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));

        assertEquals("thread count must be >= 1, received 0", e.getMessage());
    }
}
