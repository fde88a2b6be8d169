package io.github.qkeras4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden files written by interop/make_golden.py with QKeras 0.9.0: one directory per zoo
 * model under the test resource folder {@code interop/}, indexed by {@code interop/zoo.json}.
 */
final class GoldenFiles {
    private GoldenFiles() {
    }

    static Path root() {
        URL index = GoldenFiles.class.getClassLoader().getResource("interop/zoo.json");
        if (index == null) {
            throw new IllegalStateException("test resource interop/zoo.json is missing; run interop/check --regenerate");
        }
        try {
            return Path.of(index.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path model(String name) {
        return root().resolve(name);
    }

    static JsonNode index() {
        try {
            return new ObjectMapper().readTree(root().resolve("zoo.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The zoo entries of zoo.json: name, layers (with weight names and shapes), output shape, notes. */
    static List<JsonNode> models() {
        List<JsonNode> models = new ArrayList<>();
        index().get("models").forEach(models::add);
        return models;
    }
}
