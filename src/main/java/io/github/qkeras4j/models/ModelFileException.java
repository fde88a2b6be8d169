package io.github.qkeras4j.models;

import java.nio.file.Path;

/** A model file that cannot be read; the message names the file and what was wrong. */
public final class ModelFileException extends IllegalArgumentException {
    public ModelFileException(Path path, String problem) {
        super(path + ": " + problem);
    }
}
