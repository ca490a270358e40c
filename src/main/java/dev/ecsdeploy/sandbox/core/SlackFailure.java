package dev.ecsdeploy.sandbox.core;

/**
 * Makes the sandbox's Slack endpoints fail: the next {@code count} calls (negative: every call) answer {@code status}
 * (e.g. 500, or 429 with a {@code Retry-After} of {@code retryAfterSeconds}).
 */
public record SlackFailure(int status, int count, int retryAfterSeconds) {
    public static SlackFailure serverError(int count) {
        return new SlackFailure(500, count, 0);
    }

    public static SlackFailure rateLimited(int count, int retryAfterSeconds) {
        return new SlackFailure(429, count, retryAfterSeconds);
    }
}
