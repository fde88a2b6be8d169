package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import java.util.Map;

/**
 * QKeras {@code QDense}: {@code y = activation(x · Qk(kernel) + Qb(bias))} with
 * {@code x [batch, inFeatures]}, {@code kernel [inFeatures, units]}, {@code bias [units]}. The float
 * kernel and bias stay the trainable values; the quantizers run on every call and pass gradients
 * straight through. QKeras's defaults apply: kernel initializer he_normal, kernel quantizer with
 * alpha None turned into 'auto_po2' (per-unit power-of-two scales), and a clip of each quantized
 * float weight to {@code ±max(1, quantizer.max())} after every step.
 */
public final class QDense extends Dense {
    private final WeightQuantizers quantizers;

    /**
     * @param kernelQuantizer quantizer of the kernel, or null for a float kernel
     * @param biasQuantizer   quantizer of the bias, or null for a float bias
     * @param activation      a Keras activation or a quantizer (for example quantized_relu(4))
     */
    public QDense(String name, int units, Quantizer kernelQuantizer, Quantizer biasQuantizer,
                  ActivationFunction activation, boolean useBias, Initializer kernelInitializer,
                  Initializer biasInitializer) {
        super(name, units, activation, useBias, kernelInitializer, biasInitializer);
        this.quantizers = new WeightQuantizers(kernelQuantizer, biasQuantizer);
    }

    /** A QDense layer with QKeras's defaults and the given quantizers. */
    public QDense(int units, Quantizer kernelQuantizer, Quantizer biasQuantizer, ActivationFunction activation) {
        this(null, units, kernelQuantizer, biasQuantizer, activation, true, Initializer.HE_NORMAL, Initializer.ZEROS);
    }

    @Override
    public String className() {
        return "QDense";
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
