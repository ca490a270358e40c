package dev.ecsdeploy.notify;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.Outcome;
import dev.ecsdeploy.util.TextFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The Slack inputs, checked: where to send (webhook, Web API, both or neither), when, and what.
 *
 * @param webhookUrl incoming webhook, or null
 * @param botToken   Web API bot token, or null (then {@code channel} is null too)
 * @param apiUrl     the Web API base: SLACK_API_URL, default https://slack.com/api/
 * @param template   a custom webhook payload, or null for the Block Kit message
 * @param mention    added to failure messages, or null
 */
public record SlackSettings(String webhookUrl, String botToken, String channel, NotifyOn notifyOn,
                            PayloadTemplate template, String mention, String apiUrl) {

    /** {@code slack-notify-on}. */
    public enum NotifyOn {
        ALWAYS, FAILURE, SUCCESS;

        /** Whether a finished run with this outcome is announced. A skipped run never is. */
        public boolean wants(Outcome outcome) {
            if (outcome.skipped()) {
                return false;
            }
            return switch (this) {
                case ALWAYS -> true;
                case FAILURE -> !outcome.succeeded();
                case SUCCESS -> outcome.succeeded();
            };
        }
    }

    public boolean enabled() {
        return webhookUrl != null || botToken != null;
    }

    /** The Web API message is posted at the start only when every ending will be announced in it. */
    public boolean announcesStart() {
        return botToken != null && notifyOn == NotifyOn.ALWAYS;
    }

    /** Reads and checks the Slack inputs; a problem is a {@link BadInputException} naming the input. */
    public static SlackSettings from(ActionInputs inputs, Map<String, String> env) {
        String webhook = blankToNull(inputs.string(Input.SLACK_WEBHOOK_URL));
        String token = blankToNull(inputs.string(Input.SLACK_BOT_TOKEN));
        String channel = blankToNull(inputs.string(Input.SLACK_CHANNEL));
        if (webhook != null && !isHttpUrl(webhook)) {
            // Never echo the value: a webhook URL is a secret.
            throw inputs.invalid(Input.SLACK_WEBHOOK_URL, "not an http(s) URL; use the incoming webhook URL Slack"
                    + " shows (https://hooks.slack.com/...), e.g. from a repository secret.");
        }
        if (token != null && channel == null) {
            throw inputs.missing(Input.SLACK_CHANNEL, "with slack-bot-token (the channel to post in, e.g. #deploys"
                    + " or a channel id)");
        }
        if (channel != null && token == null) {
            throw inputs.invalid(Input.SLACK_CHANNEL, "needs slack-bot-token to post with; for an incoming webhook"
                    + " the channel is part of the webhook, so remove slack-channel.");
        }
        String notifyOn = inputs.string(Input.SLACK_NOTIFY_ON);
        PayloadTemplate template = null;
        String payload = blankToNull(inputs.string(Input.SLACK_PAYLOAD));
        if (payload != null) {
            if (webhook == null) {
                throw inputs.invalid(Input.SLACK_PAYLOAD, "is sent to slack-webhook-url (e.g. a Workflow Builder"
                        + " webhook), which is not set. Set slack-webhook-url, or remove slack-payload to get the"
                        + " standard message.");
            }
            template = readTemplate(inputs, payload);
        }
        String apiUrl = blankToNull(env.get("SLACK_API_URL"));
        if (apiUrl != null && !isHttpUrl(apiUrl)) {
            throw new BadInputException(null, "SLACK_API_URL is not an http(s) URL: " + apiUrl
                    + ". Leave it unset for https://slack.com/api/.");
        }
        return new SlackSettings(webhook, token, token == null ? null : channel,
                NotifyOn.valueOf(notifyOn == null ? "ALWAYS" : notifyOn.toUpperCase(Locale.ROOT)), template,
                blankToNull(inputs.string(Input.SLACK_MENTION_ON_FAILURE)),
                apiUrl == null ? SlackSender.DEFAULT_API_URL : apiUrl);
    }

    /** Inline JSON when it starts with "{", otherwise a file in the workspace. */
    private static PayloadTemplate readTemplate(ActionInputs inputs, String payload) {
        if (payload.startsWith("{") || payload.startsWith("[")) {
            return PayloadTemplate.parse(payload, "inline", TemplateValues.names());
        }
        Path file = inputs.path(Input.SLACK_PAYLOAD);
        if (!Files.exists(file)) {
            throw inputs.invalid(Input.SLACK_PAYLOAD, "no file " + payload + " in the workspace (" + inputs.workspace()
                    + "). Give inline JSON starting with { or the path of a JSON template file.");
        }
        try {
            return PayloadTemplate.parse(TextFile.read(file, payload), payload, TemplateValues.names());
        } catch (TextFile.Unreadable e) {
            throw inputs.invalid(Input.SLACK_PAYLOAD, e.getMessage());
        }
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
