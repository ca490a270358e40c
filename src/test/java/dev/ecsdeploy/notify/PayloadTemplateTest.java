package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PayloadTemplate parse(String template) {
        return PayloadTemplate.parse(template, "inline", TemplateValues.names());
    }

    @Test
    void theSourceWorkflowsPayloadRendersWithTheRunsValuesAsValidJson() throws Exception {
        String seed = Files.readString(ActionHarness.FIXTURES.resolve("slack/workflow-builder-payload.json"));
        DeploymentFacts facts = DeploymentMessagesTest.facts(DeploymentStatus.FAILED,
                "Task definition \"web\" names a missing secret\nKEY", "render task definition", List.of());

        JsonNode payload = JSON.readTree(parse(seed).render(TemplateValues.of(facts, null)));

        assertEquals("web v1.4.2 failed: Task definition \"web\" names a missing secret KEY",
                payload.path("custom_status").asText());
        assertEquals("Deploy web1", payload.path("workflow").asText());
        assertEquals("build", payload.path("job_build").asText());
        assertEquals("failure", payload.path("status_build").asText());
        assertEquals("deploy", payload.path("job_deploy").asText());
        assertEquals("skipped", payload.path("status_deploy").asText());
        assertEquals("jimin", payload.path("actor").asText());
        assertEquals("main", payload.path("ref_name").asText());
        assertEquals(facts.commitUrl(), payload.path("head_commit_url").asText());
        assertEquals("https://github.com/acme/shop/actions/runs/1234567890", payload.path("action_run_url").asText());
        assertEquals(10, payload.size());
    }

    @Test
    void outputsAreAvailableByTheirNamesAndValuesAreEscaped() throws Exception {
        PayloadTemplate template = parse("{\"text\": \"${service} ${version}: ${deployment-status}"
                + " (${failure-reason}) in ${duration-seconds}s, image ${image-uri}\"}");

        String rendered = template.render(Map.of("service", "web", "version", "v2", "deployment-status", "FAILED",
                "failure-reason", "a \"quoted\" \\ reason\twith\ncontrol", "duration-seconds", "42",
                "image-uri", "web:v2"));

        assertEquals("web v2: FAILED (a \"quoted\" \\ reason\twith\ncontrol) in 42s, image web:v2",
                JSON.readTree(rendered).path("text").asText());
    }

    @Test
    void everyOutputAndSeedFieldIsAName() {
        for (var output : dev.ecsdeploy.github.ActionOutput.values()) {
            assertTrue(TemplateValues.names().contains(output.outputName()), output.outputName());
        }
        assertTrue(TemplateValues.names().containsAll(TemplateValues.SEED_FIELDS));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"who\": \"${actr}\"}                 | unknown placeholder ${actr}. Did you mean actor?",
            "{\"took\": ${duration-seconds}}        | Put each placeholder inside a JSON string",
            "{\"text\": \"${service}\"              | not valid JSON",
            "[\"${service}\"]                       | must be a JSON object",
            "{\"a\": \"${service}\"} trailing       | not valid JSON",
    })
    void aTemplateThatCannotWorkIsBadInputNamingSlackPayload(String template, String expected) {
        BadInputException e = assertThrows(BadInputException.class, () -> parse(template));

        assertEquals("slack-payload", e.input());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void aParseErrorDoesNotEchoTheTemplatesText() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> parse("{\"text\": \"${service}\", \"token\": xoxb-12345-secret}"));

        assertTrue(e.getMessage().contains("not valid JSON once the placeholders are filled in: Unrecognized token"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("xoxb") && !e.getMessage().contains("secret"), e.getMessage());
    }
}
