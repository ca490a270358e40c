package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.Outcome;
import dev.ecsdeploy.testing.ActionHarness;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackSettingsTest {
    private static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";

    private static SlackSettings settings(Map<String, String> inputs, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        inputs.forEach((name, value) -> all.put("INPUT_" + name.toUpperCase(), value));
        ActionInputs resolved = ActionInputs.resolve(Map.of(), all, ActionHarness.FIXTURES, "main", secret -> {
        }).validate();
        return SlackSettings.from(resolved, all);
    }

    @Test
    void noSlackInputsMeansNoNotification() {
        SlackSettings settings = settings(Map.of(), Map.of());

        assertFalse(settings.enabled());
        assertEquals(SlackSettings.NotifyOn.ALWAYS, settings.notifyOn());
        assertEquals("https://slack.com/api/", settings.apiUrl());
    }

    @Test
    void slackApiUrlPointsTheWebApiElsewhere() {
        SlackSettings settings = settings(Map.of("slack-bot-token", "xoxb-1", "slack-channel", "#deploys"),
                Map.of("SLACK_API_URL", "http://127.0.0.1:4566/slack/api/"));

        assertEquals("http://127.0.0.1:4566/slack/api/", settings.apiUrl());
        assertTrue(settings.announcesStart());
    }

    @Test
    void aTemplateFileIsReadFromTheWorkspace() {
        SlackSettings settings = settings(Map.of("slack-webhook-url", WEBHOOK,
                "slack-payload", "slack/workflow-builder-payload.json"), Map.of());

        assertEquals("slack/workflow-builder-payload.json", settings.template().source());
    }

    @Test
    void onlyAnnouncedEndingsGetAStartMessage() {
        SlackSettings failuresOnly = settings(Map.of("slack-bot-token", "xoxb-1", "slack-channel", "#deploys",
                "slack-notify-on", "failure"), Map.of());

        assertFalse(failuresOnly.announcesStart(), "a start message would have to be updated to a success nobody"
                + " asked to see");
        assertNull(settings(Map.of("slack-webhook-url", WEBHOOK), Map.of()).botToken());
    }

    @ParameterizedTest(name = "{0}={1}, {2}={3}")
    @CsvSource(nullValues = "none", value = {
            "slack-bot-token,   xoxb-1,                       none,              none,       slack-channel",
            "slack-channel,     #deploys,                     none,              none,       slack-channel",
            "slack-payload,     '{\"a\": \"${actor}\"}',      none,              none,       slack-payload",
            "slack-webhook-url, hooks.slack.com/services/XX,  none,              none,       slack-webhook-url",
            "slack-webhook-url, " + WEBHOOK + ",              slack-payload,     missing.json, slack-payload",
            "slack-webhook-url, " + WEBHOOK + ",              slack-payload,     '{\"a\": \"${nope}\"}', slack-payload",
    })
    void inputsThatCannotWorkAreBadInputNamingTheInput(String name, String value, String other, String otherValue,
                                                       String blamed) {
        Map<String, String> inputs = new HashMap<>(Map.of(name, value));
        if (other != null) {
            inputs.put(other, otherValue);
        }

        BadInputException e = assertThrows(BadInputException.class, () -> settings(inputs, Map.of()));

        assertEquals(blamed, e.input(), e.getMessage());
        assertFalse(e.getMessage().contains("XXXXSECRET") || e.getMessage().contains("hooks.slack.com/services/XX"),
                "a webhook URL is a secret: " + e.getMessage());
    }

    @ParameterizedTest(name = "notify-on {0}, {1} -> {2}")
    @CsvSource({
            "ALWAYS,  SUCCESSFUL,  true",
            "ALWAYS,  FAILED,      true",
            "ALWAYS,  SKIPPED,     false",
            "FAILURE, SUCCESSFUL,  false",
            "FAILURE, ROLLED_BACK, true",
            "FAILURE, CANCELLED,   true",
            "SUCCESS, SUCCESSFUL,  true",
            "SUCCESS, TIMED_OUT,   false",
            "SUCCESS, SKIPPED,     false",
    })
    void notifyOnPicksTheEndingsThatAreAnnounced(SlackSettings.NotifyOn notifyOn, DeploymentStatus status,
                                                 boolean announced) {
        assertEquals(announced, notifyOn.wants(Outcome.of(status)));
    }
}
