package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;

/**
 * A quantized tensor as integers and scales: {@code value[i] = codes[i] × scale[channel(i)]}.
 *
 * @param codes     integer codes, in the layout of the quantized tensor
 * @param shape     the quantized tensor's shape
 * @param scale     scales in a shape that broadcasts against {@code shape} (keepdims, as QKeras's
 *                  {@code scale}); a single element for one scale
 * @param minCode   smallest code the quantizer can produce
 * @param maxCode   largest code the quantizer can produce
 */
public record IntegerCodes(int[] codes, int[] shape, Tensor scale, int minCode, int maxCode) {
}
