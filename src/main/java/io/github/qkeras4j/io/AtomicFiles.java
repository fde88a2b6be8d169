package io.github.qkeras4j.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files through a temporary sibling and a rename, so readers never see a partial file. */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code bytes} to {@code file}, replacing it. */
    static void write(Path file, byte[] bytes) throws IOException {
        Path temp = temporarySibling(file);
        try {
            Files.write(temp, bytes);
            move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A fresh temporary file in {@code file}'s directory (same file system, so the rename is atomic). */
    static Path temporarySibling(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        return Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
    }

    /** Renames {@code temp} to {@code file}, atomically where the file system allows it. */
    static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
