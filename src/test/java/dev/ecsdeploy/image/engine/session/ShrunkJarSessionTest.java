package dev.ecsdeploy.image.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.testing.DockerEngine;
import dev.ecsdeploy.testing.RunnerContainer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The session as the image ships it: inside the ProGuard-shrunk jar, on the image's own jlinked JVM, speaking to the
 * engine through the mounted socket. A class or field the shrinker dropped, or a JDK module the runtime lacks,
 * fails here and nowhere else before a user's build with a secret.
 */
class ShrunkJarSessionTest {
    @BeforeAll
    static void image() {
        RunnerContainer.requireImage();
        DockerEngine.require();
        DockerEngine.busyboxBase();
    }

    @Test
    void theShippedJarServesASessionThatABuildWithASecretUses() {
        RunnerContainer.Exec probe = RunnerContainer.exec(List.of(RunnerContainer.DOCKER, "run", "--rm",
                "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", testClasses() + ":/probe:ro",
                "--entrypoint", "/opt/java/bin/java", RunnerContainer.IMAGE,
                "-cp", "/opt/ecs-deploy-action/ecs-deploy-action.jar:/probe", SessionProbe.class.getName(),
                DockerEngine.BASE_IMAGE), 120);
        assertEquals(0, probe.exitCode(), probe.output());
        assertTrue(probe.output().contains("session ok"), probe.output());
        // Nothing but the probe's own lines: no JVM warning, no log line, no trace.
        assertEquals(2, probe.output().strip().lines().count(), probe.output());
        assertFalse(probe.output().contains("WARNING"), probe.output());
        String image = probe.output().replaceFirst("(?s).*, image (\\S+)\\n.*", "$1");
        DockerEngine.docker("rmi", "--force", image);
    }

    private static Path testClasses() {
        try {
            return Path.of(SessionProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
