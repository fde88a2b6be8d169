package io.github.qkeras4j.io;

import io.github.qkeras4j.data.Dataset;
import io.github.qkeras4j.layers.ActivationFunction;
import io.github.qkeras4j.layers.BatchNormalization;
import io.github.qkeras4j.layers.Dropout;
import io.github.qkeras4j.layers.Flatten;
import io.github.qkeras4j.layers.Initializer;
import io.github.qkeras4j.layers.Pooling2D;
import io.github.qkeras4j.layers.QActivation;
import io.github.qkeras4j.layers.QConv2D;
import io.github.qkeras4j.layers.QDense;
import io.github.qkeras4j.models.FitOptions;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.models.Sequential;
import io.github.qkeras4j.quantizers.QuantizerSpec;
import io.github.qkeras4j.tensor.Padding;
import io.github.qkeras4j.tensor.Tensor;
import io.github.qkeras4j.train.Adam;
import io.github.qkeras4j.train.SparseCategoricalCrossentropy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Developer tool behind interop/check: writes every supported zoo model again with
 * {@link KerasModelWriter}, plus a small model trained by qkeras4j, so that interop/check.py can
 * load them in QKeras 0.9.0 and compare its predictions.
 *
 * <p>Usage: {@code WriteZooModels GOLDEN_DIR OUT_DIR}. For each model it writes into
 * {@code OUT_DIR/<model>/}: {@code model.h5} (full model), {@code model.json} and
 * {@code weights.h5}, {@code inputs.npy} and {@code qkeras4j_outputs.npy} (qkeras4j's
 * predictions); or {@code unsupported.txt} naming what qkeras4j lacks, or {@code write_error.txt}
 * when the model cannot be written for QKeras 0.9.0. The trained model is {@code OUT_DIR/trained_cnn}.
 */
public final class WriteZooModels {
    /** The directory name of the model trained by qkeras4j. */
    static final String TRAINED = "trained_cnn";

    private WriteZooModels() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: WriteZooModels GOLDEN_DIR OUT_DIR");
            System.exit(2);
        }
        Path golden = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Path> models;
        try (Stream<Path> entries = Files.list(golden)) {
            models = entries.filter(dir -> Files.isRegularFile(dir.resolve("model.h5"))).sorted().toList();
        }
        for (Path dir : models) {
            Path target = Files.createDirectories(out.resolve(dir.getFileName()));
            String reason = KerasGoldenTest.unsupported(dir);
            if (reason != null) {
                Files.writeString(target.resolve("unsupported.txt"), reason + "\n");
                continue;
            }
            write(KerasModels.readModel(dir.resolve("model.h5")), Npy.read(dir.resolve("inputs.npy")), target);
        }
        Sequential trained = trainedCnn();
        write(trained, stripes(8, 99).x(), Files.createDirectories(out.resolve(TRAINED)));
        System.err.println("wrote " + models.size() + " zoo models and " + TRAINED + " into " + out);
    }

    private static void write(Model model, Tensor inputs, Path target) throws IOException {
        try {
            KerasModelWriter.writeH5(model, target.resolve("model.h5"));
            KerasModelWriter.writeJson(model, target.resolve("model.json"), target.resolve("weights.h5"));
        } catch (IllegalArgumentException | KerasFormatException e) {
            Files.writeString(target.resolve("write_error.txt"), e.getMessage() + "\n");
            return;
        }
        Npy.write(target.resolve("inputs.npy"), inputs);
        Npy.write(target.resolve("qkeras4j_outputs.npy"), model.predict(List.of(inputs), 4).getFirst());
    }

    /** A quantized CNN with every main-job layer kind, trained for two epochs on stripe images. */
    static Sequential trainedCnn() {
        Sequential model = new Sequential(8, 8, 1)
                .add(new QConv2D("conv", 4, new int[] {3, 3}, new int[] {1, 1}, Padding.SAME, new int[] {1, 1},
                        QuantizerSpec.parse("quantized_bits(4,0,1,alpha='auto_po2')"),
                        QuantizerSpec.parse("quantized_bits(8,3,1)"), ActivationFunction.LINEAR, true,
                        Initializer.HE_NORMAL, Initializer.ZEROS))
                .add(new BatchNormalization())
                .add(new QActivation(QuantizerSpec.parse("quantized_relu(4)")))
                .add(Pooling2D.max(2))
                .add(new Flatten())
                .add(new Dropout(0.25f))
                .add(new QDense("logits", 3, QuantizerSpec.parse("quantized_bits(6,2,1,alpha=1)"),
                        QuantizerSpec.parse("quantized_bits(8,3,1)"), ActivationFunction.LINEAR, true,
                        Initializer.HE_NORMAL, Initializer.ZEROS))
                .add(new QActivation(QuantizerSpec.parse("quantized_bits(8,3,1)")))
                .build(7);
        model.setName("trained_cnn");
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        model.fit(stripes(96, 5), FitOptions.builder().batchSize(16).epochs(2).seed(3).build());
        return model;
    }

    /** Images of three classes (bright top half, left half or diagonal) with noise. */
    static Dataset stripes(int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor x = Tensor.zeros(samples, 8, 8, 1);
        int[] labels = new int[samples];
        float[] d = x.data();
        for (int s = 0; s < samples; s++) {
            int label = s % 3;
            labels[s] = label;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    boolean on = switch (label) {
                        case 0 -> r < 4;
                        case 1 -> c < 4;
                        default -> Math.abs(r - c) <= 1;
                    };
                    d[(s * 8 + r) * 8 + c] = (on ? 0.8f : 0.1f) + (float) (random.nextDouble() * 0.2);
                }
            }
        }
        return Dataset.withLabels(x, labels);
    }
}
