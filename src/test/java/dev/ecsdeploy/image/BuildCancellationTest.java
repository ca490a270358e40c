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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow is cancelled while {@code docker build} runs a long step: the runner's SIGTERM reaches the action's
 * JVM (a real process), which must stop the build it started, push nothing and end CANCELLED within 10 s.
 */
class BuildCancellationTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(ImagePath.class)
    void sigtermDuringTheBuildStopsItAndEndsCancelled(ImagePath path) throws Exception {
        DockerEngine.require();
        DockerEngine.busyboxBase();
        // A sleep no other process on the machine has, so its end proves the build's step was stopped.
        String sleep = "sleep " + (600 + (int) (Math.random() * 300));
        String repository = "build-cancel-" + UUID.randomUUID().toString().substring(0, 8);
        Path workspace = Files.createDirectories(temp.resolve("workspace"));
        Files.writeString(workspace.resolve("package.json"), "{\"version\": \"1.0.0\"}\n");
        Files.writeString(workspace.resolve("Dockerfile"), "FROM " + DockerEngine.BASE_IMAGE + "\n"
                + "RUN echo build-step-started && " + sleep + "\n");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withRegistry(DockerEngine.REGISTRY)
                .withTimeScale(0.05));
             ActionProcess action = ActionProcess.start(temp, sandbox.endpoint(), List.of("deploy",
                     "--ecr-repository", repository, "--create-repository", "--no-cache",
                     "--cluster", "demo", "--service", "web"), workspace,
                     Map.of(DockerCli.EXECUTABLE_VARIABLE, path.dockerVariable()))) {
            try {
                action.waitFor(() -> action.log().contains("build-step-started") && running(sleep),
                        Duration.ofSeconds(120));
                double seconds = action.terminateAndWait(10); // SIGTERM, as the runner sends on cancellation
                String log = action.log();

                assertTrue(seconds >= 0, "exits within 10 s of SIGTERM\n" + log);
                System.out.printf("SIGTERM during the build (%s) to exit: %.2f s%n", path, seconds);
                assertEquals(1, action.process().exitValue(), log);
                StackTraces.assertNone(log);
                assertEquals("CANCELLED", action.outputs().get("deployment-status"), log);
                assertTrue(log.contains("::error title=Run cancelled::Cancelled (SIGTERM) while building the image"),
                        log);
                action.waitFor(() -> !running(sleep), Duration.ofSeconds(10));
                assertEquals(List.of(), DockerEngine.registryTags(repository), "nothing pushed");
            } finally {
                DockerEngine.removeLocalImages(List.of(repository));
            }
        }
    }

    /** Whether a process with exactly this command line runs on the machine (the build step runs under dockerd). */
    private static boolean running(String commandLine) {
        // /proc/PID/cmdline, because ProcessHandle.Info cannot name a process whose executable is in another mount
        // namespace (the build step's container).
        return ProcessHandle.allProcesses().anyMatch(handle -> {
            try {
                String arguments = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "cmdline"))
                        .replace('\0', ' ').strip();
                return arguments.equals(commandLine);
            } catch (java.io.IOException | RuntimeException e) {
                return false;
            }
        });
    }
}
