package io.github.qkeras4j.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.qkeras4j.export.QKerasQuantizedWeights;
import io.github.qkeras4j.models.Model;
import io.github.qkeras4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Loads every zoo model written by QKeras 0.9.0, predicts its inputs and compares with QKeras's
 * outputs by {@link OutputComparison}; prints one row per model: passed, failed, unsupported
 * (naming the layer classes or quantizer) or version difference.
 */
class KerasGoldenTest {
    /** Layer classes whose QKeras 0.9.0 arithmetic differs from later QKeras, which qkeras4j follows. */
    private static final Map<String, String> VERSION_DIFFERENCES = Map.of(
            "QAveragePooling2D", "QKeras 0.9.0 computes avg(x)·A·Q(1/A), later versions avg(x·A)·Q(1/A)",
            "QGlobalAveragePooling2D", "QKeras 0.9.0 computes mean(x)·A·Q(1/A), later versions sum(x)·Q(1/A)");

    enum Status { PASSED, FAILED, UNSUPPORTED, VERSION_DIFFERENCE }

    record Row(String model, String source, Status status, String detail) {
    }

    /** Loads a zoo model from model.h5 or from model.json + weights.h5, or classifies why not. */
    static Model load(Path dir, boolean fullModel) {
        return fullModel ? KerasModels.readModel(dir.resolve("model.h5"))
                : KerasModels.readModel(dir.resolve("model.json"), dir.resolve("weights.h5"));
    }

    /** The reason qkeras4j cannot run the model (unsupported layer class or quantizer), or null. */
    static String unsupported(Path dir) {
        KerasModelConfig config = KerasModelConfig.read(dir.resolve("model.json"));
        Set<String> classes = KerasModels.unsupportedClasses(config);
        if (!classes.isEmpty()) {
            return "layer class(es) " + classes;
        }
        try {
            KerasModels.build(config);
            return null;
        } catch (KerasFormatException e) {
            String message = e.getMessage();
            java.util.regex.Matcher quantizer = java.util.regex.Pattern
                    .compile("^[^:]*: (\\w+ '[^']*'): .*unknown (quantizer|activation) '([^']+)'").matcher(message);
            if (quantizer.find()) {
                return quantizer.group(2) + " " + quantizer.group(3) + " in " + quantizer.group(1);
            }
            throw e;
        }
    }

    static List<Row> evaluateZoo() {
        List<Row> rows = new ArrayList<>();
        for (JsonNode entry : GoldenFiles.models()) {
            String name = entry.get("name").asText();
            Path dir = GoldenFiles.model(name);
            String reason = unsupported(dir);
            if (reason != null) {
                rows.add(new Row(name, "-", Status.UNSUPPORTED, reason));
                continue;
            }
            for (boolean full : new boolean[] {true, false}) {
                rows.add(evaluate(entry, dir, full));
            }
        }
        return rows;
    }

    private static Row evaluate(JsonNode entry, Path dir, boolean full) {
        String name = entry.get("name").asText();
        String source = full ? "model.h5" : "model.json+weights.h5";
        Model model = load(dir, full);
        Tensor inputs = Npy.read(dir.resolve("inputs.npy"));
        Tensor expected = Npy.read(dir.resolve("outputs.npy"));
        Tensor actual = model.predict(List.of(inputs), 4).getFirst();
        OutputComparison comparison = OutputComparison.of(model, actual, expected);
        if (comparison.passes()) {
            return new Row(name, source, Status.PASSED, comparison.summary());
        }
        for (JsonNode layerClass : entry.get("layer_classes")) {
            String difference = VERSION_DIFFERENCES.get(layerClass.asText());
            if (difference != null) {
                return new Row(name, source, Status.VERSION_DIFFERENCE, difference + "; " + comparison.summary());
            }
        }
        return new Row(name, source, Status.FAILED, comparison.summary());
    }

    @Test
    void zooOutputsMatchQKeras() {
        List<Row> rows = evaluateZoo();
        StringBuilder table = new StringBuilder("\nqkeras4j vs QKeras 0.9.0 outputs\n");
        for (Row row : rows) {
            table.append(String.format("%-19s %-30s %-22s %s%n", row.status(), row.model(), row.source(), row.detail()));
        }
        System.out.println(table);
        List<String> failed = rows.stream().filter(r -> r.status() == Status.FAILED)
                .map(r -> r.model() + " (" + r.source() + "): " + r.detail()).toList();
        assertTrue(failed.isEmpty(), "outputs differ from QKeras: " + failed);
        assertTrue(rows.stream().anyMatch(r -> r.status() == Status.PASSED), "no zoo model passed");
    }

    @Test
    void quantizedWeightsMatchQKeras() throws Exception {
        List<String> compared = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (JsonNode entry : GoldenFiles.models()) {
            String name = entry.get("name").asText();
            Path dir = GoldenFiles.model(name);
            if (unsupported(dir) != null) {
                continue;
            }
            Model model = load(dir, true);
            JsonNode expected = KerasModelConfig.JSON.readTree(dir.resolve("quantized_weights.json").toFile());
            JsonNode actual = KerasModelConfig.JSON.valueToTree(QKerasQuantizedWeights.document(model));
            List<String> differences = new ArrayList<>();
            compare(name, expected, actual, differences);
            String status = differences.isEmpty() ? "equal" : "FAILED";
            System.out.printf("quantized_weights %-30s %s%s%n", name, status,
                    differences.isEmpty() ? "" : ": " + differences.size() + " value(s) differ, first " + differences.getFirst());
            if (!differences.isEmpty()) {
                failed.add(name + ": " + differences.getFirst());
            }
            compared.add(name);
        }
        assertTrue(failed.isEmpty(), "quantized weights differ from QKeras 0.9.0: " + failed);
        assertTrue(compared.contains("dense_qbits"), "dense_qbits was not compared: " + compared);
    }

    /** The keys of a JSON object, sorted: QKeras's files are written with sorted keys. */
    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    /** Collects where the structure differs or a number differs as float32. */
    private static void compare(String where, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isNumber()) {
            if (actual == null || !actual.isNumber() || expected.floatValue() != actual.floatValue()) {
                differences.add(where + ": QKeras " + expected.floatValue() + ", qkeras4j " + actual);
            }
            return;
        }
        if (actual == null || expected.getNodeType() != actual.getNodeType() || expected.size() != actual.size()) {
            differences.add(where + ": QKeras " + expected.getNodeType() + " of size " + expected.size() + ", qkeras4j "
                    + (actual == null ? "nothing" : actual.getNodeType() + " of size " + actual.size()));
            return;
        }
        if (expected.isObject()) {
            if (!names(expected).equals(names(actual))) {
                differences.add(where + ": keys " + names(expected) + " in QKeras, " + names(actual) + " in qkeras4j");
                return;
            }
            expected.properties().forEach(e -> compare(where + "/" + e.getKey(), e.getValue(), actual.get(e.getKey()),
                    differences));
        } else {
            Iterator<JsonNode> a = actual.elements();
            int i = 0;
            for (JsonNode e : expected) {
                compare(where + "[" + i++ + "]", e, a.next(), differences);
            }
        }
    }
}
