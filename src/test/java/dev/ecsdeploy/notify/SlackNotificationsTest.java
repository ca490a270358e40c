package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.sandbox.core.SlackFailure;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's must-shows: the action deploys to the sandbox as the runner runs it, and what Slack received is read
 * from the sandbox's audit.
 */
class SlackNotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    /** A run, what Slack received during it, and every call in order ("ecs:UpdateService", "slack:webhook"). */
    record Notified(ActionHarness.Run run, List<JsonNode> slack, List<String> calls) {
        List<String> slackOperations() {
            return slack.stream().map(entry -> entry.path("operation").asText()).toList();
        }

        JsonNode payload(int index) {
            return slack.get(index).path("payload");
        }
    }

    private Notified deploy(SandboxOptions options, BiFunction<ActionHarness, String, ActionHarness> setup) {
        try (Sandbox sandbox = Sandbox.start(options.withTimeScale(0.02))) {
            String endpoint = sandbox.endpoint().toString();
            ActionHarness harness = new ActionHarness(temp).aws(sandbox.endpoint())
                    .env("SLACK_API_URL", endpoint + "/slack/api/")
                    .event("workflow_dispatch", "dispatch-version-2.0.0.json")
                    .input("cluster", "demo")
                    .input("service", "web")
                    .input("version", "2.0.0")
                    .input("image", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0.0")
                    .input("environment-variables", "RELEASE=2.0.0")
                    .input("poll-interval", "1s");
            ActionHarness.Run run = setup.apply(harness, endpoint).run();
            List<JsonNode> audit = sandbox.auditEntries();
            return new Notified(run,
                    audit.stream().filter(entry -> entry.path("service").asText().equals("slack")).toList(),
                    audit.stream().map(entry -> entry.path("service").asText() + ":"
                            + entry.path("operation").asText()).toList());
        }
    }

    private Notified deploy(BiFunction<ActionHarness, String, ActionHarness> setup) {
        return deploy(SandboxOptions.defaults(), setup);
    }

    private static ActionHarness webhook(ActionHarness harness, String endpoint) {
        return harness.input("slack-webhook-url", endpoint + "/slack/webhook/T000/B000/XXXXhooksecret");
    }

    private static ActionHarness botToken(ActionHarness harness, String endpoint) {
        return harness.input("slack-bot-token", "xoxb-sandbox-token").input("slack-channel", "#deploys");
    }

    private static String header(JsonNode payload) {
        return payload.path("blocks").get(0).path("text").path("text").asText();
    }

    @Test
    void healthyDeployWithAWebhookSendsOnePayloadNamingServiceVersionAndSuccess() {
        Notified notified = deploy(SlackNotificationsTest::webhook);

        assertEquals(0, notified.run().exitCode(), notified.run().toString());
        assertEquals(List.of("webhook"), notified.slackOperations(), notified.run().toString());
        JsonNode payload = notified.payload(0);
        assertEquals(":white_check_mark: Deployed web v2.0.0", header(payload));
        assertEquals("Deployed web v2.0.0", payload.path("text").asText());
        String body = payload.toString();
        assertTrue(body.contains("demo / web") && body.contains("web:1.0.0") && body.contains("*Actor*\\njimin"),
                body);
        assertTrue(body.contains("ECS console"), body);
        assertFalse(body.contains("XXXXhooksecret"), body);
        assertTrue(notified.calls().indexOf("slack:webhook") > notified.calls().lastIndexOf("ecs:DescribeServices"),
                "the message is sent once the deployment has ended: " + notified.calls());
    }

    @Test
    void botTokenPostsAtTheStartAndUpdatesTheSameMessageWithTheFinalStatus() {
        Notified notified = deploy(SlackNotificationsTest::botToken);

        ActionHarness.Run run = notified.run();
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("chat.postMessage", "chat.update"), notified.slackOperations(), run.toString());
        assertTrue(notified.calls().indexOf("slack:chat.postMessage") < notified.calls().indexOf("ecs:UpdateService")
                && notified.calls().indexOf("ecs:UpdateService") < notified.calls().indexOf("slack:chat.update"),
                "posted before the deployment, updated after: " + notified.calls());
        assertEquals("Deploying web v2.0.0", notified.payload(0).path("text").asText());
        JsonNode update = notified.payload(1);
        String ts = run.output("slack-message-ts");
        assertTrue(ts != null && !ts.isEmpty(), run.toString());
        assertEquals(ts, update.path("ts").asText(), "the update edits the message posted at the start");
        assertEquals("Deployed web v2.0.0", update.path("text").asText());
        assertEquals(":white_check_mark: Deployed web v2.0.0", header(update));
    }

    @Test
    void aRenderFailureBeforeAnythingDeploysIsStillAnnouncedWithTheReason() throws Exception {
        Path broken = temp.resolve("task-definition.json");
        Files.writeString(broken, "{\"family\": \"web\", \"containerDefinitions\": [");
        Notified notified = deploy((harness, endpoint) -> webhook(harness, endpoint)
                .input("task-definition", broken.toString()));

        ActionHarness.Run run = notified.run();
        assertTrue(run.exitCode() != 0, run.toString());
        assertFalse(notified.calls().contains("ecs:UpdateService"), notified.calls().toString());
        assertEquals(List.of("webhook"), notified.slackOperations(), run.toString());
        JsonNode payload = notified.payload(0);
        assertEquals(":no_entry: web v2.0.0 not deployed: bad input", header(payload));
        String failure = payload.path("blocks").get(1).path("text").path("text").asText();
        assertTrue(failure.startsWith("*Failed in _render task definition_:*"), failure);
        assertTrue(payload.path("text").asText().contains(run.output("failure-reason").substring(0, 20)),
                payload + "\n" + run);
    }

    @Test
    void anUnhealthyDeploymentIsAnnouncedAsRolledBackWithTheCausesAndTheMention() {
        Notified notified = deploy(SandboxOptions.defaults().withScenario(Scenario.UNHEALTHY),
                (harness, endpoint) -> botToken(harness, endpoint).input("slack-mention-on-failure", "<!here>"));

        ActionHarness.Run run = notified.run();
        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("chat.postMessage", "chat.update"), notified.slackOperations());
        JsonNode update = notified.payload(1);
        assertEquals(":rewind: web v2.0.0 failed and was rolled back", header(update));
        assertTrue(update.path("text").asText().startsWith("<!here> web v2.0.0 failed and was rolled back"),
                update.toString());
        String failure = update.path("blocks").get(1).path("text").path("text").asText();
        assertTrue(failure.startsWith("<!here> *Failed in _deploy_:*") && failure.contains("ELB health checks"),
                failure);
    }

    @Test
    void slackAnswering500EveryTimeLeavesAHealthyDeploymentAtExitZeroWithAWarning() {
        Notified notified = deploy(SandboxOptions.defaults().withSlackFailure(SlackFailure.serverError(-1)),
                SlackNotificationsTest::webhook);

        ActionHarness.Run run = notified.run();
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("SUCCESSFUL", run.output("deployment-status"));
        assertEquals(4, notified.slack().size(), "bounded retries: " + notified.slackOperations());
        assertTrue(run.annotations("warning").stream().anyMatch(line -> line.contains("Slack")
                && line.contains("HTTP 500")), run.log());
        assertEquals(List.of(), run.annotations("error"), run.log());
    }

    @Test
    void theSeedPayloadTemplateRendersWithRealValuesAsValidJson() {
        Path template = ActionHarness.FIXTURES.resolve("slack/workflow-builder-payload.json");
        Notified notified = deploy((harness, endpoint) -> webhook(harness, endpoint)
                .input("slack-payload", template.toString()));

        ActionHarness.Run run = notified.run();
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("webhook"), notified.slackOperations(), run.toString());
        JsonNode payload = notified.payload(0);
        assertTrue(payload.isObject(), "the sandbox parsed it as a JSON object: " + payload);
        assertEquals("Deployed web v2.0.0", payload.path("custom_status").asText());
        assertEquals("Deploy web1", payload.path("workflow").asText());
        assertEquals("build", payload.path("job_build").asText());
        assertEquals("success", payload.path("status_build").asText());
        assertEquals("deploy", payload.path("job_deploy").asText());
        assertEquals("success", payload.path("status_deploy").asText());
        assertEquals("jimin", payload.path("actor").asText());
        assertEquals("main", payload.path("ref_name").asText());
        assertEquals("https://github.com/acme/shop/commit/9f1c2d3e4b5a69788776655443322110ffeeddcc",
                payload.path("head_commit_url").asText());
        assertEquals("https://github.com/acme/shop/actions/runs/1234567890", payload.path("action_run_url").asText());
    }

    @Test
    void aBrokenPayloadTemplateIsExitTwoBeforeAnythingDeploysOrIsSent() {
        Notified notified = deploy((harness, endpoint) -> webhook(harness, endpoint)
                .input("slack-payload", "{\"status\": \"${deploy-status}\"}"));

        ActionHarness.Run run = notified.run();
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.annotations("error").getFirst().contains("slack-payload")
                && run.annotations("error").getFirst().contains("deployment-status"), run.log());
        assertFalse(notified.calls().contains("ecs:RegisterTaskDefinition"), notified.calls().toString());
        assertFalse(notified.calls().contains("ecs:UpdateService"), notified.calls().toString());
        assertEquals(List.of(), notified.slack());
    }
}
