package dev.ecsdeploy.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
    /** Registry pushes: 2 s doubled, no cap reached. Poll loop: 20 s doubled (a 10 s interval), capped at 60 s. */
    @ParameterizedTest(name = "first {0}s, cap {1}s: retry {2} waits {3}s")
    @CsvSource({
            "2, 0, 1, 2",
            "2, 0, 2, 4",
            "2, 0, 3, 8",
            "20, 60, 1, 20",
            "20, 60, 2, 40",
            "20, 60, 3, 60",
            "20, 60, 40, 60",
            "120, 60, 1, 60",
    })
    void doublesUpToTheCap(long first, long cap, int retry, long seconds) {
        Backoff backoff = Backoff.doubling(Duration.ofSeconds(first));
        if (cap > 0) {
            backoff = backoff.cappedAt(Duration.ofSeconds(cap));
        }
        assertEquals(Duration.ofSeconds(seconds), backoff.delay(retry));
    }

    /** Slack's policy: 500 ms doubled, four attempts within 15 s; Retry-After honoured when longer. */
    @ParameterizedTest(name = "after {0} attempts, {1} ms in, Retry-After {2}: wait {3}")
    @CsvSource(nullValues = "none", value = {
            "1, 0, none, 500",
            "2, 600, none, 1000",
            "3, 1700, none, 2000",
            "4, 3800, none, none",      // the attempts are spent
            "1, 0, 3000, 3000",         // the server asks for longer than the back-off
            "3, 1700, 1000, 2000",      // the back-off is longer than the server asked
            "1, 0, 20000, none",        // the server asks for more than the budget holds
            "2, 14000, none, 1000",     // ends right at the deadline: still allowed
            "2, 14001, none, none",     // would end past the deadline
    })
    void boundedByAttemptsAndBudget(int attemptsMade, long elapsedMs, Long retryAfterMs, Long waitMs) {
        Backoff slack = Backoff.doubling(Duration.ofMillis(500)).attempts(4).within(Duration.ofSeconds(15));
        assertEquals(Optional.ofNullable(waitMs).map(Duration::ofMillis), slack.next(attemptsMade,
                Duration.ofMillis(elapsedMs), retryAfterMs == null ? null : Duration.ofMillis(retryAfterMs)));
    }

    @ParameterizedTest(name = "a server's Retry-After of {0}s is not capped at {1}s")
    @CsvSource({"90, 60"})
    void retryAfterIsNotCapped(long retryAfter, long cap) {
        Backoff backoff = Backoff.doubling(Duration.ofSeconds(1)).cappedAt(Duration.ofSeconds(cap));
        assertEquals(Optional.of(Duration.ofSeconds(retryAfter)), backoff.next(1, Duration.ZERO,
                Duration.ofSeconds(retryAfter)));
    }
}
