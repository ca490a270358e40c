package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action's deploy, end to end against the sandbox, as a smoke test that the two understand each other: a healthy
 * rollout succeeds, an unhealthy one ends ROLLED_BACK with exit 1.
 */
class ActionAgainstSandboxSmokeTest {
    @TempDir
    Path temp;

    private ActionHarness.Run deploy(Scenario scenario) {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(scenario).withTimeScale(0.02))) {
            return new ActionHarness(temp).aws(sandbox.endpoint())
                    .event("workflow_dispatch", "dispatch-version-2.0.0.json")
                    .input("command", "deploy")
                    .input("cluster", "demo")
                    .input("service", "web")
                    .input("version", "2.0.0")
                    .input("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0")
                    .input("environment-variables", "RELEASE=2.0.0")
                    .input("poll-interval", "1s")
                    .run();
        }
    }

    @Test
    void healthyDeploySucceeds() {
        ActionHarness.Run run = deploy(Scenario.HEALTHY);
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("SUCCESSFUL", run.output("deployment-status"), run.toString());
    }

    @Test
    void unhealthyDeployIsRolledBack() {
        ActionHarness.Run run = deploy(Scenario.UNHEALTHY);
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("ROLLED_BACK", run.output("deployment-status"), run.toString());
    }
}
