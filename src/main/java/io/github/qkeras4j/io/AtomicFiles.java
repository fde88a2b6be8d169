package io.github.qkeras4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files through a temporary sibling and a rename, so readers never see a partial file. */
public final class AtomicFiles {
    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code file} atomically, creating missing parent folders; on failure the temporary file
     * is removed and {@code file} is left as it was.
     */
    public static void write(Path file, Writer writer) throws IOException {
        if (Files.isDirectory(file)) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "is a folder, not a file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path temp = temporarySibling(file);
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                writer.write(out);
            }
            move(temp, file);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes {@code bytes} to {@code file}, replacing it. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /**
     * A fresh temporary file in {@code file}'s directory (same file system, so the rename is atomic).
     * It is created with the default permissions (the umask), not the owner-only ones of
     * {@link Files#createTempFile}, because the rename keeps them.
     */
    static Path temporarySibling(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
            Path candidate = absolute.resolveSibling("." + absolute.getFileName() + "." + suffix + ".tmp");
            try {
                return Files.createFile(candidate);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            } catch (java.nio.file.AccessDeniedException e) {
                // Name the file the caller asked for, not the temporary sibling.
                throw new java.nio.file.AccessDeniedException(file.toString(), null, "cannot create files in its folder");
            }
        }
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
