package io.github.qkeras4j.tensor;

import java.lang.reflect.Constructor;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the optional Vector API kernels of the library. A class that names a
 * {@code jdk.incubator.vector} type fails to link when the JVM runs without that module, so such
 * classes are only ever reached through {@link #load}, by name, and every caller keeps a plain-Java
 * path that gives the same results.
 */
public final class VectorModule {
    /** The incubating module that holds the Vector API. */
    public static final String NAME = "jdk.incubator.vector";

    private static final Logger LOG = LoggerFactory.getLogger(VectorModule.class);

    private VectorModule() {
    }

    /** Whether the JVM was started with {@code --add-modules jdk.incubator.vector}. */
    public static boolean present() {
        return ModuleLayer.boot().findModule(NAME).isPresent();
    }

    /**
     * Creates an instance of {@code className} (which may be package-private, with a no-argument
     * constructor) as a {@code type}. Returns empty when the module is absent or the class fails to
     * load. A failure is logged with {@code purpose}, so the slower plain-Java path is never silent.
     */
    public static <T> Optional<T> load(String className, Class<T> type, String purpose) {
        if (!present()) {
            return Optional.empty();
        }
        try {
            Constructor<?> constructor = Class.forName(className).getDeclaredConstructor();
            constructor.setAccessible(true);
            return Optional.of(type.cast(constructor.newInstance()));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("{}: the Vector API kernel failed to load ({}); using the plain-Java kernel", purpose,
                    e.toString());
            return Optional.empty();
        }
    }
}
