package dev.ecsdeploy.sandbox.core;

import java.time.Duration;
import java.time.Instant;

/**
 * The sandbox's sense of time: timestamps are real wall-clock instants, but every AWS duration (a task's start, a
 * health check, draining) is multiplied by the time scale, so tests see a whole deployment in seconds.
 */
public final class SimClock {
    private final double scale;

    public SimClock(double scale) {
        this.scale = scale;
    }

    public Instant now() {
        return Instant.now();
    }

    /** The real instant at which {@code awsSeconds} of AWS time from now will have passed. */
    public Instant after(double awsSeconds) {
        return now().plus(Duration.ofNanos((long) (awsSeconds * scale * 1_000_000_000L)));
    }

    public double scale() {
        return scale;
    }
}
