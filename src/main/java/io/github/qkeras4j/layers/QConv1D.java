package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import java.util.Map;

/**
 * QKeras {@code QConv1D}: {@code y = activation(conv1d(x, Qk(kernel)) + Qb(bias))}, shapes as in
 * {@link Conv1D}. The kernel quantizer gets QKeras's alpha rewrite (alpha None becomes 'auto_po2', one
 * scale per filter), and each quantized float weight is clipped to {@code ±max(1, quantizer.max())}
 * after every step. QKeras's default kernel initializer is he_normal.
 */
public final class QConv1D extends Conv1D {
    private final WeightQuantizers quantizers;

    public QConv1D(String name, int filters, int kernelSize, int stride, String padding, int dilation,
                   Quantizer kernelQuantizer, Quantizer biasQuantizer, ActivationFunction activation, boolean useBias,
                   Initializer kernelInitializer, Initializer biasInitializer) {
        super(name, filters, kernelSize, stride, padding, dilation, activation, useBias, kernelInitializer,
                biasInitializer);
        this.quantizers = new WeightQuantizers(kernelQuantizer, biasQuantizer);
    }

    /**
     * A QConv1D layer with stride 1, no dilation, a bias and QKeras's default initializers.
     *
     * @param padding Keras's padding: {@code valid}, {@code same} or {@code causal}
     */
    public QConv1D(int filters, int kernelSize, String padding, Quantizer kernelQuantizer, Quantizer biasQuantizer,
                   ActivationFunction activation) {
        this(null, filters, kernelSize, 1, padding, 1, kernelQuantizer, biasQuantizer, activation, true,
                Initializer.HE_NORMAL, Initializer.ZEROS);
    }

    @Override
    public String className() {
        return "QConv1D";
    }

    @Override
    protected Variable kernelValue(ForwardContext context) {
        return quantizers.quantizeKernel(kernel, context);
    }

    @Override
    protected Variable biasValue(ForwardContext context) {
        return quantizers.quantizeBias(bias, context);
    }

    @Override
    public Map<String, Quantizer> quantizers() {
        return quantizers.asMap(activation);
    }

    @Override
    public Quantizer quantizerOf(Parameter weight) {
        return quantizers.quantizerOf(weight, kernel, bias);
    }

    @Override
    public void applyConstraints() {
        quantizers.clip(kernel, bias);
    }

    @Override
    protected Map<String, Object> layerConfig() {
        Map<String, Object> config = super.layerConfig();
        quantizers.addConfig(config);
        return config;
    }
}
