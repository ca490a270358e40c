package dev.ecsdeploy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {
    @ParameterizedTest(name = "attempt {0}, HTTP {1}, Retry-After {2}, {3}ms elapsed -> {4}")
    @CsvSource(nullValues = "none", value = {
            // attempts, status, Retry-After, elapsed ms, wait ms (none = give up)
            "1, 500,  none,  0,     500",
            "2, 503,  none,  600,   1000",
            "3, 502,  none,  1600,  2000",
            "4, 500,  none,  3600,  none",   // four attempts in all
            "1, 429,  3,     0,     3000",   // Slack's Retry-After wins over the back-off
            "1, 429,  0,     0,     500",    // ... but never less than the back-off
            "1, 429,  soon,  0,     500",    // an unreadable Retry-After falls back to the back-off
            "1, 429,  30,    0,     none",   // beyond the 15 s budget: give up now rather than hold the verdict
            "2, 500,  none,  14500, none",   // the budget counts time already spent
            "1, none, none,  0,     500",    // no answer at all (connection refused, timeout)
            "1, 400,  none,  0,     none",   // Slack refused the payload: retrying will not help
            "1, 403,  none,  0,     none",
            "1, 404,  none,  0,     none",
    })
    void decidesTheWaitBeforeTheNextAttempt(int attempts, Integer status, String retryAfter, long elapsedMs,
                                            Long waitMs) {
        Optional<Duration> delay = RetryPolicy.DEFAULT.nextDelay(attempts, status, retryAfter,
                Duration.ofMillis(elapsedMs));

        assertEquals(Optional.ofNullable(waitMs).map(Duration::ofMillis), delay);
    }
}
