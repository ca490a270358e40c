package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.image.DockerCli;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.DockerEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's "a build that fails": a real Docker build fails, and the message posted at the start is updated with
 * the failure and its reason (Slack read from the sandbox's audit).
 */
class SlackOnBuildFailureTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void docker() {
        DockerEngine.require();
        DockerEngine.busyboxBase();
    }

    @Test
    void aBuildThatFailsStillUpdatesTheMessageWithTheFailureAndItsReason() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withRegistry(DockerEngine.REGISTRY)
                .withTimeScale(0.05))) {
            ActionHarness.Run run = new ActionHarness(temp)
                    .aws(sandbox.endpoint())
                    .env("SLACK_API_URL", sandbox.endpoint() + "/slack/api/")
                    .env(DockerCli.EXECUTABLE_VARIABLE, DockerEngine.CLI)
                    .event("workflow_dispatch", "dispatch-version-2.0.0.json")
                    .workspace(ActionHarness.FIXTURES.resolve("docker/broken-build"))
                    .input("version", "1.4.2")
                    .input("ecr-repository", "broken-" + UUID.randomUUID().toString().substring(0, 8))
                    .input("create-repository", "true")
                    .input("dockerfile", "Dockerfile")
                    .input("cluster", "demo")
                    .input("service", "web")
                    .input("slack-bot-token", "xoxb-sandbox-token")
                    .input("slack-channel", "#deploys")
                    .run();

            assertEquals(1, run.exitCode(), run.toString());
            List<JsonNode> slack = sandbox.auditEntries().stream()
                    .filter(entry -> entry.path("service").asText().equals("slack")).toList();
            assertEquals(List.of("chat.postMessage", "chat.update"),
                    slack.stream().map(entry -> entry.path("operation").asText()).toList(), run.toString());
            JsonNode update = slack.get(1).path("payload");
            assertEquals(run.output("slack-message-ts"), update.path("ts").asText());
            assertEquals(":x: web v1.4.2 failed", update.at("/blocks/0/text/text").asText());
            String failure = update.at("/blocks/1/text/text").asText();
            assertTrue(failure.startsWith("*Failed in _build image_:*"), failure);
            assertTrue(failure.contains("SyntaxError"), "the build's own error is the reason: " + failure);
            assertTrue(update.path("text").asText().startsWith("web v1.4.2 failed: "), update.toString());
            assertFalse(sandbox.auditEntries().stream().anyMatch(entry -> entry.path("operation").asText()
                    .equals("UpdateService")), "nothing deployed");
        }
    }
}
