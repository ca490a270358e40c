package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.SlackFailure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.webhook.WebhookResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Slack endpoints through the real Slack client, as the action's notifier will call them. */
class SandboxSlackTest {

    private static Slack slack(Sandbox sandbox) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(sandbox.endpoint() + "/slack/api/");
        config.setStatsEnabled(false);
        return Slack.getInstance(config);
    }

    @Test
    void postsThenUpdatesOneMessageAndRecordsEachPayload() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
            Slack slack = slack(sandbox);
            ChatPostMessageResponse posted = slack.methods("xoxb-sandbox").chatPostMessage(r -> r
                    .channel("#deploys").text("Deploying web 2.0.0"));
            assertTrue(posted.isOk(), posted.getError());
            assertTrue(posted.getChannel().startsWith("C"));
            ChatUpdateResponse updated = slack.methods("xoxb-sandbox").chatUpdate(r -> r.channel(posted.getChannel())
                    .ts(posted.getTs()).text("Deployed web 2.0.0"));
            assertTrue(updated.isOk(), updated.getError());
            assertEquals(posted.getTs(), updated.getTs());
            ChatUpdateResponse unknown = slack.methods("xoxb-sandbox").chatUpdate(r -> r.channel(posted.getChannel())
                    .ts("1.000001").text("x"));
            assertEquals("message_not_found", unknown.getError());
            WebhookResponse hook = slack.send(sandbox.endpoint() + "/slack/webhook/T000/B000/XXX",
                    "{\"text\":\"web 2.0.0 deployed\"}");
            assertEquals(200, hook.getCode());
            assertEquals("ok", hook.getBody());

            List<JsonNode> calls = sandbox.auditEntries().stream().filter(e -> e.get("service").asText()
                    .equals("slack")).toList();
            assertEquals(List.of("chat.postMessage", "chat.update", "chat.update", "webhook"),
                    calls.stream().map(e -> e.get("operation").asText()).toList());
            assertEquals("Deployed web 2.0.0", calls.get(1).at("/payload/text").asText());
            assertEquals("web 2.0.0 deployed", calls.get(3).at("/payload/text").asText());
            assertFalse(calls.toString().contains("xoxb-sandbox"), "the token is never recorded");
        }
    }

    @Test
    void failsOnDemandWith429AndRetryAfterOr500() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults()
                .withSlackFailure(SlackFailure.rateLimited(1, 3)))) {
            Slack slack = slack(sandbox);
            SlackApiException limited = assertThrows(SlackApiException.class, () -> slack.methods("xoxb-sandbox")
                    .chatPostMessage(r -> r.channel("#deploys").text("one")));
            assertEquals(429, limited.getResponse().code());
            assertEquals("3", limited.getResponse().header("Retry-After"));
            assertTrue(slack.methods("xoxb-sandbox").chatPostMessage(r -> r.channel("#deploys").text("two")).isOk(),
                    "only the next call fails");

            HttpResponse<String> set = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(sandbox.endpoint() + "/_sandbox/slack-failure")).POST(HttpRequest.BodyPublishers
                    .ofString("{\"status\":500,\"count\":1}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, set.statusCode());
            WebhookResponse failed = slack.send(sandbox.endpoint() + "/slack/webhook/x", "{\"text\":\"t\"}");
            assertEquals(500, failed.getCode());
        }
    }
}
