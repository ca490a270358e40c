package dev.ecsdeploy.deploy.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.SandboxAws;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;

/** Issue 7's must-shows for CodeDeploy: web-cd in the sandbox, deployed through CodeDeploy blue/green. */
class CodeDeployMustShowsTest {
    @TempDir
    Path temp;

    static Sandbox start(Scenario scenario) {
        return Sandbox.start(SandboxOptions.defaults().withScenario(scenario).withTimeScale(0.01));
    }

    ActionHarness deploy(Sandbox sandbox) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web-cd");
    }

    @Test
    void aHealthyDeploymentSucceedsWithTheCodeDeployIdAndTheConfigGiven() {
        try (Sandbox sandbox = start(Scenario.HEALTHY)) {
            ActionHarness.Run run = deploy(sandbox)
                    .input("codedeploy-config", "CodeDeployDefault.ECSCanary10Percent5Minutes").run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"));
            assertEquals("false", run.output("rolled-back"));
            String id = run.output("deployment-id");
            assertTrue(id.startsWith("d-"), id);
            assertTrue(run.output("console-url").contains("codedeploy/deployments/" + id), run.output("console-url"));
            assertTrue(run.log().contains("production traffic: 100% replacement"), run.log());
            List<JsonNode> creates = operations(sandbox, "CreateDeployment");
            assertEquals(1, creates.size());
            assertEquals("CodeDeployDefault.ECSCanary10Percent5Minutes",
                    creates.getFirst().path("payload").path("deploymentConfigName").asText(),
                    "the audit's CreateDeployment carries codedeploy-config: " + creates.getFirst());
            DeploymentInfo info = getDeployment(sandbox.endpoint(), id);
            assertEquals("CodeDeployDefault.ECSCanary10Percent5Minutes", info.deploymentConfigName());
            assertTrue(describeTaskDefinition(sandbox.endpoint()).endsWith("web-cd:2"));
        }
    }

    @Test
    void failedHealthChecksRollBackAndSaySo() {
        try (Sandbox sandbox = start(Scenario.UNHEALTHY)) {
            ActionHarness.Run run = deploy(sandbox).run();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("ROLLED_BACK", run.output("deployment-status"), run.toString());
            assertEquals("true", run.output("rolled-back"));
            assertTrue(run.output("failure-reason").contains("health check"), run.output("failure-reason"));
            assertEquals(1, run.annotations("error").size(), run.log());
            assertTrue(describeTaskDefinition(sandbox.endpoint()).endsWith("web-cd:1"));
        }
    }

    @Test
    void anUnknownDeploymentGroupIsBadInputBeforeAnythingChanges() {
        try (Sandbox sandbox = start(Scenario.HEALTHY)) {
            ActionHarness.Run run = deploy(sandbox).input("codedeploy-deployment-group", "DgpECS-demo-web").run();

            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.log().contains("codedeploy-deployment-group"), run.log());
            assertTrue(operations(sandbox, "CreateDeployment").isEmpty());
            assertTrue(operations(sandbox, "RegisterTaskDefinition").isEmpty());
        }
    }

    static List<JsonNode> operations(Sandbox sandbox, String operation) {
        return sandbox.auditEntries().stream().filter(e -> operation.equals(e.path("operation").asText())).toList();
    }

    static DeploymentInfo getDeployment(URI endpoint, String id) {
        try (AwsClients aws = SandboxAws.clients(endpoint)) {
            return aws.codeDeploy().getDeployment(r -> r.deploymentId(id)).deploymentInfo();
        }
    }

    static String describeTaskDefinition(URI endpoint) {
        return SandboxAws.service(endpoint, "web-cd").taskDefinition();
    }
}
