package dev.ecsdeploy.deploy.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.SandboxAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.codedeploy.model.DeploymentReadyAction;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Issue 17.5 against the sandbox's CodeDeploy: the manual-approval flow (deploy with wait-until: ready, then command:
 * continue), the ready wait timing out, the termination wait ended early, and what is refused before any change.
 */
class CodeDeployReadyWaitTest {
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

    private ActionHarness action() {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web-cd");
    }

    /** The group's traffic rerouting and termination wait, set as Terraform or the console would. */
    private void group(DeploymentReadyAction action, int readyWaitMinutes, int terminationWaitMinutes) {
        try (AwsClients aws = SandboxAws.clients(sandbox.endpoint())) {
            aws.codeDeploy().updateDeploymentGroup(r -> r.applicationName("AppECS-demo-web-cd")
                    .currentDeploymentGroupName("DgpECS-demo-web-cd")
                    .blueGreenDeploymentConfiguration(b -> b
                            .deploymentReadyOption(o -> o.actionOnTimeout(action).waitTimeInMinutes(readyWaitMinutes))
                            .terminateBlueInstancesOnDeploymentSuccess(t -> t.action("TERMINATE")
                                    .terminationWaitTimeInMinutes(terminationWaitMinutes))));
        }
    }

    @Test
    void continueAfterReadyEndsSuccessfulAndSlackSaysSo() {
        group(DeploymentReadyAction.STOP_DEPLOYMENT, 60, 0);

        String webhook = sandbox.endpoint() + "/slack/webhook/T000/B000/XXXXhooksecret";
        ActionHarness.Run ready = action().input("wait-until", "ready").input("slack-webhook-url", webhook).run();

        assertEquals(0, ready.exitCode(), ready.toString());
        assertEquals("READY", ready.output("deployment-status"), ready.toString());
        assertEquals("false", ready.output("rolled-back"));
        assertTrue(ready.log().contains("takes the test traffic"), ready.log());
        List<JsonNode> readySlack = requests("slack", "webhook");
        assertEquals(1, readySlack.size(), ready.toString());
        assertTrue(readySlack.getFirst().toString().contains("takes test traffic"), "not \"Deployed\": "
                + readySlack);
        Service waiting = webCd();
        assertTrue(waiting.taskDefinition().endsWith("web-cd:1"), "production is still on the original revision");
        assertEquals(2, waiting.taskSets().size(), "the replacement task set takes the test traffic");

        ActionHarness.Run rehearsed = action().input("command", "continue").input("dry-run", "true").run();
        assertEquals(0, rehearsed.exitCode(), rehearsed.toString());
        assertEquals("DRY_RUN", rehearsed.output("deployment-status"), rehearsed.toString());
        assertTrue(rehearsed.log().contains(ready.output("deployment-id") + " of web-cd:2 waits for the go-ahead"),
                rehearsed.log());
        assertTrue(requests("codedeploy", "ContinueDeployment").isEmpty(), "a dry run continues nothing");

        ActionHarness.Run continued = action().input("command", "continue").input("slack-webhook-url", webhook)
                .run();

        assertEquals(0, continued.exitCode(), continued.toString());
        assertEquals("SUCCESSFUL", continued.output("deployment-status"), continued.toString());
        assertEquals(ready.output("deployment-id"), continued.output("deployment-id"));
        JsonNode go = requests("codedeploy", "ContinueDeployment").getFirst();
        assertEquals(ready.output("deployment-id"), go.path("deploymentId").asText());
        assertEquals("READY_WAIT", go.path("deploymentWaitType").asText());
        assertTrue(webCd().taskDefinition().endsWith(ready.output("task-definition-arn")
                .substring(ready.output("task-definition-arn").lastIndexOf('/') + 1)), "the new revision serves");
        List<JsonNode> slack = requests("slack", "webhook");
        assertEquals(2, slack.size(), continued.toString());
        assertTrue(slack.getLast().toString().contains("Deployed"), slack.toString());

        ActionHarness.Run again = action().input("command", "continue")
                .input("deployment-id", ready.output("deployment-id")).run();
        assertEquals(2, again.exitCode(), again.toString());
        assertTrue(again.log().contains("does not wait for a go-ahead: it is Succeeded"), again.log());
        assertEquals(1, requests("codedeploy", "ContinueDeployment").size());
    }

    @Test
    void aReadyWaitThatTimesOutWithStopDeploymentIsReportedStoppedAndRolledBack() {
        group(DeploymentReadyAction.STOP_DEPLOYMENT, 1, 0);

        ActionHarness.Run run = action().run();

        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("ROLLED_BACK", run.output("deployment-status"), run.toString());
        assertEquals("true", run.output("rolled-back"));
        assertTrue(run.log().contains("ready wait"), "CodeDeploy's reason names the ready wait: " + run.log());
        assertTrue(requests("codedeploy", "StopDeployment").isEmpty(), "CodeDeploy stopped it, not the action");
        assertTrue(webCd().taskDefinition().endsWith("web-cd:1"), "back on the original revision");
    }

    @Test
    void continueDuringTheTerminationWaitEndsItEarly() {
        group(DeploymentReadyAction.CONTINUE_DEPLOYMENT, 0, 60);
        ActionHarness.Run shifted = action().input("wait-until", "traffic-shifted").run();
        assertEquals("TRAFFIC_SHIFTED", shifted.output("deployment-status"), shifted.toString());

        long started = System.nanoTime();
        // From a terminal this time, naming the deployment.
        ActionHarness.Run run = action().run("continue", "--deployment-id", shifted.output("deployment-id"));

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("SUCCESSFUL", run.output("deployment-status"), run.toString());
        assertEquals("TERMINATION_WAIT", requests("codedeploy", "ContinueDeployment").getFirst()
                .path("deploymentWaitType").asText());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 60,
                "not the group's 60-minute (108 s here) termination wait");
        assertEquals(1, webCd().taskSets().size(), "the original task set is gone");
    }

    @Test
    void continueWithNothingWaitingIsExit2AndCallsNothing() {
        ActionHarness.Run run = action().input("command", "continue").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.log().contains("no CodeDeploy deployment of web-cd waits for a go-ahead"), run.log());
        assertTrue(requests("codedeploy", "ContinueDeployment").isEmpty());
    }

    @Test
    void continueOnAServiceEcsDeploysItselfIsExit2() {
        ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("command", "continue").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.log().contains("deployed by ECS itself"), run.log());
    }

    @Test
    void continueRefusesAMalformedOrUnknownDeploymentId() {
        ActionHarness.Run malformed = action().input("command", "continue").input("deployment-id", "12345").run();
        assertEquals(2, malformed.exitCode(), malformed.toString());
        assertTrue(malformed.log().contains("deployment-id"), malformed.log());

        ActionHarness.Run unknown = action().input("command", "continue").input("deployment-id", "d-AAAAAAAAA").run();
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.log().contains("no deployment d-AAAAAAAAA"), unknown.log());
        assertTrue(requests("codedeploy", "ContinueDeployment").isEmpty());
    }

    @Test
    void waitUntilReadyOnAGroupThatDoesNotWaitIsExit2BeforeAnythingChanges() {
        ActionHarness.Run run = action().input("wait-until", "ready").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.log().contains("would never be Ready"), run.log());
        assertTrue(requests("codedeploy", "CreateDeployment").isEmpty());
        assertTrue(requests("ecs", "RegisterTaskDefinition").isEmpty());
    }

    @Test
    void waitUntilReadyOnAnEcsServiceIsExit2BeforeAnythingChanges() {
        ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("wait-until", "ready").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.log().contains("wait-until: ready needs a CodeDeploy service"), run.log());
        assertTrue(requests("ecs", "UpdateService").isEmpty());
        assertTrue(requests("ecs", "RegisterTaskDefinition").isEmpty());
    }

    @Test
    void aWaitUntilThatIsNoChoiceIsExit2() {
        ActionHarness.Run run = action().input("wait-until", "approved").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.log().contains("wait-until"), run.log());
    }

    private List<JsonNode> requests(String service, String operation) {
        return CodeDeployEndingsTest.requests(sandbox, service, operation);
    }

    private Service webCd() {
        return SandboxAws.service(sandbox.endpoint(), "web-cd");
    }
}
