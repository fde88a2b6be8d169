package io.github.qkeras4j.tools;

import io.github.qkeras4j.autograd.OpCategory;
import io.github.qkeras4j.data.Dataset;
import io.github.qkeras4j.layers.Conv2D;
import io.github.qkeras4j.layers.Dense;
import io.github.qkeras4j.layers.Layer;
import io.github.qkeras4j.models.DefaultCnn;
import io.github.qkeras4j.models.FitOptions;
import io.github.qkeras4j.models.History;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Gemm;
import io.github.qkeras4j.tensor.Tensor;
import io.github.qkeras4j.train.Adam;
import io.github.qkeras4j.train.SparseCategoricalCrossentropy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures training throughput of the default CNN on synthetic 28×28×1 images and compares it with
 * its GEMM-only bound: the time the engine's GEMM alone needs for the products of one training step
 * (forward {@code cols·kernel}, backward {@code colsᵀ·dy} and {@code dy·kernelᵀ}, and the same for
 * dense layers), measured on the exact shapes with the same thread count.
 */
public final class TrainingBenchmark {
    /**
     * One measurement.
     *
     * @param imagesPerSecond  training throughput after a warm-up epoch
     * @param stepMillis       wall time of one step
     * @param categoryMillis   per-step time by op category; "other" is the rest of the step
     * @param gemmBoundMillis  per-step time of the step's GEMMs alone
     * @param gemmFlopsPerStep floating-point operations of those GEMMs
     */
    public record Result(double imagesPerSecond, double stepMillis, Map<OpCategory, Double> categoryMillis,
                         double gemmBoundMillis, double gemmFlopsPerStep) {
        /** Fraction of the GEMM-only bound reached: bound time over actual step time. */
        public double boundFraction() {
            return gemmBoundMillis / stepMillis;
        }

        /** GFLOP/s of the step's GEMMs when run alone. */
        public double gemmGflops() {
            return gemmFlopsPerStep / gemmBoundMillis / 1e6;
        }
    }

    private record Product(boolean transposeA, boolean transposeB, int m, int n, int k) {
        double flops() {
            return 2.0 * m * n * k;
        }
    }

    private TrainingBenchmark() {
    }

    /** Trains the quantized (or float) default CNN for {@code epochs + 1} epochs of {@code samples} images. */
    public static Result run(boolean floatModel, int batchSize, int samples, int epochs) {
        int[] inputShape = {28, 28, 1};
        Sequential model = floatModel ? DefaultCnn.floating(inputShape, 10) : DefaultCnn.QUANTIZED.quantized(inputShape, 10);
        model.build(1);
        model.compile(new Adam(1e-3), new SparseCategoricalCrossentropy(true));
        Dataset data = syntheticImages(samples);
        model.fit(data, FitOptions.builder().batchSize(batchSize).epochs(1).seed(1).build());

        long start = System.nanoTime();
        History history = model.fit(data, FitOptions.builder().batchSize(batchSize).epochs(epochs).seed(2)
                .profile(true).build());
        double seconds = (System.nanoTime() - start) / 1e9;

        int steps = epochs * ((samples + batchSize - 1) / batchSize);
        double stepMillis = 1000 * seconds / steps;
        Map<OpCategory, Double> categories = new EnumMap<>(OpCategory.class);
        double measured = 0;
        for (Map.Entry<OpCategory, Long> entry : history.profileNanos().entrySet()) {
            if (entry.getKey() != OpCategory.OTHER) {
                double millis = entry.getValue() / 1e6 / steps;
                categories.put(entry.getKey(), millis);
                measured += millis;
            }
        }
        categories.put(OpCategory.OTHER, stepMillis - measured);

        List<Product> products = products(model, batchSize);
        double flops = products.stream().mapToDouble(Product::flops).sum();
        return new Result(samples * epochs / seconds, stepMillis, categories, timeProducts(products), flops);
    }

    /** The GEMMs of one training step of the model's Conv2D and Dense layers (the first layer gets no input gradient). */
    private static List<Product> products(Sequential model, int batch) {
        List<Product> products = new ArrayList<>();
        boolean first = true;
        for (Layer layer : model.layers()) {
            int m;
            int k;
            int n;
            if (layer instanceof Conv2D conv) {
                Conv2DGeometry g = conv.geometry();
                int[] kernel = conv.kernel().value().shape();
                m = batch * g.outputHeight() * g.outputWidth();
                k = kernel[0] * kernel[1] * kernel[2];
                n = kernel[3];
            } else if (layer instanceof Dense dense) {
                int[] kernel = dense.kernel().value().shape();
                m = batch;
                k = kernel[0];
                n = kernel[1];
            } else {
                continue;
            }
            products.add(new Product(false, false, m, n, k));
            products.add(new Product(true, false, k, n, m));
            if (!first) {
                products.add(new Product(false, true, m, k, n));
            }
            first = false;
        }
        return products;
    }

    /** Median over rounds of the summed time of all products, in milliseconds. */
    private static double timeProducts(List<Product> products) {
        int rounds = 7;
        double[] totals = new double[rounds];
        SplittableRandom random = new SplittableRandom(3);
        List<float[][]> operands = new ArrayList<>();
        for (Product p : products) {
            operands.add(new float[][] {randomArray(p.m * p.k, random), randomArray(p.k * p.n, random),
                    new float[p.m * p.n]});
        }
        for (int round = -2; round < rounds; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < products.size(); i++) {
                Product p = products.get(i);
                float[][] o = operands.get(i);
                Gemm.multiply(p.transposeA, p.transposeB, p.m, p.n, p.k, o[0], 0, o[1], 0, o[2], 0, false);
            }
            if (round >= 0) {
                totals[round] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(totals);
        return totals[rounds / 2];
    }

    private static float[] randomArray(int size, SplittableRandom random) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    private static Dataset syntheticImages(int samples) {
        SplittableRandom random = new SplittableRandom(5);
        Tensor x = Tensor.zeros(samples, 28, 28, 1);
        float[] pixels = x.data();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(10);
        }
        return Dataset.withLabels(x, labels);
    }
}
