package io.github.qkeras4j.cli;

import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.tensor.Parallel;
import io.github.qkeras4j.tools.TrainingBenchmark;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code qkeras4j benchmark}: training throughput of the default CNN and its GEMM-only bound. */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure training images/second of the default CNN on synthetic data, with a time breakdown "
                + "and the fraction of its GEMM-only bound.")
final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "Thread counts to measure, comma-separated. Default: ${DEFAULT-VALUE}.")
    int[] threads;

    @Option(names = "--batch-size", defaultValue = "64", description = "Samples per step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--samples", defaultValue = "4096", description = "Synthetic images per epoch. Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--epochs", defaultValue = "2", description = "Measured epochs after one warm-up epoch. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--float", description = "Measure the float model instead of the quantized one.")
    boolean floatModel;

    @Override
    public Integer call() {
        if (batchSize < 1) {
            throw new UserError("--batch-size must be >= 1, received " + batchSize);
        }
        if (samples < batchSize) {
            throw new UserError("--samples must be >= --batch-size (" + batchSize + "), received " + samples);
        }
        if (epochs < 1) {
            throw new UserError("--epochs must be >= 1, received " + epochs);
        }
        for (int count : threads) {
            if (count < 1 || count > ThreadOption.MAX_THREADS) {
                throw new UserError("--threads values must be in [1, " + ThreadOption.MAX_THREADS + "], received " + count);
            }
        }
        System.out.println("| threads | images/s | ms/step | conv ms | dense ms | quantizers ms | other ms "
                + "| GEMM-only ms/step | GEMM GFLOP/s | fraction of GEMM bound |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int count : threads) {
            Parallel.setThreads(count);
            TrainingBenchmark.Result r = TrainingBenchmark.run(floatModel, batchSize, samples, epochs);
            System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f%% |%n",
                    count, r.imagesPerSecond(), r.stepMillis(), r.categoryMillis().get(OpCategory.CONV),
                    r.categoryMillis().get(OpCategory.DENSE), r.categoryMillis().get(OpCategory.QUANTIZER),
                    r.categoryMillis().get(OpCategory.OTHER), r.gemmBoundMillis(), r.gemmGflops(),
                    100 * r.boundFraction());
        }
        return 0;
    }
}
