package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.DockerEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An arm64 image onto an X86_64 task definition: images built for a platform by the real Docker engine, pushed to
 * the real registry behind the sandbox's ECR, and read back as the pre-flight reads ECR (BatchGetImage, then the
 * image config's os and architecture).
 */
class ImagePlatformPipelineTest {
    @TempDir
    Path temp;
    private Sandbox sandbox;

    @BeforeEach
    void start() {
        DockerEngine.require();
        sandbox = Sandbox.start(SandboxOptions.defaults().withRegistry(DockerEngine.REGISTRY).withTimeScale(0.03));
    }

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void anArm64ImageIsRefusedForAnX86TaskAndAnAmd64OneIsNot() throws IOException {
        String arm = push("linux/arm64");
        String amd = push("linux/amd64");

        ActionHarness.Run refused = deploy(arm).run();
        ActionHarness.Run accepted = deploy(amd).input("dry-run", "true").run();

        assertEquals(2, refused.exitCode(), refused.toString());
        List<String> errors = refused.annotations("error");
        assertEquals(1, errors.size(), String.join("\n", errors));
        assertTrue(errors.getFirst().contains("Invalid input image") && errors.getFirst().contains("The image " + arm
                + " is for linux/arm64, but the task runs on linux/amd64"), errors.getFirst());
        assertEquals(0, accepted.exitCode(), accepted.toString());
        List<String> operations = sandbox.auditEntries().stream().map(e -> e.path("operation").asText()).toList();
        assertTrue(!operations.contains("RegisterTaskDefinition") && !operations.contains("UpdateService"),
                operations.toString());
    }

    private ActionHarness deploy(String image) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("task-definition", "apps/web1/task-definition.json")
                .input("image", image);
    }

    /** A one-file image for a platform (FROM scratch needs no emulator), pushed; its reference. */
    private String push(String platform) throws IOException {
        Path context = Files.createDirectories(temp.resolve(platform.replace('/', '-')));
        Files.writeString(context.resolve("marker"), platform + "\n");
        Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY marker /marker\n");
        String image = DockerEngine.REGISTRY + "/web:preflight-" + platform.replace('/', '-') + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        DockerEngine.Exec build = DockerEngine.exec(List.of("env", "DOCKER_BUILDKIT=1", DockerEngine.CLI, "build",
                "--platform", platform, "-t", image, context.toString()), null);
        assertEquals(0, build.exitCode(), build.output());
        DockerEngine.Exec push = DockerEngine.docker("push", image);
        assertEquals(0, push.exitCode(), push.output());
        DockerEngine.docker("rmi", image);
        return image;
    }
}
