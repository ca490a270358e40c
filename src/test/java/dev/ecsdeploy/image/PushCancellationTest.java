package dev.ecsdeploy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionProcess;
import dev.ecsdeploy.testing.DockerEngine;
import dev.ecsdeploy.testing.StackTraces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The workflow is cancelled while the image is being pushed: the run ends CANCELLED, and the push it started stops
 * with it. An engine that went on uploading after the action left would put the tag in the registry all the same,
 * and the run's "nothing was pushed" would be false.
 */
class PushCancellationTest {
    /** Long enough for the registry to have the image several times over had the engine kept pushing. */
    private static final Duration WATCHED_AFTER_EXIT = Duration.ofSeconds(15);

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void sigtermDuringThePushStopsTheUpload(ImagePath path) throws Exception {
        DockerEngine.require();
        DockerEngine.busyboxBase();
        String repository = "push-cancel-" + UUID.randomUUID().toString().substring(0, 8);
        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        Files.writeString(workspace.resolve("package.json"), "{\"version\": \"1.0.0\"}\n");
        // 200 MB of fresh random bytes (no cache): a push that lasts long enough to be interrupted.
        Files.writeString(workspace.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN head -c 200000000 /dev/urandom > /blob\n");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withRegistry(DockerEngine.REGISTRY)
                .withTimeScale(0.05));
             ActionProcess action = ActionProcess.start(temp, sandbox.endpoint(), List.of("deploy",
                     "--ecr-repository", repository, "--create-repository", "--no-cache",
                     "--cluster", "demo", "--service", "web"), workspace,
                     Map.of(DockerCli.EXECUTABLE_VARIABLE, path.dockerVariable()))) {
            try {
                action.waitFor(() -> action.log().contains("::group::Push "), Duration.ofSeconds(180));
                double seconds = action.terminateAndWait(10); // SIGTERM, as the runner sends on cancellation
                String log = action.log();

                assertTrue(seconds >= 0, "exits within 10 s of SIGTERM\n" + log);
                assertEquals(1, action.process().exitValue(), log);
                StackTraces.assertNone(log);
                assertEquals("CANCELLED", action.outputs().get("deployment-status"), log);
                assertTrue(log.contains("::error title=Run cancelled::Cancelled (SIGTERM) while pushing the image"),
                        log);
                long deadline = System.nanoTime() + WATCHED_AFTER_EXIT.toNanos();
                while (System.nanoTime() < deadline) {
                    assertEquals(List.of(), DockerEngine.registryTags(repository),
                            "the engine went on pushing after the run was cancelled\n" + log);
                    Thread.sleep(500);
                }
            } finally {
                DockerEngine.removeLocalImages(List.of(repository));
            }
        }
    }
}
