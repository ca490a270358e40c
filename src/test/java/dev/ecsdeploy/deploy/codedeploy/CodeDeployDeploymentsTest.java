package dev.ecsdeploy.deploy.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.deploy.codedeploy.ScriptedCodeDeploy.State;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox's CodeDeploy cannot be made to do on demand, over the real wire: the deployment's course scripted
 * by {@link ScriptedCodeDeploy} (ECS and the deployment group from the sandbox), to count the calls each poll costs
 * and to end in a failure CodeDeploy did not roll back. Every other ending runs against the sandbox itself:
 * {@link CodeDeployMustShowsTest}, {@link CodeDeployEndingsTest}.
 */
class CodeDeployDeploymentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTALL = "Install=Succeeded";

    @TempDir
    Path temp;
    private Sandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private ActionHarness deploy(ScriptedCodeDeploy codeDeploy) {
        return ActionHarness.deployToSandbox(temp, codeDeploy.endpoint(), "web-cd");
    }

    @Test
    void aSuccessfulDeploymentCarriesTheAppSpecInlineWithItsChecksumAndTheConfigGiven() throws Exception {
        try (ScriptedCodeDeploy codeDeploy = new ScriptedCodeDeploy(sandbox.endpoint(), List.of(
                State.of("Created", 0),
                State.of("InProgress", 0, "BeforeInstall=Succeeded", "Install=InProgress"),
                State.of("InProgress", 10, "BeforeInstall=Succeeded", INSTALL, "AllowTraffic=InProgress"),
                State.of("InProgress", 100, "BeforeInstall=Succeeded", INSTALL, "AllowTraffic=Succeeded"),
                State.of("Succeeded", 100, "BeforeInstall=Succeeded", INSTALL, "AllowTraffic=Succeeded")))) {
            ActionHarness.Run run = deploy(codeDeploy)
                    .input("codedeploy-config", "CodeDeployDefault.ECSCanary10Percent5Minutes")
                    .input("codedeploy-hooks", "BeforeAllowTraffic=smoke-test")
                    .run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"));
            assertEquals(ScriptedCodeDeploy.DEPLOYMENT_ID, run.output("deployment-id"));
            assertEquals("false", run.output("rolled-back"));
            assertTrue(run.output("console-url").contains("codedeploy/deployments/" + ScriptedCodeDeploy.DEPLOYMENT_ID),
                    run.output("console-url"));

            List<JsonNode> creates = codeDeploy.createDeploymentRequests();
            assertEquals(1, creates.size());
            JsonNode create = creates.getFirst();
            assertEquals("AppECS-demo-web-cd", create.path("applicationName").asText());
            assertEquals("DgpECS-demo-web-cd", create.path("deploymentGroupName").asText());
            assertEquals("CodeDeployDefault.ECSCanary10Percent5Minutes", create.path("deploymentConfigName").asText());
            JsonNode revision = create.path("revision");
            assertEquals("AppSpecContent", revision.path("revisionType").asText());
            String content = revision.path("appSpecContent").path("content").asText();
            assertEquals(AppSpecs.sha256(content), revision.path("appSpecContent").path("sha256").asText());
            JsonNode properties = JSON.readTree(content).path("Resources").get(0).path("TargetService")
                    .path("Properties");
            assertEquals(run.output("task-definition-arn"), properties.path("TaskDefinition").asText());
            assertEquals("app", properties.path("LoadBalancerInfo").path("ContainerName").asText());
            assertEquals(8080, properties.path("LoadBalancerInfo").path("ContainerPort").asInt());
            assertEquals("[\"subnet-0a1b2c3d4e5f60001\",\"subnet-0a1b2c3d4e5f60002\"]", properties
                    .path("NetworkConfiguration").path("AwsvpcConfiguration").path("Subnets").toString(),
                    "the service's network settings are copied");
            assertEquals("smoke-test", JSON.readTree(content).path("Hooks").get(0).path("BeforeAllowTraffic").asText());

            // A few cheap calls per poll: GetDeployment and GetDeploymentTarget; the target is listed once.
            var calls = codeDeploy.calls();
            assertEquals(5, calls.get("GetDeployment"), calls.toString());
            assertEquals(5, calls.get("GetDeploymentTarget"), calls.toString());
            assertEquals(1, calls.get("ListDeploymentTargets"), calls.toString());
            assertTrue(run.log().contains("  Install: InProgress"), run.log());
            assertTrue(run.log().contains("  AllowTraffic: Succeeded"), run.log());
            assertTrue(run.log().contains("production traffic: 10% replacement"), run.log());
            assertTrue(run.log().contains("production traffic: 100% replacement"), run.log());
        }
    }

    @Test
    void aFailureCodeDeployDidNotRollBackIsFailedAndSaysSo() {
        try (ScriptedCodeDeploy codeDeploy = new ScriptedCodeDeploy(sandbox.endpoint(), List.of(
                State.failed("HOOK_EXECUTION_FAILURE", "BeforeAllowTraffic hook smoke-test failed", false)))) {
            ActionHarness.Run run = deploy(codeDeploy).run();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("FAILED", run.output("deployment-status"), run.toString());
            assertEquals("false", run.output("rolled-back"));
            assertTrue(run.output("failure-reason").contains("BeforeAllowTraffic hook smoke-test failed"),
                    run.output("failure-reason"));
        }
    }
}
