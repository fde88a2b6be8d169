package io.github.qkeras4j.autograd;

import io.github.qkeras4j.tensor.Conv2DGeometry;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import java.util.SplittableRandom;

/** One pooling test case: input shape and window settings. */
record PoolCase(String name, int batch, int height, int width, int channels, int poolHeight, int poolWidth,
                int strideHeight, int strideWidth, Padding padding) {
    Conv2DGeometry geometry() {
        return Conv2DGeometry.pooling(height, width, poolHeight, poolWidth, strideHeight, strideWidth, padding);
    }

    Tensor randomInput(SplittableRandom random) {
        return GradientCheck.random(random, 1f, batch, height, width, channels);
    }

    /** Distinct values 0.01 apart in random order, so no window has a tie within a finite-difference step. */
    Tensor distinctInput(SplittableRandom random) {
        Tensor x = Tensor.zeros(batch, height, width, channels);
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (i - d.length / 2) * 0.01f;
        }
        for (int i = d.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return x;
    }

    @Override
    public String toString() {
        return name;
    }
}
