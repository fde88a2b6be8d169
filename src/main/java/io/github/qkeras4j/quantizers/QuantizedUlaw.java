package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * QKeras's {@code quantized_ulaw}: μ-law companding of a quantized sigmoid. With
 * {@code m = 2^(bits−1)}, {@code mi = 2^integer}, {@code r = 2·rne(σ_int(x/mi)·m)/m − 1}:
 * {@code out = mi·clip(sgn(r)·ln(1 + u·|r|)/ln(1 + u), −1 + symmetric/m, 1 − 1/m)}. Only the rounding
 * is straight-through; the gradient differentiates the rest (0 where r = 0 or the value is clipped).
 */
public final class QuantizedUlaw extends AbstractQuantizer {
    static final Signature SIGNATURE = Signature.of("quantized_ulaw")
            .parameter("bits", 8L).parameter("integer", 0L).parameter("symmetric", 0L).parameter("u", 255.0)
            .alwaysPrinted(2)
            .config("bits", "integer", "symmetric", "u")
            .build();

    private final int bits;
    private final int integer;
    private final boolean symmetric;
    private final double u;
    /** The internal sigmoid of the last forward call, which the backward pass differentiates. */
    private volatile InternalSigmoid lastSigmoid = InternalSigmoid.HARD;
    /** Whether the last forward call ran inside a model, so that backward uses the same logarithm. */
    private volatile boolean lastInModel;

    /** @throws IllegalArgumentException for bits < 1 or u <= 0 */
    public QuantizedUlaw(int bits, int integer, boolean symmetric, double u) {
        check(bits >= 1, SIGNATURE.quantizer(), "bits must be >= 1, received " + bits);
        check(u > 0, SIGNATURE.quantizer(), "u must be > 0, received " + u);
        this.bits = bits;
        this.integer = integer;
        this.symmetric = symmetric;
        this.u = u;
    }

    static QuantizedUlaw fromArguments(Arguments a) {
        return new QuantizedUlaw(a.integer("bits"), a.integer("integer"), a.flag("symmetric"), a.real("u"));
    }

    @Override
    Signature signature() {
        return SIGNATURE;
    }

    @Override
    Map<String, Object> arguments() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("bits", (long) bits);
        values.put("integer", (long) integer);
        values.put("symmetric", asInt(symmetric));
        values.put("u", u);
        return values;
    }

    /** {@code r = 2·(rne(σ_int(x/mi)·m)/m) − 1}. */
    private static float code(float x, float mi, float m, InternalSigmoid sigmoid) {
        float p = InternalSigmoids.apply(sigmoid, x / mi) * m;
        return 2f * (Numerics.rne(p) / m) - 1f;
    }

    @Override
    public void forward(Tensor input, Tensor output, QuantizerContext context) {
        float[] x = input.data();
        float[] out = output.data();
        float m = Numerics.pow2(bits - 1);
        float mi = Numerics.pow2(integer);
        float uf = (float) u;
        float logOnePlusU = (float) StrictMath.log(1f + uf);
        float lo = -1f + (symmetric ? 1f : 0f) / m;
        float hi = 1f - 1f / m;
        InternalSigmoid sigmoid = context.internalSigmoid();
        lastSigmoid = sigmoid;
        lastInModel = context.inModel();
        for (int i = 0; i < x.length; i++) {
            float r = code(x[i], mi, m, sigmoid);
            float w = Numerics.sign(r) * logOnePlus(uf * Math.abs(r), context.inModel()) / logOnePlusU;
            out[i] = mi * InternalSigmoids.clip(w, lo, hi);
        }
    }

    /**
     * Computes {@code ln(1 + v)} in float32 as TensorFlow does: eagerly as {@code log(1 + v)}; inside a
     * model, where TensorFlow's graph optimizer rewrites the expression to {@code log1p(v)}, as
     * Eigen's float log1p, {@code v · (log(1 + v) / ((1 + v) − 1))}, which returns {@code v} itself
     * when {@code 1 + v} rounds to 1 or the log overflows.
     */
    static float logOnePlus(float v, boolean inModel) {
        float onePlus = 1f + v;
        float log = (float) StrictMath.log(onePlus);
        if (!inModel) {
            return log;
        }
        if (onePlus == 1f || log == onePlus) {
            return v;
        }
        return v * (log / (onePlus - 1f));
    }

    @Override
    public void backward(Tensor input, Tensor output, Tensor gradOut, Tensor gradIn) {
        float[] x = input.data();
        float[] dy = gradOut.data();
        float[] dx = gradIn.data();
        float m = Numerics.pow2(bits - 1);
        float mi = Numerics.pow2(integer);
        float uf = (float) u;
        float logOnePlusU = (float) StrictMath.log(1f + uf);
        float lo = -1f + (symmetric ? 1f : 0f) / m;
        float hi = 1f - 1f / m;
        InternalSigmoid sigmoid = lastSigmoid;
        for (int i = 0; i < x.length; i++) {
            float r = code(x[i], mi, m, sigmoid);
            float w = Numerics.sign(r) * logOnePlus(uf * Math.abs(r), lastInModel) / logOnePlusU;
            if (r == 0f || w < lo || w > hi) {
                continue;
            }
            // d out/dx = mi · u/((1 + u|r|)·ln(1 + u)) · dr/dx, with dr/dx = 2·σ_int'(x/mi)/mi.
            float dw = uf / ((1f + uf * Math.abs(r)) * logOnePlusU);
            dx[i] += dw * 2f * InternalSigmoids.derivative(sigmoid, x[i] / mi) * dy[i];
        }
    }

    @Override
    public double max() {
        return bits - 1 > 0 ? Math.max(1.0, Math.pow(2, integer)) : 1.0;
    }

    @Override
    public double min() {
        return -max();
    }

    @Override
    public OptionalInt bits() {
        return OptionalInt.of(bits);
    }

    @Override
    public OptionalInt integer() {
        return OptionalInt.of(integer);
    }
}
