package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Assigns every element of a tensor {@code x [d0, …, d(r-1)]} to the scale it shares with other
 * elements, and computes the per-scale statistics QKeras takes (max, mean of products).
 *
 * <p>Kept axes stay in the scale's keepdims shape, reduced axes collapse to 1. Along a kept axis with
 * a group factor {@code e > 1} ({@code elements_per_scale}), runs of {@code e} consecutive elements
 * share one scale, which is repeated {@code e} times in the scale tensor. Reductions visit the
 * elements in row-major order and accumulate in double, so results do not depend on threading.
 */
final class ChannelGroups {
    private final int[] shape;
    private final int[] scaleShape;
    private final int count;
    /** When {@link #map} is null, element {@code i} belongs to group {@code i % period}. */
    private final int period;
    private final int[] map;
    /** Group of each position of the scale tensor, or null when position and group agree. */
    private final int[] scaleToGroup;

    private ChannelGroups(int[] shape, int[] scaleShape, int count, int period, int[] map, int[] scaleToGroup) {
        this.shape = shape;
        this.scaleShape = scaleShape;
        this.count = count;
        this.period = period;
        this.map = map;
        this.scaleToGroup = scaleToGroup;
    }

    /** One group for the whole tensor; the scale shape is all ones. */
    static ChannelGroups whole(int[] shape) {
        int[] ones = new int[shape.length];
        Arrays.fill(ones, 1);
        return new ChannelGroups(shape.clone(), ones, 1, 1, null, null);
    }

    /** One group per element; the scale has the tensor's shape. */
    static ChannelGroups perElement(int[] shape) {
        int size = (int) io.github.qkeras4j.tensor.Shapes.size(shape);
        return new ChannelGroups(shape.clone(), shape.clone(), size, Math.max(size, 1), null, null);
    }

    /**
     * The axes QKeras averages or maxes away for a {@code scale_axis} ({@code _get_scale_axis} and
     * friends): null means channels_last, all axes but the last (none for rank ≤ 1); otherwise every
     * axis not listed. Negative entries are not normalised, as in QKeras, so {@code -1} reduces every
     * axis.
     */
    static boolean[] reducedAxes(int[] scaleAxis, int rank) {
        boolean[] reduced = new boolean[rank];
        if (scaleAxis == null) {
            for (int a = 0; a < rank - 1; a++) {
                reduced[a] = true;
            }
            return reduced;
        }
        Arrays.fill(reduced, true);
        for (int axis : scaleAxis) {
            if (axis >= 0 && axis < rank) {
                reduced[axis] = false;
            }
        }
        return reduced;
    }

    /** Groups that keep the axes not in {@code reduced}; no grouping factors. */
    static ChannelGroups keeping(int[] shape, boolean[] reduced) {
        int[] factors = new int[shape.length];
        Arrays.fill(factors, 1);
        return grouped(shape, reduced, factors);
    }

    /**
     * Groups for QKeras's scale over {@code scaleAxis} with {@code elementsPerScale} consecutive elements
     * per scale along each listed axis ({@code elementsPerScale} null: one scale per index).
     *
     * @throws IllegalArgumentException when a grouped axis is out of range or its length is not a
     *                                  multiple of its count
     */
    static ChannelGroups forScaleAxis(int[] shape, int[] scaleAxis, int[] elementsPerScale) {
        boolean[] reduced = reducedAxes(scaleAxis, shape.length);
        int[] factors = new int[shape.length];
        Arrays.fill(factors, 1);
        if (elementsPerScale != null) {
            for (int k = 0; k < scaleAxis.length; k++) {
                int axis = scaleAxis[k];
                int perScale = elementsPerScale.length == 1 ? elementsPerScale[0] : elementsPerScale[k];
                if (axis < 0 || axis >= shape.length) {
                    throw new IllegalArgumentException("elements_per_scale: scale_axis " + axis
                            + " is out of range for an input of shape " + Arrays.toString(shape));
                }
                if (shape[axis] % perScale != 0) {
                    throw new IllegalArgumentException("elements_per_scale: axis " + axis + " has length "
                            + shape[axis] + ", which is not a multiple of " + perScale);
                }
                factors[axis] = perScale;
            }
        }
        return grouped(shape, reduced, factors);
    }

    private static ChannelGroups grouped(int[] shape, boolean[] reduced, int[] factors) {
        int rank = shape.length;
        int[] scaleShape = new int[rank];
        int[] groupDims = new int[rank];
        boolean plain = true;
        for (int a = 0; a < rank; a++) {
            scaleShape[a] = reduced[a] ? 1 : shape[a];
            groupDims[a] = reduced[a] ? 1 : shape[a] / factors[a];
            plain &= reduced[a] || factors[a] == 1;
        }
        int count = (int) io.github.qkeras4j.tensor.Shapes.size(groupDims);

        // Kept axes that form a suffix (the usual "all but the last axis" case) make the group a
        // plain modulo of the flat index.
        int firstKept = rank;
        for (int a = rank - 1; a >= 0 && !reduced[a]; a--) {
            firstKept = a;
        }
        boolean suffix = plain;
        for (int a = 0; a < firstKept; a++) {
            suffix &= reduced[a];
        }
        if (suffix) {
            return new ChannelGroups(shape.clone(), scaleShape, count, Math.max(count, 1), null, null);
        }

        int size = (int) io.github.qkeras4j.tensor.Shapes.size(shape);
        int[] map = new int[size];
        int[] index = new int[rank];
        for (int i = 0; i < size; i++) {
            map[i] = groupOfIndex(index, reduced, factors, groupDims);
            increment(index, shape);
        }
        int[] scaleToGroup = null;
        if (!plain) {
            int scaleSize = (int) io.github.qkeras4j.tensor.Shapes.size(scaleShape);
            scaleToGroup = new int[scaleSize];
            Arrays.fill(index, 0);
            for (int p = 0; p < scaleSize; p++) {
                scaleToGroup[p] = groupOfIndex(index, reduced, factors, groupDims);
                increment(index, scaleShape);
            }
        }
        return new ChannelGroups(shape.clone(), scaleShape, count, 0, map, scaleToGroup);
    }

    private static int groupOfIndex(int[] index, boolean[] reduced, int[] factors, int[] groupDims) {
        int group = 0;
        for (int a = 0; a < index.length; a++) {
            group = group * groupDims[a] + (reduced[a] ? 0 : index[a] / factors[a]);
        }
        return group;
    }

    private static void increment(int[] index, int[] dims) {
        for (int a = index.length - 1; a >= 0; a--) {
            if (++index[a] < dims[a]) {
                return;
            }
            index[a] = 0;
        }
    }

    /** Number of distinct scales. */
    int count() {
        return count;
    }

    int[] scaleShape() {
        return scaleShape.clone();
    }

    /** The group of element {@code i} (flat row-major index). */
    int groupOf(int i) {
        if (map != null) {
            return map[i];
        }
        return period == 1 ? 0 : i % period;
    }

    /**
     * The group of the element after one in group {@code group}, for loops that walk the elements in
     * order: {@code int g = groups.first(); for (i …) { …; g = groups.next(i, g); }}. It avoids a
     * division per element when the groups repeat with a period (the channels_last case).
     */
    int next(int i, int group) {
        if (map != null) {
            return i + 1 < map.length ? map[i + 1] : 0;
        }
        return group + 1 == period ? 0 : group + 1;
    }

    /** The group of element 0. */
    int first() {
        return map != null && map.length > 0 ? map[0] : 0;
    }

    /**
     * The length of the repeating run of groups (group of element i is {@code i % period}), or 0
     * when the groups follow an explicit map. Loops over {@code [rows, period]} then need no lookup.
     */
    int period() {
        return map == null ? period : 0;
    }

    /** {@code max_i |v_i|} per group. */
    float[] maxAbs(float[] v) {
        float[] max = new float[count];
        if (map == null) {
            for (int row = 0; row < v.length; row += period) {
                for (int c = 0; c < period; c++) {
                    max[c] = Math.max(max[c], Math.abs(v[row + c]));
                }
            }
            return max;
        }
        int g = first();
        for (int i = 0; i < v.length; i++) {
            max[g] = Math.max(max[g], Math.abs(v[i]));
            g = next(i, g);
        }
        return max;
    }

    /** {@code max_i v_i} per group. */
    float[] max(float[] v) {
        float[] max = new float[count];
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        int g = first();
        for (int i = 0; i < v.length; i++) {
            max[g] = Math.max(max[g], v[i]);
            g = next(i, g);
        }
        return max;
    }

    /**
     * The two means of a least-squares fit in one pass: {@code mean(x·q)} into {@code xq} and
     * {@code mean(q·q)} into {@code qq}, per group. Products and sums are float32, summed in element
     * order and divided once by the member count, which is how TensorFlow's reduce_mean computes
     * these column reductions.
     */
    void leastSquaresMeans(float[] x, float[] q, float[] xq, float[] qq) {
        float[] sumXq = new float[count];
        float[] sumQq = new float[count];
        if (map == null) {
            // Row by row with one accumulator per column: each group still sums in element order.
            for (int row = 0; row < x.length; row += period) {
                for (int c = 0; c < period; c++) {
                    float xTimesQ = x[row + c] * q[row + c];
                    float qTimesQ = q[row + c] * q[row + c];
                    sumXq[c] += xTimesQ;
                    sumQq[c] += qTimesQ;
                }
            }
        } else {
            int g = first();
            for (int i = 0; i < x.length; i++) {
                float xTimesQ = x[i] * q[i];
                float qTimesQ = q[i] * q[i];
                sumXq[g] += xTimesQ;
                sumQq[g] += qTimesQ;
                g = next(i, g);
            }
        }
        float members = (float) (x.length / Math.max(count, 1));
        for (int g = 0; g < count; g++) {
            xq[g] = sumXq[g] / members;
            qq[g] = sumQq[g] / members;
        }
    }

    /** Population standard deviation per group ({@code K.std}), in double, rounded to float32. */
    float[] standardDeviation(float[] v) {
        double[] sum = new double[count];
        for (int i = 0; i < v.length; i++) {
            sum[groupOf(i)] += v[i];
        }
        double members = v.length / (double) Math.max(count, 1);
        double[] squares = new double[count];
        for (int i = 0; i < v.length; i++) {
            int g = groupOf(i);
            double deviation = v[i] - sum[g] / members;
            squares[g] += deviation * deviation;
        }
        float[] std = new float[count];
        for (int g = 0; g < count; g++) {
            std[g] = (float) Math.sqrt(squares[g] / members);
        }
        return std;
    }

    /**
     * The channels of QKeras's statistics that ignore scale_axis (ternary, the stochastic quantizers):
     * all axes but the last are reduced for rank ≥ 2, the whole vector for rank ≤ 1.
     */
    static ChannelGroups lastAxis(int[] shape) {
        if (shape.length <= 1) {
            return whole(shape);
        }
        return keeping(shape, reducedAxes(null, shape.length));
    }

    /** The per-group values laid out in the keepdims scale shape (grouped scales repeated). */
    Tensor toScaleTensor(float[] perGroup) {
        Tensor scale = Tensor.zeros(scaleShape);
        float[] data = scale.data();
        for (int p = 0; p < data.length; p++) {
            data[p] = perGroup[scaleToGroup == null ? p : scaleToGroup[p]];
        }
        return scale;
    }

    /**
     * QKeras's {@code _get_unrolled_shape}: splits each listed axis of length {@code n} into
     * {@code (n / factor, factor)} and returns the new shape and the positions of the outer axes.
     */
    static int[][] unrolledShape(int[] shape, int[] factors, int[] axes) {
        int[] result = shape.clone();
        int[] newAxes = new int[axes.length];
        for (int k = 0; k < axes.length; k++) {
            int axis = axes[k] + k;
            int factor = factors.length == 1 ? factors[0] : factors[k];
            int[] next = new int[result.length + 1];
            System.arraycopy(result, 0, next, 0, axis);
            next[axis] = result[axis] / factor;
            next[axis + 1] = factor;
            System.arraycopy(result, axis + 1, next, axis + 2, result.length - axis - 1);
            result = next;
            newAxes[k] = axis;
        }
        return new int[][] {result, newAxes};
    }

    /** QKeras's {@code _get_rolled_back_shape}: multiplies each listed axis with its successor. */
    static int[] rolledBackShape(int[] shape, int[] axes) {
        int[] result = shape.clone();
        for (int k = axes.length - 1; k >= 0; k--) {
            int axis = axes[k];
            int[] next = new int[result.length - 1];
            System.arraycopy(result, 0, next, 0, axis);
            next[axis] = result[axis] * result[axis + 1];
            System.arraycopy(result, axis + 2, next, axis + 1, result.length - axis - 2);
            result = next;
        }
        return result;
    }

    int[] shape() {
        return shape.clone();
    }
}
