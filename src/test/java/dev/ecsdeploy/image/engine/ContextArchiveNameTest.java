package dev.ecsdeploy.image.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build request names the Dockerfile before its context is sent ({@link ContextArchive#dockerfileName}); the
 * archive must put it under that very name, or the engine finds no Dockerfile.
 */
class ContextArchiveNameTest {
    @TempDir
    Path temp;

    private static String written(Path context, Path dockerfile) throws Exception {
        return ContextArchive.write(context, dockerfile, OutputStream.nullOutputStream());
    }

    @Test
    void theNameKnownBeforeTheArchiveIsTheNameInIt() throws Exception {
        Path context = Files.createDirectories(temp.resolve("ws/app"));
        Files.createDirectories(context.resolve("docker"));
        Path inside = Files.writeString(context.resolve("docker/Dockerfile.prod"), "FROM scratch\n");
        Path outside = Files.writeString(temp.resolve("ws/Dockerfile.shared"), "FROM scratch\nLABEL a=b\n");
        Path excluded = Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
        Files.writeString(context.resolve(".dockerignore"), "Dockerfile\ndocker/\n");
        Path linked = Files.createSymbolicLink(temp.resolve("linked-app"), context);

        for (Path dockerfile : new Path[] {inside, outside, excluded}) {
            assertEquals(written(context, dockerfile), ContextArchive.dockerfileName(context, dockerfile),
                    dockerfile.toString());
            assertEquals(written(linked, dockerfile), ContextArchive.dockerfileName(linked, dockerfile),
                    "through a symlinked context: " + dockerfile);
        }
        assertEquals("docker/Dockerfile.prod", ContextArchive.dockerfileName(context, inside));
        assertEquals(true, ContextArchive.dockerfileName(context, outside).startsWith(".dockerfile."));
    }
}
