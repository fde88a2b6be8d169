package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;

/** Splits quantizer outputs into integer codes on a per-group grid, checking every value exactly. */
final class Grid {
    private Grid() {
    }

    /**
     * Codes {@code k_i = out_i / scale[group(i)]} with the check {@code f32(k_i · scale) == out_i}
     * (a zero of either sign counts as code 0).
     *
     * @throws IllegalStateException naming the first element that is not on the grid
     */
    static IntegerCodes codes(String quantizer, Tensor out, ChannelGroups groups, float[] scale, int minCode,
                              int maxCode) {
        float[] values = out.data();
        int[] codes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float step = scale[groups.groupOf(i)];
            float value = values[i];
            double code = Math.rint((double) value / step);
            boolean exact = value == 0f || (Math.abs(code) <= Integer.MAX_VALUE && (float) code * step == value);
            if (!exact) {
                throw new IllegalStateException(quantizer + ": output " + value + " at flat index " + i
                        + " is not an integer multiple of its scale " + step + "; QKeras's straight-through sum"
                        + " x + (xq - x) rounds xq away when |x| is much larger than xq or qnoise_factor < 1");
            }
            codes[i] = value == 0f ? 0 : (int) code;
        }
        return new IntegerCodes(codes, out.shape(), groups.toScaleTensor(scale), minCode, maxCode);
    }
}
