package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.notify.SlackTestServer.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sender against a real HTTP server that answers like Slack: retries, give-ups and what goes over the wire. */
class SlackSenderTest {
    private static final SlackMessage MESSAGE = new SlackMessage("Deployed web v1.4.2", List.of());
    private static final String POSTED = "{\"ok\":true,\"channel\":\"C0DEPLOYS\",\"ts\":\"1764390000.000100\"}";

    private final SlackTestServer slack = new SlackTestServer();
    private final List<Duration> waits = new ArrayList<>();
    // Waits are recorded and passed on the fake clock, so the elapsed-time budget is exercised without sleeping.
    private long fakeNanos;
    private final SlackSender sender = new SlackSender(slack.url("/api/").toString(), RetryPolicy.DEFAULT,
            duration -> {
                waits.add(duration);
                fakeNanos += duration.toNanos();
            }, () -> fakeNanos);

    @AfterEach
    void stop() {
        sender.close();
        slack.close();
    }

    @Test
    void webhookRateLimitedOnceIsRetriedAfterTheSecondsSlackAskedFor() throws Exception {
        slack.then(Answer.rateLimited("3"), Answer.ok("ok"));

        sender.webhook(slack.url("/services/T0/B0/secret").toString(), "{\"text\":\"hi\"}");

        assertEquals(2, slack.requests().size());
        assertEquals(List.of(Duration.ofSeconds(3)), waits);
        assertEquals("{\"text\":\"hi\"}", slack.requests().get(1).body());
    }

    @Test
    void webhookAnswering500EveryTimeGivesUpAfterFourAttemptsWithoutNamingTheUrl() {
        slack.otherwise(Answer.status(500));
        String url = slack.url("/services/T0/B0/secret-part").toString();

        SlackDeliveryException e = assertThrows(SlackDeliveryException.class, () -> sender.webhook(url, "{}"));

        assertEquals(4, slack.requests().size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), waits);
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("4 attempts"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-part"), e.getMessage());
    }

    @Test
    void webhookRefusingThePayloadIsNotRetried() {
        slack.otherwise(new Answer(400, "invalid_payload", Map.of()));

        SlackDeliveryException e = assertThrows(SlackDeliveryException.class,
                () -> sender.webhook(slack.url("/services/x").toString(), "{}"));

        assertEquals(1, slack.requests().size());
        assertTrue(e.getMessage().contains("invalid_payload"), e.getMessage());
    }

    @Test
    void aRetryAfterBeyondTheTimeBudgetEndsTheAttemptsAtOnce() {
        slack.otherwise(Answer.rateLimited("60"));

        assertThrows(SlackDeliveryException.class, () -> sender.webhook(slack.url("/services/x").toString(), "{}"));

        assertEquals(1, slack.requests().size());
        assertEquals(List.of(), waits);
    }

    @Test
    void postMessageThenUpdateTheSameMessageThroughTheApiUrlPrefix() throws Exception {
        slack.then(Answer.ok(POSTED), Answer.ok(POSTED));

        SlackSender.Posted posted = sender.postMessage("xoxb-test-token", "#deploys", MESSAGE);
        sender.update("xoxb-test-token", posted, new SlackMessage("Deployed web v1.4.2: SUCCESSFUL", List.of()));

        assertEquals(new SlackSender.Posted("C0DEPLOYS", "1764390000.000100"), posted);
        List<SlackTestServer.Request> requests = slack.requests();
        assertEquals(List.of("/api/chat.postMessage", "/api/chat.update"),
                requests.stream().map(SlackTestServer.Request::path).toList(), "no other call (auth.test) is made");
        assertEquals("#deploys", requests.get(0).form().get("channel"));
        assertEquals("C0DEPLOYS", requests.get(1).form().get("channel"));
        assertEquals("1764390000.000100", requests.get(1).form().get("ts"));
        assertEquals("Deployed web v1.4.2: SUCCESSFUL", requests.get(1).form().get("text"));
    }

    @Test
    void webApiServerErrorThenSuccessIsRetried() throws Exception {
        slack.then(Answer.status(503), Answer.rateLimited("1"), Answer.ok(POSTED));

        sender.postMessage("xoxb-test-token", "#deploys", MESSAGE);

        assertEquals(3, slack.requests().size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), waits);
    }

    @Test
    void webApiErrorSaysWhatToDoAndIsNotRetried() {
        slack.otherwise(Answer.ok("{\"ok\":false,\"error\":\"not_in_channel\"}"));

        SlackDeliveryException e = assertThrows(SlackDeliveryException.class,
                () -> sender.postMessage("xoxb-test-token", "#deploys", MESSAGE));

        assertEquals(1, slack.requests().size());
        assertEquals("not_in_channel", e.slackError());
        assertTrue(e.getMessage().contains("/invite"), e.getMessage());
    }

    @Test
    void anAnswerThatIsNotTheWebApiIsAClearFailureNotACrash() {
        slack.otherwise(Answer.ok("<html>proxy login</html>"));

        SlackDeliveryException e = assertThrows(SlackDeliveryException.class,
                () -> sender.postMessage("xoxb-test-token", "#deploys", MESSAGE));

        assertTrue(e.getMessage().contains("SLACK_API_URL"), e.getMessage());
    }
}
