package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14's must-shows for the pre-flight, through the action's pipelines against the sandbox. */
class PreflightPipelineTest {
    private static final String BROKEN = """
            {
              "family": "web",
              "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
              "networkMode": "awsvpc",
              "requiresCompatibilities": ["FARGATE"],
              "ipcMode": "task",
              "cpu": "256",
              "memory": "4096",
              "containerDefinitions": [
                {
                  "name": "app",
                  "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:placeholder",
                  "hostname": "web",
                  "portMappings": [
                    {"containerPort": 8080, "hostPort": 80}
                  ]
                }
              ]
            }
            """;

    @TempDir
    Path temp;
    private Sandbox sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    @Test
    void everyProblemInTheFileIsOneErrorAtItsLineAndNothingChanges() throws IOException {
        Path file = write("task-definition.json", BROKEN);

        ActionHarness.Run run = deployWeb().input("task-definition", file.toString()).run();

        assertEquals(2, run.exitCode(), run.toString());
        List<String> errors = run.annotations("error");
        assertEquals(4, errors.size(), String.join("\n", errors));
        assertError(errors, lineOf(BROKEN, "\"memory\": \"4096\""), "memory: Fargate does not run a task with cpu 256"
                + " and memory 4096");
        assertError(errors, lineOf(BROKEN, "\"ipcMode\""), "ipcMode: Fargate does not support ipcMode");
        assertError(errors, lineOf(BROKEN, "\"hostname\""), "containerDefinitions[0].hostname: hostname is not"
                + " supported under networkMode awsvpc");
        assertError(errors, lineOf(BROKEN, "\"hostPort\": 80"), "containerDefinitions[0].portMappings[0].hostPort:"
                + " Under networkMode awsvpc the hostPort must equal the containerPort");
        assertNothingChanged();
    }

    @Test
    void aDryRunAndVerifyRefuseTheSameAndRenderChecksWithoutAws() throws IOException {
        Path file = write("task-definition.json", BROKEN);

        ActionHarness.Run dryRun = deployWeb().input("task-definition", file.toString()).input("dry-run", "true").run();
        ActionHarness.Run verify = deployWeb().input("task-definition", file.toString()).run("verify");
        ActionHarness.Run render = new ActionHarness(temp).input("task-definition", file.toString())
                .input("image", "ghcr.io/acme/web1:v1.4.2").input("version", "1.4.2").run("render");

        for (ActionHarness.Run run : List.of(dryRun, verify, render)) {
            assertEquals(2, run.exitCode(), run.toString());
            assertEquals(4, run.annotations("error").size(), run.toString());
        }
        assertTrue(render.annotations("error").stream().allMatch(line -> line.contains("line=")), render.log());
        assertNothingChanged();
    }

    @Test
    void anImageWithSpacesOrANewlineNamesTheImageInput() {
        for (String image : List.of("UPPER CASE/with space:tag!!", "ghcr.io/acme/web1:v1\nnext")) {
            ActionHarness.Run run = deployWeb().input("image", image).run();

            assertEquals(2, run.exitCode(), run.toString());
            String errors = String.join("\n", run.annotations("error"));
            assertTrue(errors.contains("Invalid input image") && errors.contains("Input image: the image reference"
                    + " contains a " + (image.contains("\n") ? "newline" : "space")), errors);
        }
        assertNothingChanged();
    }

    @Test
    void aMissingAlarmAndStuckPercentagesAreRefusedTogether() {
        ActionHarness.Run run = deployWeb().input("alarms", "web-5xx\nnope-alarm")
                .input("minimum-healthy-percent", "150").input("maximum-percent", "120").run();

        assertEquals(2, run.exitCode(), run.toString());
        List<String> errors = run.annotations("error");
        assertEquals(2, errors.size(), String.join("\n", errors));
        assertTrue(errors.stream().anyMatch(line -> line.contains("Invalid input alarms")
                && line.contains("CloudWatch has no alarm nope-alarm") && !line.contains("web-5xx,")), errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("Invalid input minimum-healthy-percent")
                && line.contains("minimum-healthy-percent 150 is above maximum-percent 120")), errors.toString());
        assertNothingChanged();
    }

    @Test
    void aMissingPrebuiltImageIsOneProblemAmongTheOthers() {
        ActionHarness.Run run = deployWeb().input("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:9.9.9")
                .input("alarms", "nope-alarm").run();

        assertEquals(2, run.exitCode(), run.toString());
        List<String> errors = run.annotations("error");
        assertEquals(2, errors.size(), String.join("\n", errors));
        assertTrue(errors.stream().anyMatch(line -> line.contains("Invalid input image")
                && line.contains("web:9.9.9 of container app cannot be pulled: the repository web has no tag 9.9.9")
                && line.contains("build it with ecr-repository instead of image")), errors.toString());
        assertTrue(errors.stream().anyMatch(line -> line.contains("CloudWatch has no alarm nope-alarm")),
                errors.toString());
        assertNothingChanged();
    }

    @Test
    void anEc2OnlyBridgeRevisionCannotGoOntoTheFargateService() throws IOException {
        String text = """
                {
                  "family": "web",
                  "networkMode": "bridge",
                  "requiresCompatibilities": ["EC2"],
                  "containerDefinitions": [
                    {"name": "app", "image": "ghcr.io/acme/web1:v1", "memory": 256,
                     "portMappings": [{"containerPort": 8080, "hostPort": 0}]}
                  ]
                }
                """;
        ActionHarness.Run run = deployWeb().input("task-definition", write("ec2.json", text).toString()).run();

        assertEquals(2, run.exitCode(), run.toString());
        List<String> errors = run.annotations("error");
        assertEquals(2, errors.size(), String.join("\n", errors));
        assertError(errors, lineOf(text, "\"requiresCompatibilities\""), "does not support launch_type FARGATE");
        assertError(errors, lineOf(text, "\"networkMode\""), "has an awsvpc network configuration");
        assertNothingChanged();
    }

    @Test
    void validTaskDefinitionsStillDeploy() {
        ActionHarness.Run run = deployWeb().input("task-definition", "apps/web1/task-definition.json")
                .input("alarms", "web-5xx").run();

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.log().contains("Pre-flight: the task definition, the service, images, secrets and alarms pass"),
                run.log());
    }

    private ActionHarness deployWeb() {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(temp.resolve(name), text);
    }

    static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(needle);
    }

    static void assertError(List<String> errors, int line, String text) {
        assertTrue(errors.stream().anyMatch(error -> error.contains("line=" + line + ",") && error.contains(text)),
                "no error at line " + line + " saying " + text + " in\n" + String.join("\n", errors));
    }

    private void assertNothingChanged() {
        SandboxAudit.assertNoMutationSince(sandbox, 0);
    }
}
