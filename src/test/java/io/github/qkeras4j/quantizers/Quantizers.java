package io.github.qkeras4j.quantizers;

import io.github.qkeras4j.tensor.Tensor;

/** Small helpers to call quantizers in tests. */
final class Quantizers {
    private Quantizers() {
    }

    /** {@code Q(x)} for a vector input, in inference mode with the hard internal sigmoid. */
    static float[] apply(Quantizer q, float... x) {
        return apply(q, QuantizerContext.inference(), x);
    }

    static float[] apply(Quantizer q, QuantizerContext context, float... x) {
        Tensor out = Tensor.zeros(x.length);
        q.forward(Tensor.of(x.clone(), x.length), out, context);
        return out.data();
    }

    /** {@code Q(x)} for a tensor input. */
    static Tensor apply(Quantizer q, Tensor x) {
        Tensor out = Tensor.zeros(x.shape());
        q.forward(x, out, QuantizerContext.inference());
        return out;
    }

    /** The straight-through gradient of {@code sum(Q(x))}. */
    static float[] gradient(Quantizer q, float... x) {
        Tensor input = Tensor.of(x.clone(), x.length);
        Tensor out = Tensor.zeros(x.length);
        q.forward(input, out, QuantizerContext.inference());
        Tensor ones = Tensor.zeros(x.length);
        ones.fill(1f);
        Tensor grad = Tensor.zeros(x.length);
        q.backward(input, out, ones, grad);
        return grad.data();
    }
}
