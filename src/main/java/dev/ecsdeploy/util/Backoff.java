package dev.ecsdeploy.util;

import java.time.Duration;
import java.util.Optional;

/**
 * How long to wait before trying again: the first delay, doubled for each retry, never more than a cap; a server's
 * Retry-After is honoured when it asks for longer (it is not capped: the server knows best); and, when bounded,
 * no more than so many attempts, and no retry that would start after the budget since the first attempt. The one
 * back-off the deploy poll loop, registry retries and Slack retries share.
 *
 * @param first       the wait before the first retry
 * @param cap         the longest back-off (a Retry-After may ask for more)
 * @param maxAttempts attempts in all, the first included
 * @param budget      no retry starts later than this after the first attempt began
 */
@Decision
public record Backoff(Duration first, Duration cap, int maxAttempts, Duration budget) {
    private static final Duration UNBOUNDED = Duration.ofDays(365);

    /** Doubling from {@code first}, with no cap, no attempt limit and no budget until given. */
    public static Backoff doubling(Duration first) {
        return new Backoff(first, UNBOUNDED, Integer.MAX_VALUE, UNBOUNDED);
    }

    public Backoff cappedAt(Duration longest) {
        return new Backoff(first, longest, maxAttempts, budget);
    }

    public Backoff attempts(int attempts) {
        return new Backoff(first, cap, attempts, budget);
    }

    public Backoff within(Duration total) {
        return new Backoff(first, cap, maxAttempts, total);
    }

    /** The back-off before retry {@code retry} (1 for the first): {@code first × 2^(retry-1)}, at most the cap. */
    public Duration delay(int retry) {
        Duration doubled = first.multipliedBy(1L << Math.min(Math.max(retry - 1, 0), 30));
        return doubled.compareTo(cap) > 0 ? cap : doubled;
    }

    /**
     * The wait before the next attempt, or empty to give up.
     *
     * @param attemptsMade attempts made so far (1 after the first)
     * @param elapsed      time since the first attempt began
     * @param retryAfter   what the server asked for (Retry-After), or null
     */
    public Optional<Duration> next(int attemptsMade, Duration elapsed, Duration retryAfter) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        Duration backOff = delay(attemptsMade);
        Duration wait = retryAfter != null && retryAfter.compareTo(backOff) > 0 ? retryAfter : backOff;
        return elapsed.plus(wait).compareTo(budget) > 0 ? Optional.empty() : Optional.of(wait);
    }
}
