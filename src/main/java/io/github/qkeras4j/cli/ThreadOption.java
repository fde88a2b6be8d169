package io.github.qkeras4j.cli;

import io.github.qkeras4j.tensor.Parallel;

/** The {@code --threads} option shared by the commands that run kernels. */
final class ThreadOption {
    /** Upper limit of {@code --threads}; far above any useful value, low enough to fail fast on a typo. */
    static final int MAX_THREADS = 256;

    private ThreadOption() {
    }

    /** Sets the kernel thread count when the option was given; null keeps the default (the core count). */
    static void apply(Integer threads) {
        if (threads == null) {
            return;
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new UserError("--threads must be in [1, " + MAX_THREADS + "], received " + threads
                    + "; the machine has " + Runtime.getRuntime().availableProcessors() + " cores");
        }
        Parallel.setThreads(threads);
    }
}
