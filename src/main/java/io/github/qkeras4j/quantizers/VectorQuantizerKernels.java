package io.github.qkeras4j.quantizers;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link QuantizerKernels} on the Vector API. Every lane performs the float32 operations of the
 * scalar loop in the same order; the selections of the scalar code ({@code a > b ? u : w}) become
 * blends, which C2 does not generate from the scalar form, and a mispredicted branch per element
 * is what made those loops slow. Elements past the last full vector run the scalar formula.
 *
 * <p>Loaded only when the {@code jdk.incubator.vector} module is present.
 */
final class VectorQuantizerKernels implements QuantizerKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /**
     * {@code (t + 1.5·2^23) − 1.5·2^23} rounds t to the nearest integer, ties to even, for
     * {@code |t| ≤ 2^22}: the sum lies in {@code [2^23, 2^24)} where the float spacing is exactly 1.
     */
    private static final float ROUNDING_BIAS = 0x1.8p23f;

    @Override
    public void reluForward(float[] x, float[] out, int from, int to, float m, float mi, float cap, float qn) {
        float top = 1f - 1f / m;
        int bound = from + SPECIES.loopBound(to - from);
        int i = from;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, i);
            FloatVector p = v.mul(m).div(mi);
            // Clamping to [−1, m] first keeps the rounding trick exact and changes no output:
            // any p ≤ −1 clips to 0 and any p ≥ m clips to the top of the grid either way.
            FloatVector rounded = p.max(-1f).min(m).add(ROUNDING_BIAS).sub(ROUNDING_BIAS);
            FloatVector xq = rounded.div(m).max(0f).min(top).mul(mi);
            FloatVector leaky = v.mul(0f).add(0f).blend(v, v.compare(VectorOperators.GT, 0f));
            FloatVector capped = FloatVector.broadcast(SPECIES, cap);
            FloatVector companion = capped.blend(leaky, v.compare(VectorOperators.LE, cap));
            companion.add(xq.sub(companion).mul(qn)).intoArray(out, i);
        }
        for (; i < to; i++) {
            float v = x[i];
            float p = v * m / mi;
            float xq = mi * Math.min(Math.max(Numerics.rne(p) / m, 0f), top);
            float leaky = v > 0f ? v : 0f * v + 0f;
            float companion = v <= cap ? leaky : cap;
            out[i] = companion + qn * (xq - companion);
        }
    }

    @Override
    public void reluBackward(float[] x, float[] dy, float[] dx, int from, int to, float scale, float ns, float cap) {
        FloatVector slope = FloatVector.broadcast(SPECIES, ns);
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector zero = FloatVector.zero(SPECIES);
        int bound = from + SPECIES.loopBound(to - from);
        int i = from;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, i);
            FloatVector derivative = slope.blend(one, v.compare(VectorOperators.GT, 0f))
                    .blend(zero, v.compare(VectorOperators.GT, cap));
            FloatVector g = derivative.mul(scale).mul(FloatVector.fromArray(SPECIES, dy, i));
            FloatVector.fromArray(SPECIES, dx, i).add(g).intoArray(dx, i);
        }
        for (; i < to; i++) {
            float v = x[i];
            float derivative = v > cap ? 0f : v > 0f ? 1f : ns;
            dx[i] += scale * derivative * dy[i];
        }
    }

    @Override
    public void autoCodes(float[] xs, float[] s, int period, float halfRange, float[] z) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        FloatVector minusOne = FloatVector.broadcast(SPECIES, -1f);
        FloatVector zero = FloatVector.zero(SPECIES);
        FloatVector top = FloatVector.broadcast(SPECIES, halfRange);
        int bound = SPECIES.loopBound(period);
        for (int row = 0; row < xs.length; row += period) {
            int c = 0;
            for (; c < bound; c += SPECIES.length()) {
                FloatVector v = FloatVector.fromArray(SPECIES, xs, row + c);
                FloatVector a = v.abs().div(FloatVector.fromArray(SPECIES, s, c)).add(0.5f);
                // ⌊a⌋ < H exactly when a < H (H is an integer), and a NaN takes H as in the scalar
                // code, so the floor can be taken after the selection, where truncation is exact.
                FloatVector limited = top.blend(a, a.compare(VectorOperators.LT, halfRange));
                FloatVector level = (FloatVector) limited.convert(VectorOperators.F2I, 0)
                        .convert(VectorOperators.I2F, 0);
                VectorMask<Float> negative = v.compare(VectorOperators.LT, 0f);
                FloatVector sign = zero.blend(one, v.compare(VectorOperators.GT, 0f)).blend(minusOne, negative);
                sign.mul(level).intoArray(z, row + c);
            }
            for (; c < period; c++) {
                z[row + c] = QuantizedBits.code(xs[row + c], s[c], halfRange);
            }
        }
    }
}
