package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** force-new-deployment with nothing changed restarts the current revision; it registers no duplicate. */
class ForceNewDeploymentTest {
    @TempDir
    Path temp;

    @Test
    void nothingChangedRedeploysTheCurrentRevision() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.HEALTHY)
                .withTimeScale(0.03))) {
            ActionHarness.Run first = deploy(sandbox).run();
            assertEquals(0, first.exitCode(), first.toString());
            int registered = operations(sandbox, "RegisterTaskDefinition").size();

            ActionHarness.Run again = deploy(sandbox).input("force-new-deployment", "true").run();

            assertEquals(0, again.exitCode(), again.toString());
            assertEquals("SUCCESSFUL", again.output("deployment-status"));
            assertEquals(registered, operations(sandbox, "RegisterTaskDefinition").size(), "no duplicate revision");
            assertEquals(first.output("task-definition-arn"), again.output("task-definition-arn"));
            assertEquals(2, operations(sandbox, "UpdateService").size(), "the current revision was deployed again");
            assertTrue(!first.output("deployment-id").equals(again.output("deployment-id")), again.toString());
        }
    }

    private ActionHarness deploy(Sandbox sandbox) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("task-definition", "apps/web1/task-definition.json");
    }

    private static List<JsonNode> operations(Sandbox sandbox, String operation) {
        return sandbox.auditEntries().stream()
                .filter(entry -> operation.equals(entry.path("operation").asText()) && entry.path("status").asInt() == 200)
                .map(entry -> entry.path("payload")).toList();
    }
}
