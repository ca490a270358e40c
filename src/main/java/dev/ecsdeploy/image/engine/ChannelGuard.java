package dev.ecsdeploy.image.engine;

import dev.ecsdeploy.pipeline.Cancellation;
import java.io.IOException;
import java.nio.channels.Channel;
import java.time.Duration;

/**
 * Ends an engine call from outside: closes its channel when a deadline passes or the run is cancelled, which makes a
 * blocked read or write on it fail at once. A blocking {@code SocketChannel} has no read timeout of its own.
 */
public final class ChannelGuard implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final Channel channel;
    private final long deadline;
    private final Cancellation cancellation;
    private final Runnable onCancel;
    private volatile boolean done;
    private volatile boolean expired;
    private volatile boolean cancelled;

    private ChannelGuard(Channel channel, Duration timeout, Cancellation cancellation, Runnable onCancel) {
        this.channel = channel;
        this.deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        this.cancellation = cancellation;
        this.onCancel = onCancel;
    }

    /**
     * Guards {@code channel} until closed. {@code timeout} null: no deadline (a streaming build); {@code cancellation}
     * null: none; {@code onCancel} (may be null) runs before the channel is closed on a cancellation.
     */
    public static ChannelGuard start(Channel channel, Duration timeout, Cancellation cancellation,
                                     Runnable onCancel) {
        ChannelGuard guard = new ChannelGuard(channel, timeout, cancellation, onCancel);
        Thread.ofVirtual().name("engine-call-guard").start(guard::watch);
        return guard;
    }

    private void watch() {
        while (!done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                expired = true;
                closeChannel();
                return;
            }
            Duration wait = Duration.ofNanos(Math.min(left, POLL.toNanos()));
            boolean cancelledNow = cancellation != null ? cancellation.sleep(wait) : sleep(wait);
            if (cancelledNow && !done) {
                cancelled = true;
                if (onCancel != null) {
                    onCancel.run();
                }
                closeChannel();
                return;
            }
        }
    }

    private static boolean sleep(Duration wait) {
        try {
            Thread.sleep(wait);
            return false;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the call fails on the closed channel, which is the point
        }
    }

    /** The deadline passed and the channel was closed. */
    public boolean expired() {
        return expired;
    }

    /** The run was cancelled and the channel was closed. */
    public boolean cancelled() {
        return cancelled;
    }

    /** The call is over: stop watching (the channel is the caller's to close). */
    @Override
    public void close() {
        done = true;
    }
}
