package dev.ecsdeploy.notify;

import dev.ecsdeploy.util.Backoff;
import dev.ecsdeploy.util.Decision;
import java.time.Duration;
import java.util.Optional;

/**
 * When to try a Slack call again. Slack asks callers to honour Retry-After on 429 and to back off on 5xx; a
 * notification must still never hold up the deployment's verdict, so attempts and total waiting are both bounded.
 *
 * @param maxAttempts attempts in all, the first included
 * @param firstDelay  back-off before the second attempt when Slack gives no Retry-After; doubles each time
 * @param maxTotal    no retry starts later than this after the first attempt began
 */
@Decision
public record RetryPolicy(int maxAttempts, Duration firstDelay, Duration maxTotal) {
    /** Four attempts within 15 seconds: rides out a short 5xx blip or a 429 of a few seconds, and no more. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(15));
    /**
     * For a cancelled run: the runner sends SIGKILL about ten seconds after cancelling, so one attempt it is, and the
     * time goes to stopping the deployment.
     */
    public static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    /**
     * How long to wait before the next attempt, or empty to give up.
     *
     * @param attemptsMade attempts made so far (1 after the first)
     * @param status       the HTTP status of the last answer; null when no answer came (connection failed, timeout)
     * @param retryAfter   the Retry-After header of the last answer (seconds), or null
     * @param elapsed      time since the first attempt began
     */
    public Optional<Duration> nextDelay(int attemptsMade, Integer status, String retryAfter, Duration elapsed) {
        if (!retryable(status)) {
            return Optional.empty();
        }
        return Backoff.doubling(firstDelay).attempts(maxAttempts).within(maxTotal)
                .next(attemptsMade, elapsed, parseSeconds(retryAfter).orElse(null));
    }

    /** 429 and server errors are Slack's to fix and usually pass; anything else (400, 403, 404) will not change. */
    static boolean retryable(Integer status) {
        return status == null || status == 429 || status >= 500 && status <= 599;
    }

    private static Optional<Duration> parseSeconds(String retryAfter) {
        if (retryAfter == null || !retryAfter.trim().matches("\\d{1,6}")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter.trim())));
    }
}
