package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Block Kit message as Slack receives it (serialised the way the webhook sends it). */
class DeploymentMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static DeploymentFacts facts(DeploymentStatus status, String reason, String failedStep, List<String> causes) {
        return new DeploymentFacts("deploy", status, reason, failedStep, "web", "demo", "production", "rolling",
                "v1.4.2", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v1.4.2", "web:7",
                Duration.ofSeconds(125), "jimin", "main", "Deploy web1", "acme/shop",
                "9f1c2d3e4b5a69788776655443322110ffeeddcc",
                "https://github.com/acme/shop/commit/9f1c2d3e4b5a69788776655443322110ffeeddcc",
                "https://github.com/acme/shop/actions/runs/1234567890",
                "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/demo/services/web/deployments?region=us-east-1",
                causes, Map.of());
    }

    private static JsonNode json(SlackMessage message) throws Exception {
        return JSON.readTree(SlackSender.webhookJson(message));
    }

    private static List<String> texts(JsonNode payload) {
        List<String> texts = new ArrayList<>();
        for (JsonNode block : payload.path("blocks")) {
            if (block.has("text")) {
                texts.add(block.path("text").path("text").asText());
            }
            block.path("fields").forEach(field -> texts.add(field.path("text").asText()));
            block.path("elements").forEach(element -> texts.add(element.path("text").asText()));
        }
        return texts;
    }

    @Test
    void successHeaderNamesServiceAndVersionAndTheFieldsSayWhereWhatAndWho() throws Exception {
        JsonNode payload = json(DeploymentMessages.finished(facts(DeploymentStatus.SUCCESSFUL, null, null, List.of()),
                "<!here>"));

        JsonNode header = payload.path("blocks").get(0);
        assertEquals("header", header.path("type").asText());
        assertEquals(":white_check_mark: Deployed web v1.4.2", header.path("text").path("text").asText());
        assertEquals("Deployed web v1.4.2 to production", payload.path("text").asText());
        String all = String.join("\n", texts(payload));
        for (String expected : List.of("*Environment*\nproduction", "*Service*\ndemo / web", "*Strategy*\nrolling",
                "*Image*\nweb:v1.4.2", "*Task definition*\nweb:7", "*Duration*\n2m 5s", "*Actor*\njimin",
                "|Commit 9f1c2d3>", "|Deploy web1 run>", "|ECS console>")) {
            assertTrue(all.contains(expected), expected + " missing from\n" + all);
        }
        assertFalse(all.contains("<!here>") || payload.path("text").asText().contains("<!here>"),
                "the mention is for failures only");
    }

    @Test
    void failureSaysWhereAndWhyWithTheTopThreeCausesAndTheMention() throws Exception {
        List<String> causes = List.of("4 tasks: CannotPullContainerError: pull image manifest has been retried",
                "2 tasks: Essential container in task exited (exit code 1)", "ELB health checks failed",
                "a fourth cause nobody reads");
        SlackMessage message = DeploymentMessages.finished(facts(DeploymentStatus.ROLLED_BACK,
                "The circuit breaker rolled the deployment back", "deploy", causes), "<!here>");
        JsonNode payload = json(message);

        assertEquals(":rewind: web v1.4.2 failed and was rolled back",
                payload.path("blocks").get(0).path("text").path("text").asText());
        String failure = payload.path("blocks").get(1).path("text").path("text").asText();
        assertTrue(failure.startsWith("<!here> *Failed in _deploy_:* The circuit breaker rolled"), failure);
        assertTrue(failure.contains("• 4 tasks: CannotPullContainerError") && failure.contains("• ELB health"),
                failure);
        assertFalse(failure.contains("fourth"), failure);
        assertTrue(message.text().startsWith("<!here> web v1.4.2 failed and was rolled back: The circuit breaker"),
                message.text());
    }

    @Test
    void relayedTextCannotBecomeALinkOrAMention() throws Exception {
        SlackMessage message = DeploymentMessages.finished(facts(DeploymentStatus.FAILED,
                "health check <!channel> failed for <http://evil|click>", "deploy", List.of()), null);

        String failure = json(message).path("blocks").get(1).path("text").path("text").asText();

        assertTrue(failure.contains("&lt;!channel&gt;") && !failure.contains("<!channel>"), failure);
    }

    @Test
    void startMessageSaysDeployingAndHasNoDuration() throws Exception {
        JsonNode payload = json(DeploymentMessages.deploying(facts(null, null, null, List.of())));

        assertEquals(":hourglass_flowing_sand: Deploying web v1.4.2",
                payload.path("blocks").get(0).path("text").path("text").asText());
        assertFalse(String.join("\n", texts(payload)).contains("*Duration*"));
    }

    @Test
    void aHeaderLongerThanSlackAllowsIsCut() {
        DeploymentFacts facts = facts(DeploymentStatus.SUCCESSFUL, null, null, List.of());
        DeploymentFacts longName = new DeploymentFacts("deploy", DeploymentStatus.FAILED, "x", null,
                "s".repeat(300), facts.cluster(), null, null, null, null, null, Duration.ZERO, null, null, null, null,
                null, null, null, null, List.of(), Map.of());

        String header = DeploymentMessages.headline(longName);
        String cut = DeploymentMessages.truncate(header, DeploymentMessages.HEADER_LIMIT);

        assertEquals(150, cut.length());
        assertTrue(cut.endsWith("…"));
    }

    @Test
    void beforeAnythingIsKnownTheMessageStillSaysItFailedAndWhy() throws Exception {
        DeploymentFacts nothingKnown = new DeploymentFacts("deploy", DeploymentStatus.FAILED,
                "The version file apps/web1/package.json does not exist", "resolve version", null, "default", null,
                null, null, null, null, Duration.ofSeconds(1), "jimin", "main", null, null, null, null, null, null,
                List.of(), Map.of());

        JsonNode payload = json(DeploymentMessages.finished(nothingKnown, null));

        assertEquals(":x: deployment failed", payload.path("blocks").get(0).path("text").path("text").asText());
        assertTrue(payload.path("text").asText().contains("does not exist"), payload.toString());
    }

    @Test
    void aCauseTheReasonAlreadyQuotesIsNotRepeated() throws Exception {
        SlackMessage message = DeploymentMessages.finished(facts(DeploymentStatus.ROLLED_BACK,
                "web:2 failed: 4 tasks: Task failed ELB health checks", "deploy",
                List.of("4 tasks: Task failed ELB health checks", "2 tasks: OutOfMemoryError")), null);

        String failure = json(message).path("blocks").get(1).path("text").path("text").asText();

        assertEquals("*Failed in _deploy_:* web:2 failed: 4 tasks: Task failed ELB health checks"
                + "\n• 2 tasks: OutOfMemoryError", failure);
    }

    @Test
    void aRollbackSaysWhereTheServiceWentBackTo() throws Exception {
        DeploymentFacts deploy = facts(DeploymentStatus.SUCCESSFUL, null, null, List.of());
        DeploymentFacts rollback = new DeploymentFacts("rollback", DeploymentStatus.SUCCESSFUL, null, null, "web",
                "demo", null, "rolling", null, null, "web:3", Duration.ofSeconds(40), "jimin", "main", null, null,
                null, null, null, null, List.of(), Map.of());

        JsonNode payload = json(DeploymentMessages.finished(rollback, null));

        assertEquals(":leftwards_arrow_with_hook: Rolled back web to web:3",
                payload.at("/blocks/0/text/text").asText());
        assertEquals("Rolled back web to web:3", payload.path("text").asText());
        assertEquals(":white_check_mark: Deployed web v1.4.2", DeploymentMessages.headline(deploy));
    }
}
