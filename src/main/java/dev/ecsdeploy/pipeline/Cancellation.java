package dev.ecsdeploy.pipeline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Set when the runner cancels the workflow (SIGINT/SIGTERM). Waiting code sleeps through {@link #sleep} so that a
 * cancellation wakes it at once instead of after the poll interval.
 */
public final class Cancellation {
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private volatile String signal;

    public void cancel(String why) {
        if (signal == null) {
            signal = why;
        }
        cancelled.countDown();
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** What cancelled the run, e.g. "SIGTERM". */
    public String reason() {
        return signal;
    }

    /** Sleeps for {@code duration} or until cancelled; returns true if cancelled. */
    public boolean sleep(Duration duration) {
        try {
            return cancelled.await(Math.max(0, duration.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel("interrupted");
            return true;
        }
    }
}
