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

    /**
     * The Dockerfile's path inside the archive {@link #write} makes, known before it is written: the build request's
     * query names it, and the query goes out before the body. Inside the context: its relative path, with '/'. Outside:
     * {@code .dockerfile.} and a name derived from its absolute path (the CLI's is random; this one must be known
     * first). {@link #write} returns the same. ADDED on branch engine (the seam's smallest change).
     */
    public static String dockerfileName(Path contextDirectory, Path dockerfile) {
        Path context = contextDirectory.toAbsolutePath().normalize();
        Path file = dockerfile.toAbsolutePath().normalize();
        if (file.startsWith(context) && !file.equals(context)) {
            return context.relativize(file).toString().replace(java.io.File.separatorChar, '/');
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return ".dockerfile." + java.util.HexFormat.of().formatHex(digest, 0, 10);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
