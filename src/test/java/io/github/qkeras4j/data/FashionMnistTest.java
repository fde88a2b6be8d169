package io.github.qkeras4j.data;

import static io.github.qkeras4j.data.IdxFiles.gzip;
import static io.github.qkeras4j.data.IdxFiles.idx;
import static io.github.qkeras4j.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.qkeras4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    private static final int PIXELS = 28 * 28;

    @TempDir
    Path dir;

    @Test
    void loadsScaledImagesAndLabels() {
        writePart("train", 3, 3, true);
        writePart("t10k", 2, 2, false);

        FashionMnist.Splits splits = FashionMnist.load(dir);

        Tensor x = splits.train().x();
        assertArrayEquals(new int[] {3, 28, 28, 1}, x.shape());
        assertEquals(0f, x.get(0, 0, 0, 0));
        assertEquals(1f / 255f, x.get(0, 0, 1, 0));
        assertEquals(1f, x.get(0, 9, 3, 0));
        assertEquals(16f / 255f, x.get(1, 0, 0, 0));
        assertArrayEquals(new int[] {0, 1, 2}, splits.train().labels());
        assertEquals(2, splits.test().size());
        assertArrayEquals(new int[] {28, 28, 1}, splits.test().sampleShape());
    }

    @Test
    void rejectsCountMismatch() {
        writePart("train", 3, 2, true);

        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.loadTrain(dir));

        assertTrue(e.getMessage().contains("has 3 images but"), e.getMessage());
        assertTrue(e.getMessage().contains("has 2 labels"), e.getMessage());
    }

    @Test
    void rejectsMissingDirectory() {
        Path absent = dir.resolve("absent");

        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.loadTest(absent));

        assertEquals("Fashion-MNIST directory " + absent + " not found; install it with 'apt-get install"
                + " dataset-fashion-mnist' or pass --data DIR with the four Fashion-MNIST IDX files", e.getMessage());
    }

    @Test
    void rejectsMissingFile() {
        writePart("train", 1, 1, true);

        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.loadTest(dir));

        assertTrue(e.getMessage().startsWith("Fashion-MNIST file " + dir.resolve("t10k-images-idx3-ubyte.gz")
                + " not found"), e.getMessage());
    }

    @Test
    void rejectsLabelOutsideClasses() {
        write(dir.resolve("train-images-idx3-ubyte"), idx(0x08, new int[] {1, 28, 28}, new byte[PIXELS]));
        write(dir.resolve("train-labels-idx1-ubyte"), idx(0x08, new int[] {1}, new byte[] {10}));

        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.loadTrain(dir));

        assertTrue(e.getMessage().contains("label 0 is 10, outside 0..9"), e.getMessage());
    }

    @Test
    void rejectsWrongImageShape() {
        write(dir.resolve("train-images-idx3-ubyte"), idx(0x08, new int[] {1, 28, 27}, new byte[28 * 27]));
        write(dir.resolve("train-labels-idx1-ubyte"), idx(0x08, new int[] {1}, new byte[] {1}));

        DatasetException e = assertThrows(DatasetException.class, () -> FashionMnist.loadTrain(dir));

        assertTrue(e.getMessage().contains("expected unsigned bytes of shape [n, 28, 28], found UNSIGNED_BYTE of"
                + " shape [1, 28, 27]"), e.getMessage());
    }

    @Test
    void readsInstalledFilesWhenPresent() {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY), "Fashion-MNIST is not installed");

        FashionMnist.Splits splits = FashionMnist.load(FashionMnist.DEFAULT_DIRECTORY);

        assertEquals(60000, splits.train().size());
        assertEquals(10000, splits.test().size());
        assertArrayEquals(new int[] {28, 28, 1}, splits.train().sampleShape());
        int[] counts = new int[10];
        for (int label : splits.train().labels()) {
            counts[label]++;
        }
        // The training set is balanced: 6,000 images per class.
        assertArrayEquals(new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, counts);
        // The first training image is an ankle boot.
        assertEquals(9, splits.train().label(0));
    }

    /**
     * Writes {@code images} images whose pixel k of image i is {@code (k + i·PIXELS) mod 256} and
     * {@code labels} labels 0, 1, 2, ...
     */
    private void writePart(String prefix, int images, int labels, boolean compressed) {
        byte[] pixels = new byte[images * PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        byte[] classes = new byte[labels];
        for (int i = 0; i < labels; i++) {
            classes[i] = (byte) i;
        }
        byte[] imageFile = idx(0x08, new int[] {images, 28, 28}, pixels);
        byte[] labelFile = idx(0x08, new int[] {labels}, classes);
        String suffix = compressed ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + suffix), compressed ? gzip(imageFile) : imageFile);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + suffix), compressed ? gzip(labelFile) : labelFile);
    }
}
