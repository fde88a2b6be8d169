package io.github.qkeras4j.data;

import io.github.qkeras4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Loads Fashion-MNIST (Zalando, 2017) from its four IDX files: 60,000 training and 10,000 test
 * grayscale images of 28 × 28 pixels in 10 classes.
 *
 * <p>Images become {@code x [samples, 28, 28, 1]} float32 values {@code pixel / 255f} in [0, 1], the
 * scaling of the Keras examples ({@code x.astype("float32") / 255}); labels become class indices
 * {@code [samples]} in 0..9, named by {@link #CLASS_NAMES}.
 *
 * <p>Each file may be gzip-compressed ({@code train-images-idx3-ubyte.gz}, the form of the original
 * download and of the Debian package {@code dataset-fashion-mnist}) or raw
 * ({@code train-images-idx3-ubyte}); the compressed name is tried first.
 */
public final class FashionMnist {
    /** Directory into which the Debian package {@code dataset-fashion-mnist} installs the files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** Class names by label, as listed by the dataset's authors. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    public static final int IMAGE_SIZE = 28;

    private static final String FIX = "install it with 'apt-get install dataset-fashion-mnist' or pass --data DIR"
            + " with the four Fashion-MNIST IDX files";

    /** Training and test sets. */
    public record Splits(Dataset train, Dataset test) {
    }

    private FashionMnist() {
    }

    /** Loads the training and test sets from {@code directory}. */
    public static Splits load(Path directory) {
        return new Splits(loadTrain(directory), loadTest(directory));
    }

    /** Loads the 60,000 training samples from {@code directory}. */
    public static Dataset loadTrain(Path directory) {
        return loadPart(directory, "train");
    }

    /** Loads the 10,000 test samples from {@code directory}. */
    public static Dataset loadTest(Path directory) {
        return loadPart(directory, "t10k");
    }

    private static Dataset loadPart(Path directory, String prefix) {
        if (Files.isRegularFile(directory)) {
            throw new DatasetException("Fashion-MNIST directory " + directory + " is a file; pass --data DIR with the"
                    + " folder that contains the four Fashion-MNIST IDX files");
        }
        if (!Files.isDirectory(directory)) {
            throw new DatasetException("Fashion-MNIST directory " + directory + " not found; " + FIX);
        }
        Path imagesFile = find(directory, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(directory, prefix + "-labels-idx1-ubyte");
        IdxArray images = IdxReader.read(imagesFile, FIX);
        IdxArray labels = IdxReader.read(labelsFile, FIX);

        int[] imageDims = images.dims();
        if (images.type() != IdxArray.Type.UNSIGNED_BYTE || imageDims.length != 3
                || imageDims[1] != IMAGE_SIZE || imageDims[2] != IMAGE_SIZE) {
            throw new DatasetException("IDX file " + imagesFile + ": expected unsigned bytes of shape [n, 28, 28],"
                    + " found " + images.type() + " of shape " + Arrays.toString(imageDims) + "; " + FIX);
        }
        int[] labelDims = labels.dims();
        if (labels.type() != IdxArray.Type.UNSIGNED_BYTE || labelDims.length != 1) {
            throw new DatasetException("IDX file " + labelsFile + ": expected unsigned bytes of shape [n], found "
                    + labels.type() + " of shape " + Arrays.toString(labelDims) + "; " + FIX);
        }
        if (labelDims[0] != imageDims[0]) {
            throw new DatasetException("Fashion-MNIST files disagree: " + imagesFile + " has " + imageDims[0]
                    + " images but " + labelsFile + " has " + labelDims[0] + " labels; " + FIX);
        }

        int[] classes = labels.toInts();
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] >= CLASS_NAMES.size()) {
                throw new DatasetException("IDX file " + labelsFile + ": label " + i + " is " + classes[i]
                        + ", outside 0.." + (CLASS_NAMES.size() - 1) + "; " + FIX);
            }
        }
        return Dataset.withLabels(toImages(images), classes);
    }

    /** Returns the gzip-compressed file if present, else the raw one. The error for a missing pair names both. */
    private static Path find(Path directory, String name) {
        Path compressed = directory.resolve(name + ".gz");
        if (Files.exists(compressed)) {
            return compressed;
        }
        Path raw = directory.resolve(name);
        if (Files.exists(raw)) {
            return raw;
        }
        throw new DatasetException("Fashion-MNIST file " + compressed + " not found (nor " + raw + "); " + FIX);
    }

    private static Tensor toImages(IdxArray images) {
        float[] pixels = images.toFloats();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = pixels[i] / 255f;
        }
        return Tensor.of(pixels, images.dims()[0], IMAGE_SIZE, IMAGE_SIZE, 1);
    }
}
