package io.github.qkeras4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.qkeras4j.data.Dataset;
import io.github.qkeras4j.data.FashionMnist;
import io.github.qkeras4j.export.QuantizedWeightsExport;
import io.github.qkeras4j.io.AtomicFiles;
import io.github.qkeras4j.io.KerasFormatException;
import io.github.qkeras4j.io.KerasModelConfig;
import io.github.qkeras4j.io.KerasModelWriter;
import io.github.qkeras4j.io.KerasModels;
import io.github.qkeras4j.io.ModelFormats;
import io.github.qkeras4j.models.DefaultCnn;
import io.github.qkeras4j.models.FitOptions;
import io.github.qkeras4j.models.History;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.models.ModelFile;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.train.Adam;
import io.github.qkeras4j.train.LearningRateScheduler;
import io.github.qkeras4j.train.ProgressLogger;
import io.github.qkeras4j.train.SparseCategoricalCrossentropy;
import io.github.qkeras4j.train.TerminateOnNaN;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code qkeras4j train}: trains the default CNN (quantized, or float with {@code --float}) or a
 * Sequential model from a Keras file ({@code --model}) on a dataset, prints the summary,
 * per-epoch progress and test accuracy, and writes metrics.json, the model (model.qk4j, and the
 * Keras full model model.h5 when QKeras 0.9.0 can express it) and quantized_weights.json into
 * {@code --out}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the default quantized CNN with quantization in the loop and save the results.")
final class TrainCommand implements Callable<Integer> {
    static final String METRICS_FILE = "metrics.json";
    static final String MODEL_FILE = "model.qk4j";
    static final String KERAS_MODEL_FILE = "model.h5";
    static final String QUANTIZED_WEIGHTS_FILE = "quantized_weights.json";

    @Spec
    CommandSpec spec;

    @Mixin
    DatasetOptions datasetOptions;

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the training data. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Samples per step. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.001",
            description = "Adam's initial learning rate; it decays along a cosine to 0 over the epochs. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed for weight initialization, shuffling and dropout. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", description = "Worker threads for the kernels. Default: the number of cores.")
    Integer threads;

    @Option(names = "--validation-split", defaultValue = "0.0",
            description = "Fraction of the training data (its last samples) held out for validation metrics. Default: ${DEFAULT-VALUE}.")
    double validationSplit;

    @Option(names = "--kernel-quantizer", paramLabel = "SPEC", defaultValue = "quantized_bits(4,0,1,alpha='auto_po2')",
            description = "QKeras spec of the weight quantizer. Default: ${DEFAULT-VALUE}.")
    String kernelQuantizer;

    @Option(names = "--bias-quantizer", paramLabel = "SPEC", defaultValue = "quantized_bits(8,3,1)",
            description = "QKeras spec of the bias quantizer. Default: ${DEFAULT-VALUE}.")
    String biasQuantizer;

    @Option(names = "--activation-quantizer", paramLabel = "SPEC", defaultValue = "quantized_relu(4)",
            description = "QKeras spec of the activation quantizer. Default: ${DEFAULT-VALUE}.")
    String activationQuantizer;

    @Option(names = "--float", description = "Train the same model without quantization.")
    boolean floatModel;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Train this Sequential model instead of the default CNN: a Keras architecture (.json, "
                    + "weights initialized from --seed) or a model with weights to train further (.h5, .qk4j). "
                    + "Its input must be [28, 28, 1] and its output [10] (logits). The quantizer options and "
                    + "--float do not apply to it.")
    Path modelFile;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Folder for metrics.json, model.qk4j, model.h5 and quantized_weights.json. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintStream stdout = System.out;
        Sequential model = modelFile == null ? buildModel().build(seed) : readModel();
        Dataset train = FashionMnist.loadTrain(datasetOptions.directory());
        Dataset test = FashionMnist.loadTest(datasetOptions.directory());
        prepareOutputFolder();

        stdout.print(model.summary());
        model.compile(new Adam(learningRate), new SparseCategoricalCrossentropy(true));
        FitOptions options = FitOptions.builder()
                .batchSize(batchSize).epochs(epochs).seed(seed).validationSplit(validationSplit)
                .callback(new LearningRateScheduler(epoch -> cosine(epoch)))
                .callback(new TerminateOnNaN())
                .callback(new ProgressLogger(stdout))
                .build();

        long start = System.nanoTime();
        History history = model.fit(train, options);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        if (history.stopReason() != null && history.epochs() < epochs) {
            stdout.println("Training stopped: " + history.stopReason());
        }
        Map<String, Double> scores = model.evaluate(test, batchSize);
        stdout.printf(Locale.ROOT, "Test accuracy: %.4f - test loss: %.4f (%d images)%n", scores.get("accuracy"),
                scores.get("loss"), test.size());

        ModelFile.save(model, out.resolve(MODEL_FILE));
        String kerasFile = writeKerasModel(model, stdout);
        boolean quantized = model.layers().stream().anyMatch(layer -> !layer.quantizers().isEmpty());
        if (quantized) {
            QuantizedWeightsExport.write(model, out.resolve(QUANTIZED_WEIGHTS_FILE));
        }
        writeMetrics(history, scores, trainSeconds);
        stdout.println("Wrote " + out.resolve(METRICS_FILE) + ", " + out.resolve(MODEL_FILE) + kerasFile
                + (quantized ? ", " + out.resolve(QUANTIZED_WEIGHTS_FILE) : ""));
        if (history.stopReason() != null && history.epochs() < epochs && history.stopReason().startsWith("loss became")) {
            return ExitCodes.INTERNAL_ERROR;
        }
        return 0;
    }

    private void checkOptions() {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out " + out + " is a file; pass a folder for the results");
        }
        if (epochs < 1) {
            throw new UserError("--epochs must be >= 1, received " + epochs);
        }
        if (batchSize < 1) {
            throw new UserError("--batch-size must be >= 1, received " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new UserError("--learning-rate must be a positive number, received " + learningRate);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new UserError("--validation-split must be in [0, 1), received " + validationSplit);
        }
        ThreadOption.apply(threads);
    }

    /** Reads {@code --model}: an architecture to initialize, or a model with weights to train further. */
    private Sequential readModel() {
        ModelOptions.requireFile("--model", modelFile);
        Model model;
        try {
            model = ModelFormats.Format.of(modelFile) == ModelFormats.Format.KERAS_JSON
                    ? KerasModels.build(KerasModelConfig.read(modelFile), seed)
                    : ModelFormats.read(modelFile, null);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCodes.oneLine(e.getMessage()));
        }
        if (!(model instanceof Sequential sequential)) {
            throw new UserError("--model " + modelFile + ": model '" + model.name() + "' is functional; train supports "
                    + "Sequential models");
        }
        int[] inputShape = {FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, 1};
        int[] outputShape = {FashionMnist.CLASS_NAMES.size()};
        if (!Arrays.equals(sequential.inputShape(), inputShape) || !Arrays.equals(sequential.outputShape(), outputShape)) {
            throw new UserError("--model " + modelFile + ": model '" + model.name() + "' maps "
                    + Arrays.toString(sequential.inputShape()) + " to " + Arrays.toString(sequential.outputShape())
                    + "; the dataset needs input " + Arrays.toString(inputShape) + " and output "
                    + Arrays.toString(outputShape) + " (logits of the classes)");
        }
        return sequential;
    }

    /**
     * Checks before training that {@code --out} is a writable folder, creating it if needed, and
     * removes the result files of an earlier run there, so a failed run never leaves another run's
     * files beside its own.
     */
    private void prepareOutputFolder() {
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".write-check", ".tmp");
            Files.delete(probe);
            for (String name : List.of(METRICS_FILE, MODEL_FILE, KERAS_MODEL_FILE, QUANTIZED_WEIGHTS_FILE)) {
                Files.deleteIfExists(out.resolve(name));
            }
        } catch (java.io.IOException e) {
            throw new UserError("cannot write to --out folder " + out + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); pass a writable folder");
        }
    }

    /** Writes model.h5 when QKeras 0.9.0 can express the model; returns the text naming it, or "". */
    private String writeKerasModel(Sequential model, PrintStream stdout) throws java.io.IOException {
        Path file = out.resolve(KERAS_MODEL_FILE);
        try {
            KerasModelWriter.writeH5(model, file);
            return ", " + file;
        } catch (IllegalArgumentException | KerasFormatException e) {
            stdout.println("Not writing " + file + ": " + ExitCodes.oneLine(e.getMessage()));
            return "";
        }
    }

    private Sequential buildModel() {
        int[] inputShape = {FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE, 1};
        int classes = FashionMnist.CLASS_NAMES.size();
        if (floatModel) {
            for (String option : List.of("--kernel-quantizer", "--bias-quantizer", "--activation-quantizer")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new UserError(option + " has no effect with --float, which trains without quantizers; "
                            + "remove one of the two");
                }
            }
            return DefaultCnn.floating(inputShape, classes);
        }
        checkSpec("--kernel-quantizer", kernelQuantizer);
        checkSpec("--bias-quantizer", biasQuantizer);
        checkSpec("--activation-quantizer", activationQuantizer);
        return new DefaultCnn(kernelQuantizer, biasQuantizer, activationQuantizer).quantized(inputShape, classes);
    }

    private static void checkSpec(String option, String spec) {
        try {
            QuantizerSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + " \"" + spec + "\": " + ExitCodes.oneLine(e.getMessage()));
        }
    }

    /** Cosine decay from the initial learning rate towards 0 over the run, per epoch. */
    private double cosine(int epoch) {
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs));
    }

    private void writeMetrics(History history, Map<String, Double> scores, double trainSeconds) throws Exception {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("dataset", datasetOptions.dataset.toString());
        String modelName = floatModel ? "float" : "quantized";
        if (modelFile != null) {
            modelName = modelFile.toString();
        }
        metrics.put("model", modelName);
        if (!floatModel && modelFile == null) {
            Map<String, Object> quantizers = new LinkedHashMap<>();
            quantizers.put("kernel_quantizer", kernelQuantizer);
            quantizers.put("bias_quantizer", biasQuantizer);
            quantizers.put("activation_quantizer", activationQuantizer);
            metrics.put("quantizers", quantizers);
        }
        metrics.put("seed", seed);
        metrics.put("batch_size", batchSize);
        metrics.put("learning_rate", learningRate);
        metrics.put("validation_split", validationSplit);
        metrics.put("epochs", history.epochs());
        metrics.put("test_accuracy", scores.get("accuracy"));
        metrics.put("test_loss", scores.get("loss"));
        metrics.put("history", history.metrics());
        metrics.put("stop_reason", history.stopReason());
        metrics.put("train_seconds", trainSeconds);
        metrics.put("epoch_seconds", history.epochSeconds());
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(metrics);
        AtomicFiles.write(out.resolve(METRICS_FILE), o -> o.write(json));
    }
}
