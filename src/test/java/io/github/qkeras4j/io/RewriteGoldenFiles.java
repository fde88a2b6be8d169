package io.github.qkeras4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Developer tool behind interop/check: reads every golden model's weights.h5 and inputs.npy with
 * the io readers and writes them again with {@link KerasWeightsWriter} and {@link Npy}, so that
 * interop/check.py can load the rewritten files in h5py, Keras and QKeras.
 *
 * <p>Usage: {@code RewriteGoldenFiles GOLDEN_DIR OUT_DIR}; writes {@code OUT_DIR/<model>/weights.h5}
 * and {@code OUT_DIR/<model>/inputs.npy}.
 */
public final class RewriteGoldenFiles {
    private RewriteGoldenFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: RewriteGoldenFiles GOLDEN_DIR OUT_DIR");
            System.exit(2);
        }
        Path golden = Path.of(args[0]);
        Path out = Path.of(args[1]);
        List<Path> models;
        try (Stream<Path> entries = Files.list(golden)) {
            models = entries.filter(dir -> Files.isRegularFile(dir.resolve("weights.h5"))).sorted().toList();
        }
        for (Path model : models) {
            Path target = Files.createDirectories(out.resolve(model.getFileName()));
            KerasWeightsWriter.write(target.resolve("weights.h5"), KerasWeights.read(model.resolve("weights.h5")));
            Npy.write(target.resolve("inputs.npy"), Npy.read(model.resolve("inputs.npy")));
        }
        System.err.println("rewrote " + models.size() + " models into " + out);
    }
}
