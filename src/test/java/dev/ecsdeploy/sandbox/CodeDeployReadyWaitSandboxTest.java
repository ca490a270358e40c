package dev.ecsdeploy.sandbox;

import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.APP;
import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.GROUP;
import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.appSpec;
import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.create;
import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.ended;
import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.get;
import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.greenWeight;
import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.newRevision;
import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.target;
import static dev.ecsdeploy.sandbox.CodeDeploySandboxTest.webCd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.testing.AwsCli;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.codedeploy.model.CodeDeployException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.ECSTarget;

/**
 * The deployment group's ready wait (deploymentReadyOption) and ContinueDeployment for both wait types, set and
 * driven with the AWS CLI (UpdateDeploymentGroup, continue-deployment) and read with the SDK.
 */
class CodeDeployReadyWaitSandboxTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AwsCli.Result cli(Sandbox sandbox, String... args) {
        return AwsCli.run(sandbox.endpoint(), Map.of(), args);
    }

    private static void readyOption(Sandbox sandbox, String action, int minutes) {
        AwsCli.Result result = cli(sandbox, "deploy", "update-deployment-group", "--application-name", APP,
                "--current-deployment-group-name", GROUP, "--blue-green-deployment-configuration",
                "{\"deploymentReadyOption\":{\"actionOnTimeout\":\"" + action + "\",\"waitTimeInMinutes\":" + minutes
                        + "},\"terminateBlueInstancesOnDeploymentSuccess\":{\"action\":\"TERMINATE\","
                        + "\"terminationWaitTimeInMinutes\":0}}");
        assertEquals(0, result.exit(), result.stderr());
    }

    @Test
    void aStopDeploymentGroupHoldsTheDeploymentReadyUntilTheCliContinuesIt() throws Exception {
        AwsCli.assumeInstalled();
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            readyOption(sandbox, "STOP_DEPLOYMENT", 60);
            JsonNode group = JSON.readTree(cli(sandbox, "deploy", "get-deployment-group", "--application-name", APP,
                    "--deployment-group-name", GROUP).stdout());
            assertEquals("STOP_DEPLOYMENT", group.at("/deploymentGroupInfo/blueGreenDeploymentConfiguration"
                    + "/deploymentReadyOption/actionOnTimeout").asText());
            String id = create(aws, appSpec(newRevision(aws), "app", 8080), null);
            // At once (the CLI takes a second to start, by which time it is Ready at this scale): still Created.
            CodeDeployException early = assertThrows(CodeDeployException.class, () -> aws.codeDeploy()
                    .continueDeployment(r -> r.deploymentId(id).deploymentWaitType("READY_WAIT")));
            assertEquals("DeploymentIsNotInReadyStateException", early.awsErrorDetails().errorCode());

            SandboxTesting.await("Ready", Duration.ofSeconds(20), () -> "Ready".equals(get(aws, id).statusAsString()));
            DeploymentInfo ready = get(aws, id);
            assertEquals(1L, ready.deploymentOverview().ready());
            ECSTarget target = target(aws, id);
            assertEquals("Succeeded", event(target, "AfterAllowTestTraffic"));
            assertEquals("Pending", event(target, "BeforeAllowTraffic"));
            assertEquals(0.0, greenWeight(target), "production traffic waits");
            assertTrue(webCd(aws).taskDefinition().endsWith("web-cd:1"));

            AwsCli.Result go = cli(sandbox, "deploy", "continue-deployment", "--deployment-id", id,
                    "--deployment-wait-type", "READY_WAIT");
            assertEquals(0, go.exit(), go.stderr());
            SandboxTesting.await("the end", Duration.ofSeconds(20), () -> ended(get(aws, id).statusAsString()));
            assertEquals("Succeeded", get(aws, id).statusAsString());
            assertTrue(webCd(aws).taskDefinition().endsWith("web-cd:2"));
            AwsCli.Result after = cli(sandbox, "deploy", "continue-deployment", "--deployment-id", id,
                    "--deployment-wait-type", "READY_WAIT");
            assertTrue(after.stderr().contains("DeploymentAlreadyCompletedException"), after.stderr());
        }
    }

    @Test
    void theReadyWaitTimingOutStopsTheDeploymentAndTheGroupRollsItBack() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            aws.codeDeploy().updateDeploymentGroup(r -> r.applicationName(APP).currentDeploymentGroupName(GROUP)
                    .blueGreenDeploymentConfiguration(b -> b.deploymentReadyOption(o -> o
                            .actionOnTimeout("STOP_DEPLOYMENT").waitTimeInMinutes(1))));
            String id = create(aws, appSpec(newRevision(aws), "app", 8080), null);
            SandboxTesting.await("the end", Duration.ofSeconds(30), () -> ended(get(aws, id).statusAsString()));
            DeploymentInfo stopped = get(aws, id);
            assertEquals("Stopped", stopped.statusAsString());
            assertEquals("TIMEOUT", stopped.errorInformation().codeAsString());
            String rollbackId = stopped.rollbackInfo().rollbackDeploymentId();
            SandboxTesting.await("the rollback", Duration.ofSeconds(20),
                    () -> ended(get(aws, rollbackId).statusAsString()));
            assertEquals("Succeeded", get(aws, rollbackId).statusAsString());
            assertEquals(1, webCd(aws).taskSets().size(), "the replacement is gone");
            assertTrue(webCd(aws).taskDefinition().endsWith("web-cd:1"));
        }
    }

    @Test
    void aContinueDeploymentGroupDoesNotWait() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String id = create(aws, appSpec(newRevision(aws), "app", 8080), null);
            SandboxTesting.await("traffic shifted", Duration.ofSeconds(20), () -> greenWeight(target(aws, id)) == 100.0);
            assertTrue(aws.codeDeploy().listDeployments(r -> r.applicationName(APP).deploymentGroupName(GROUP)
                    .includeOnlyStatusesWithStrings("Ready")).deployments().isEmpty(), "never Ready");
            CodeDeployException early = assertThrows(CodeDeployException.class, () -> aws.codeDeploy()
                    .continueDeployment(r -> r.deploymentId(id).deploymentWaitType("READY_WAIT")));
            assertEquals("DeploymentIsNotInReadyStateException", early.awsErrorDetails().errorCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an actionOnTimeout that is none | {\"deploymentReadyOption\":{\"actionOnTimeout\":\"WAIT\"}}",
            "a negative ready wait | {\"deploymentReadyOption\":{\"actionOnTimeout\":\"STOP_DEPLOYMENT\",\"waitTimeInMinutes\":-1}}",
            "a termination wait over 2 days | {\"terminateBlueInstancesOnDeploymentSuccess\":{\"action\":\"TERMINATE\",\"terminationWaitTimeInMinutes\":2881}}",
    })
    void updateDeploymentGroupRefusesAnInvalidBlueGreenConfiguration(String what, String configuration) {
        AwsCli.assumeInstalled();
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01))) {
            AwsCli.Result result = cli(sandbox, "deploy", "update-deployment-group", "--application-name", APP,
                    "--current-deployment-group-name", GROUP, "--blue-green-deployment-configuration", configuration);
            assertTrue(result.exit() != 0 && result.stderr().contains(
                    "InvalidBlueGreenDeploymentConfigurationException"), what + ": " + result.stderr());
        }
    }

    @Test
    void aContinueDeploymentGroupWithAReadyWaitIsRefusedInCodeDeployWords() {
        AwsCli.assumeInstalled();
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01))) {
            AwsCli.Result result = cli(sandbox, "deploy", "update-deployment-group", "--application-name", APP,
                    "--current-deployment-group-name", GROUP, "--blue-green-deployment-configuration",
                    "{\"deploymentReadyOption\":{\"actionOnTimeout\":\"CONTINUE_DEPLOYMENT\",\"waitTimeInMinutes\":5}}");
            assertTrue(result.exit() != 0 && result.stderr().contains("An error occurred"
                    + " (InvalidBlueGreenDeploymentConfigurationException) when calling the UpdateDeploymentGroup"
                    + " operation: Deployment ready action cannot be set to 'CONTINUE_DEPLOYMENT' when timeout is"
                    + " specified"), result.stderr());
            AwsCli.Result noWait = cli(sandbox, "deploy", "update-deployment-group", "--application-name", APP,
                    "--current-deployment-group-name", GROUP, "--blue-green-deployment-configuration",
                    "{\"deploymentReadyOption\":{\"actionOnTimeout\":\"CONTINUE_DEPLOYMENT\",\"waitTimeInMinutes\":0}}");
            assertEquals(0, noWait.exit(), "no wait given, nothing to refuse: " + noWait.stderr());
        }
    }

    private static String event(ECSTarget target, String name) {
        return target.lifecycleEvents().stream().filter(e -> name.equals(e.lifecycleEventName())).findFirst()
                .orElseThrow().statusAsString();
    }
}
