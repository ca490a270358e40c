package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The `rollback` and `status` commands against the sandbox's `web`. */
class RollbackAndStatusCommandsTest {
    @TempDir
    Path temp;
    private Sandbox sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05));
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    private ActionHarness web() {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("task-definition", "apps/web1/task-definition.json");
    }

    @Test
    void rollbackAfterASuccessfulDeployGoesBackToThePreviousRevision() {
        ActionHarness.Run deploy = web().run();
        assertEquals(0, deploy.exitCode(), deploy.toString());

        ActionHarness.Run rollback = web().input("command", "rollback")
                .input("slack-webhook-url", sandbox.endpoint() + "/slack/webhook/T0/B0/rollback").run();

        assertEquals(0, rollback.exitCode(), rollback.toString());
        assertEquals("true", rollback.output("rolled-back"));
        assertTrue(rollback.output("task-definition-arn").endsWith("web:1"), rollback.toString());
        assertTrue(RollingDeploymentTest.describeWeb(sandbox.endpoint()).taskDefinition().endsWith("web:1"));
        List<String> slackTexts = sandbox.auditEntries().stream()
                .filter(entry -> "slack".equals(entry.path("service").asText()))
                .map(entry -> entry.path("payload").path("text").asText()).toList();
        assertEquals(1, slackTexts.size(), slackTexts.toString());
        assertTrue(slackTexts.getFirst().contains("Rolled back web") && slackTexts.getFirst().contains("web:1"),
                slackTexts.toString());
    }

    @Test
    void rollbackDuringADeploymentStopsItWithRollback() {
        ActionHarness.Run deploy = web().input("wait", "false").run();
        assertEquals(0, deploy.exitCode(), deploy.toString());

        ActionHarness.Run rollback = web().input("command", "rollback").run();

        assertEquals(0, rollback.exitCode(), rollback.toString());
        assertEquals(deploy.output("deployment-id"), rollback.output("deployment-id"), "the same deployment, stopped");
        assertTrue(sandbox.auditEntries().stream()
                .anyMatch(entry -> "StopServiceDeployment".equals(entry.path("operation").asText())));
        assertTrue(RollingDeploymentTest.describeWeb(sandbox.endpoint()).taskDefinition().endsWith("web:1"));
    }

    @Test
    void statusShowsTheServiceItsDeploymentsAndTasks() {
        ActionHarness.Run run = web().input("command", "status").run();

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.log().contains("web:1"), run.log());
        assertTrue(run.log().contains("running 2"), run.log());
        assertTrue(sandbox.auditEntries().stream().map(entry -> entry.path("operation").asText())
                .noneMatch(operation -> operation.startsWith("Update") || operation.startsWith("Register")),
                "status changes nothing");
    }
}
