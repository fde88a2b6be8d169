package io.github.qkeras4j.layers;

import io.github.qkeras4j.autograd.Parameter;
import io.github.qkeras4j.autograd.Variable;
import io.github.qkeras4j.quantizers.Quantizer;
import io.github.qkeras4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Keras layer: built once for an input shape, then called on batches.
 *
 * <p>Shapes exclude the batch axis: a layer built for {@code [28, 28, 1]} is called on
 * {@code [batch, 28, 28, 1]}. Weights are {@link Parameter}s in Keras's order (for example
 * {@code kernel, bias} or {@code gamma, beta, moving_mean, moving_variance}).
 */
public abstract class Layer {
    private String name;
    private int[] inputShape;
    private int[] outputShape;
    private final List<Parameter> weights = new ArrayList<>();

    protected Layer(String name) {
        this.name = name;
    }

    /** The Keras class name written in model configs, for example {@code QDense}. */
    public abstract String className();

    /** The layer's name; null until set by the user or the model. */
    public String name() {
        return name;
    }

    /** Sets the name; models call this for layers created without one. */
    public void setName(String name) {
        this.name = name;
    }

    /**
     * Default name prefix, derived from the class name by Keras's {@code to_snake_case}
     * ({@code QConv2D} → {@code q_conv2d}, {@code MaxPooling2D} → {@code max_pooling2d}).
     */
    public String defaultNamePrefix() {
        String intermediate = className().replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
        return intermediate.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Creates the weights for an input of shape {@code inputShape} (without the batch axis) and
     * returns the output shape. Called once, by the model.
     */
    public final int[] build(int[] inputShape, SplittableRandom random) {
        if (this.inputShape != null) {
            throw new IllegalStateException("layer '" + name + "' is already built for input "
                    + Arrays.toString(this.inputShape));
        }
        this.outputShape = buildWeights(inputShape.clone(), random);
        this.inputShape = inputShape.clone();
        return outputShape.clone();
    }

    /** Creates weights with {@link #addWeight} and returns the output shape (without batch). */
    protected abstract int[] buildWeights(int[] inputShape, SplittableRandom random);

    /** Computes the layer's output for a batch {@code x [batch, ...inputShape]}. */
    public abstract Variable forward(Variable x, ForwardContext context);

    public boolean isBuilt() {
        return inputShape != null;
    }

    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    public int[] outputShape() {
        return outputShape == null ? null : outputShape.clone();
    }

    /** Adds a weight initialized by {@code initializer}. */
    protected final Parameter addWeight(String weightName, int[] shape, Initializer initializer, boolean trainable,
                                        SplittableRandom random) {
        Tensor value = Tensor.zeros(shape);
        initializer.fill(value, random);
        Parameter parameter = new Parameter(weightName, value, trainable);
        weights.add(parameter);
        return parameter;
    }

    /** All weights in Keras's order. */
    public List<Parameter> weights() {
        return List.copyOf(weights);
    }

    /** The weights the optimizer updates. */
    public List<Parameter> trainableWeights() {
        return weights.stream().filter(Parameter::trainable).toList();
    }

    public int parameterCount() {
        return weights.stream().mapToInt(p -> p.value().size()).sum();
    }

    /** The quantizers by role ({@code kernel_quantizer}, {@code activation}, …); empty for float layers. */
    public Map<String, Quantizer> quantizers() {
        return Map.of();
    }

    /**
     * The kernel and bias the forward pass derives from the stored weights before quantizing them,
     * as QKeras's {@code get_folded_weights()} returns them for layers that fold batch
     * normalization; null for layers that use their stored weights directly.
     */
    public List<Tensor> foldedWeights() {
        return null;
    }

    /** The quantizer that produced a weight's forward value, or null when the weight is used as is. */
    public Quantizer quantizerOf(Parameter weight) {
        return null;
    }

    /** Applies weight constraints after an optimizer step (QKeras's clip of quantized weights). */
    public void applyConstraints() {
    }

    /**
     * The Keras {@code get_config()} dictionary: {@code name}, {@code trainable}, {@code dtype} and
     * the layer's own arguments.
     */
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", name);
        config.put("trainable", true);
        config.put("dtype", "float32");
        config.putAll(layerConfig());
        return config;
    }

    /** The layer's own arguments for {@link #config()}. */
    protected abstract Map<String, Object> layerConfig();

    /** Checks that an input batch has this layer's input shape. */
    protected final void checkInput(Variable x) {
        int[] shape = x.value().shape();
        if (shape.length != inputShape.length + 1
                || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), inputShape)) {
            throw new IllegalArgumentException("layer '" + name + "' (" + className() + ") expects input [batch, "
                    + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "") + "], received " + Arrays.toString(shape));
        }
    }
}
