package io.github.qkeras4j.tensor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs loops over fixed chunks on a small pool of worker threads.
 *
 * <p>Determinism contract: the chunk boundaries depend only on the problem size and the chunk size
 * the caller passes, never on the thread count, and each chunk writes its own part of the output.
 * Callers that reduce across chunks store one partial result per chunk and combine them in chunk
 * order afterwards, so a seed gives the same bits on one thread or many.
 */
public final class Parallel {
    /** Chunk body: processes indices {@code [start, end)} of chunk number {@code chunk}. */
    @FunctionalInterface
    public interface ChunkBody {
        void run(int chunk, int start, int end);
    }

    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile ExecutorService pool;
    /** True on a thread that is running a chunk body; nested loops then run inline. */
    private static final ThreadLocal<Boolean> IN_CHUNK = ThreadLocal.withInitial(() -> false);

    private Parallel() {
    }

    /** Sets the number of threads used by all kernels (the CLI's {@code --threads}). */
    public static synchronized void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("thread count must be >= 1, received " + count);
        }
        if (count != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = count;
    }

    public static int threads() {
        return threads;
    }

    /** Number of chunks of {@code chunkSize} needed to cover {@code n} items. */
    public static int chunkCount(int n, int chunkSize) {
        return (n + chunkSize - 1) / chunkSize;
    }

    /**
     * Calls {@code body} once for every chunk {@code [c·chunkSize, min(n, (c+1)·chunkSize))}. The loop
     * runs on the calling thread alone when there is one chunk or one thread, or when it is called
     * from inside another chunk body, because a nested loop must not wait for a worker that is busy
     * running its caller. Otherwise the calling thread and the workers take chunks from a shared
     * counter.
     */
    public static void forChunks(int n, int chunkSize, ChunkBody body) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, received " + chunkSize);
        }
        int chunks = chunkCount(n, chunkSize);
        int workers = IN_CHUNK.get() ? 1 : Math.min(threads, chunks);
        if (workers <= 1) {
            for (int c = 0; c < chunks; c++) {
                body.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize));
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            boolean nested = IN_CHUNK.get();
            IN_CHUNK.set(true);
            try {
                for (int c = next.getAndIncrement(); c < chunks && failure.get() == null; c = next.getAndIncrement()) {
                    body.run(c, c * chunkSize, Math.min(n, (c + 1) * chunkSize));
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                IN_CHUNK.set(nested);
            }
        };
        CountDownLatch done = new CountDownLatch(workers - 1);
        ExecutorService executor = pool();
        for (int w = 1; w < workers; w++) {
            executor.execute(() -> {
                try {
                    worker.run();
                } finally {
                    done.countDown();
                }
            });
        }
        worker.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for worker threads", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger counter = new AtomicInteger();
            pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                Thread t = new Thread(r, "qkeras4j-worker-" + counter.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }
}
