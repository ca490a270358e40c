package dev.ecsdeploy.notify;

/** Slack did not take a message. The message says why in words safe to log (never a URL or token). */
public final class SlackDeliveryException extends Exception {
    private final String slackError;

    public SlackDeliveryException(String message, String slackError) {
        super(message);
        this.slackError = slackError;
    }

    /** The Web API's error code (e.g. {@code channel_not_found}), or null for HTTP-level failures. */
    public String slackError() {
        return slackError;
    }
}
