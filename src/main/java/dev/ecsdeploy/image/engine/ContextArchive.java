package dev.ecsdeploy.image.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A local build context as the Docker CLI sends it to the engine: a tar of every file under the context directory that
 * its {@code .dockerignore} does not exclude. SEAM (to be written on branch render): signatures fixed, bodies not yet.
 */
public final class ContextArchive {
    private ContextArchive() {
    }

    /**
     * Writes the context to {@code out} (not closed). The Dockerfile always goes in, even when {@code .dockerignore}
     * excludes it; a Dockerfile outside the context goes in under a generated name.
     *
     * @return the Dockerfile's path inside the archive: the build's {@code dockerfile} parameter
     */
    public static String write(Path contextDirectory, Path dockerfile, OutputStream out) throws IOException {
        throw new UnsupportedOperationException("branch render");
    }
}
