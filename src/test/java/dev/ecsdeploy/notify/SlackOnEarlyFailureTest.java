package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.notify.SlackTestServer.Answer;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run as the runner runs it, failing before anything in AWS is touched (the version step), with Slack on a real
 * local HTTP server: the failure is still announced, with its reason, and nothing secret reaches Slack.
 */
class SlackOnEarlyFailureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POSTED = "{\"ok\":true,\"channel\":\"C0DEPLOYS\",\"ts\":\"1764390000.000100\"}";

    @TempDir
    Path temp;

    private final SlackTestServer slack = new SlackTestServer();

    @AfterEach
    void stop() {
        slack.close();
    }

    /** A deploy whose version file has no version: the version step fails while planning. */
    private ActionHarness failingAtVersion() {
        return new ActionHarness(temp)
                .event("workflow_dispatch", "dispatch-latest.json")
                .workspace(ActionHarness.FIXTURES.resolve("bad-inputs/no-version"))
                .input("service", "web")
                .input("slack-webhook-url", slack.url("/services/T000/B000/hooksecret").toString());
    }

    @Test
    void aFailureInAnEarlierStepIsStillAnnouncedWithItsReason() throws Exception {
        ActionHarness.Run run = failingAtVersion().run();

        assertEquals(2, run.exitCode(), run.toString());
        List<SlackTestServer.Request> requests = slack.requests();
        assertEquals(1, requests.size(), run.toString());
        assertEquals("/services/T000/B000/hooksecret", requests.getFirst().path());
        JsonNode payload = JSON.readTree(requests.getFirst().body());
        String text = payload.path("text").asText();
        // Bad input is no failed deployment (issue 15): nothing was deployed, and the message says why.
        assertTrue(text.startsWith("web not deployed: bad input: ") && text.contains("package.json"), text);
        assertEquals(":no_entry: web not deployed: bad input",
                payload.path("blocks").get(0).path("text").path("text").asText());
        assertTrue(payload.path("blocks").get(1).path("text").path("text").asText()
                .startsWith("*Failed in _resolve version_:*"), payload.toString());
        assertTrue(run.log().contains("Slack: sent the result to the webhook."), run.log());
    }

    @Test
    void aMaskedSecretNeverReachesSlack() {
        String token = "xoxb-1111-2222-Zq9secretTokenValue";
        slack.then(Answer.ok(POSTED));
        // A version that embeds the bot token (a paste gone wrong): the failure reason quotes it.
        ActionHarness.Run run = failingAtVersion()
                .workspace(ActionHarness.FIXTURES.resolve("monorepo"))
                .input("version", "1.0 " + token)
                .input("slack-bot-token", token)
                .input("slack-channel", "#deploys")
                .env("SLACK_API_URL", slack.url("/api/").toString())
                .run();

        assertEquals(2, run.exitCode(), run.toString());
        List<SlackTestServer.Request> requests = slack.requests();
        assertEquals(List.of("/api/chat.postMessage", "/services/T000/B000/hooksecret"),
                requests.stream().map(SlackTestServer.Request::path).toList(), run.toString());
        for (SlackTestServer.Request request : requests) {
            String sent = request.path().startsWith("/api/") ? request.form().toString() : request.body();
            assertTrue(sent.contains("does not match"), "the reason is sent: " + sent);
            assertTrue(sent.contains("***"), "the secret is replaced: " + sent);
            assertFalse(sent.contains("Zq9secretTokenValue"), "the token leaked to Slack: " + sent);
            assertFalse(sent.contains("hooksecret"), "the webhook URL leaked to Slack: " + sent);
        }
    }

    @Test
    void slackAnswering500EveryTimeIsAWarningAndLeavesTheExitStatusAlone() {
        slack.otherwise(Answer.status(500));

        ActionHarness.Run run = failingAtVersion().run();

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(4, slack.requests().size());
        assertTrue(run.annotations("warning").stream().anyMatch(line -> line.contains("Slack: the result was not sent")
                && line.contains("HTTP 500")), run.log());
        assertEquals(1, run.annotations("error").size(), "the only error is the run's own: " + run.log());
    }

    @Test
    void aSkippedRunSendsNothing() {
        ActionHarness.Run run = failingAtVersion()
                .input("release-branch", "release/web1")
                .event("pull_request", "pr-merged-feature-login.json")
                .run();

        assertEquals("SKIPPED", run.output("deployment-status"), run.toString());
        assertEquals(List.of(), slack.requests());
    }

    @Test
    void aDryRunSendsNothing() {
        ActionHarness.Run run = failingAtVersion().input("dry-run", "true").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(List.of(), slack.requests());
    }

    @Test
    void notifyOnSuccessStaysQuietAboutAFailure() {
        ActionHarness.Run run = failingAtVersion().input("slack-notify-on", "success").run();

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(List.of(), slack.requests());
    }
}
