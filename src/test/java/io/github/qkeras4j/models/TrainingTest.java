package io.github.qkeras4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.qkeras4j.data.Dataset;
import io.github.qkeras4j.tensor.Parallel;
import io.github.qkeras4j.train.Adam;
import io.github.qkeras4j.train.EarlyStopping;
import io.github.qkeras4j.train.ModelCheckpoint;
import io.github.qkeras4j.train.SGD;
import io.github.qkeras4j.train.SparseCategoricalCrossentropy;
import io.github.qkeras4j.train.TerminateOnNaN;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingTest {
    private static History train(Sequential model, Dataset data, int epochs) {
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        return model.fit(data, FitOptions.builder().batchSize(16).epochs(epochs).seed(7).validationSplit(0.25).build());
    }

    @Test
    void quantizedCnnLearnsStripes() {
        Sequential model = TinyModels.quantizedCnn().build(3);

        History history = train(model, TinyModels.stripes(240, 1), 6);
        Map<String, Double> scores = model.evaluate(TinyModels.stripes(90, 2), 32);

        assertEquals(6, history.epochs());
        assertTrue(history.get("loss").get(5) < history.get("loss").get(0), "loss must fall: " + history.get("loss"));
        assertEquals(6, history.get("val_accuracy").size());
        assertTrue(scores.get("accuracy") > 0.9, "test accuracy " + scores);
    }

    @Test
    void sameSeedGivesIdenticalHistoryOnOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Sequential one = TinyModels.quantizedCnn().build(3);
            Map<String, List<Double>> historyOne = train(one, TinyModels.stripes(120, 1), 2).metrics();
            Parallel.setThreads(2);
            Sequential two = TinyModels.quantizedCnn().build(3);
            Map<String, List<Double>> historyTwo = train(two, TinyModels.stripes(120, 1), 2).metrics();

            assertEquals(historyOne, historyTwo);
            for (int i = 0; i < one.weights().size(); i++) {
                assertArrayEquals(one.weights().get(i).value().data(), two.weights().get(i).value().data(),
                        "weight " + one.weights().get(i).name());
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void terminateOnNaNStopsWithBatchAndValue() {
        Sequential model = TinyModels.quantizedCnn().build(3);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        Dataset data = TinyModels.stripes(96, 1);
        data.x().data()[5 * 64 + 10] = Float.NaN;

        History history = model.fit(data, FitOptions.builder().batchSize(16).epochs(3).seed(1).shuffle(false)
                .callback(new TerminateOnNaN()).build());

        assertEquals("loss became NaN at epoch 1, batch 1; lower the learning rate or check the inputs for NaN or "
                + "infinite values", history.stopReason());
        assertEquals(0, history.epochs());
    }

    @Test
    void earlyStoppingStopsWhenMetricStalls() {
        Sequential model = TinyModels.quantizedCnn().build(3);
        model.compile(new SGD(0.0, 0, false), new SparseCategoricalCrossentropy(true));

        History history = model.fit(TinyModels.stripes(48, 1), FitOptions.builder().batchSize(16).epochs(10).seed(1)
                .shuffle(false).callback(new EarlyStopping("loss", 0.0, 2, false)).build());

        assertEquals(3, history.epochs(), "a model that never changes stops after patience + 1 epochs");
        assertTrue(history.stopReason().startsWith("early stopping: loss did not improve for 2 epochs"),
                history.stopReason());
    }

    @Test
    void checkpointSavesOnlyImprovedEpochs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) {
        Sequential model = TinyModels.quantizedCnn().build(3);
        model.compile(new Adam(0.01), new SparseCategoricalCrossentropy(true));
        String pattern = folder.resolve("epoch-{epoch}.qk4j").toString();

        History history = model.fit(TinyModels.stripes(96, 1), FitOptions.builder().batchSize(16).epochs(3).seed(1)
                .callback(new ModelCheckpoint(pattern, "loss", true)).build());

        List<Double> loss = history.get("loss");
        double best = Double.POSITIVE_INFINITY;
        for (int epoch = 0; epoch < 3; epoch++) {
            boolean improved = loss.get(epoch) < best;
            best = Math.min(best, loss.get(epoch));
            assertEquals(improved, java.nio.file.Files.exists(folder.resolve("epoch-" + (epoch + 1) + ".qk4j")),
                    "epoch " + (epoch + 1) + ", losses " + loss);
        }
        Sequential first = ModelFile.load(folder.resolve("epoch-1.qk4j"));
        assertEquals(model.weights().size(), first.weights().size());
    }
}
