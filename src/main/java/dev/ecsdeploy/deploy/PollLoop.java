package dev.ecsdeploy.deploy;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.util.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The wait every deployment watcher shares: look, decide, sleep until the next look. Throttling is answered by
 * backing off; AWS that does not answer (no connection, 5xx) is retried for a bounded window and then the wait ends
 * as {@link End#UNREACHABLE}, because nothing seen says how the deployment went; a deployment or service that is gone
 * ends it as {@link End#VANISHED}. A cancellation is noticed at once, even in the middle of a look, and the deadline
 * is kept. The clock and the sleeper are parameters, so the loop is tested without sleeping.
 */
public final class PollLoop {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final long CANCEL_CHECK_MILLIS = 100;

    /** How the wait ended. */
    public enum End { DECIDED, TIMED_OUT, CANCELLED, UNREACHABLE, VANISHED }

    /**
     * @param verdict the last verdict seen (IN_PROGRESS before the first answer)
     * @param fault   for UNREACHABLE the last error, for VANISHED what is gone; else null
     */
    public record Ended(End end, Verdict verdict, String fault) {
    }

    /**
     * How long and how often to look.
     *
     * @param unreachableWindow how long AWS may fail to answer before the outcome is called unknown
     * @param honourCancel      false only while following a rollback after a cancellation, briefly
     * @param untilReady        {@code wait-until: ready}: a READY verdict ends the wait
     */
    public record Bounds(Instant deadline, Duration interval, Duration unreachableWindow, boolean untilTrafficShifted,
                         boolean honourCancel, boolean untilReady) {
        public Bounds(Instant deadline, Duration interval, Duration unreachableWindow, boolean untilTrafficShifted,
                      boolean honourCancel) {
            this(deadline, interval, unreachableWindow, untilTrafficShifted, honourCancel, false);
        }
    }

    /** One look at the deployment (a few cheap calls, progress printed as it changes): its verdict now. */
    @FunctionalInterface
    public interface Look {
        Verdict look();
    }

    /** Waits; returns true when woken by a cancellation. */
    @FunctionalInterface
    public interface Sleeper {
        boolean sleep(Duration duration);
    }

    /** Thrown by a look when what it follows no longer exists (e.g. AWS was reset, or someone deleted it). */
    public static final class VanishedException extends RuntimeException {
        public VanishedException(String what) {
            super(what);
        }
    }

    private final ActionLog log;
    private final Cancellation cancellation;
    private final Clock clock;
    private final Sleeper sleeper;
    private final boolean lookInBackground;

    /** The production loop: real time, and a look abandoned at once when the run is cancelled. */
    public PollLoop(ActionLog log, Cancellation cancellation, Clock clock) {
        this(log, cancellation, clock, cancellation::sleep, true);
    }

    /** @param lookInBackground run each look on its own thread so a cancellation need not wait for a slow call */
    PollLoop(ActionLog log, Cancellation cancellation, Clock clock, Sleeper sleeper, boolean lookInBackground) {
        this.log = log;
        this.cancellation = cancellation;
        this.clock = clock;
        this.sleeper = sleeper;
        this.lookInBackground = lookInBackground;
    }

    /** The same loop sleeping through a cancellation: for the few seconds a rollback is followed after one. */
    public PollLoop ignoringCancellation() {
        return new PollLoop(log, cancellation, clock, duration -> {
            try {
                Thread.sleep(Math.max(0, duration.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            return false;
        }, lookInBackground);
    }

    /** @param rollingBack who rolls back, for the one line saying so ("ECS", "CodeDeploy") */
    public Ended run(Bounds bounds, String rollingBack, Look look) {
        Duration interval = bounds.interval();
        int failures = 0;
        Verdict verdict = Verdict.of(Verdict.Phase.IN_PROGRESS, null);
        boolean announcedRollback = false;
        Instant silentSince = null;
        String lastFault = null;
        while (true) {
            if (bounds.honourCancel() && cancellation.isCancelled()) {
                return new Ended(End.CANCELLED, verdict, null);
            }
            Instant lookedAt = clock.instant();
            Duration patience = silentSince == null ? bounds.unreachableWindow()
                    : Duration.between(lookedAt, silentSince.plus(bounds.unreachableWindow()));
            try {
                Verdict seen = call(look, bounds.honourCancel(), patience);
                if (seen == null) {
                    return new Ended(End.CANCELLED, verdict, null);
                }
                verdict = seen;
                failures = 0;
                interval = bounds.interval();
                if (silentSince != null) {
                    log.info("  (AWS answers again, after " + Durations.words(since(silentSince)) + ")");
                    silentSince = null;
                    lastFault = null;
                }
            } catch (VanishedException e) {
                return new Ended(End.VANISHED, verdict, e.getMessage());
            } catch (AwsServiceException e) {
                if (e.isThrottlingException()) {
                    interval = backOff(bounds, ++failures);
                    log.info("  (AWS is throttling the calls; next look in " + interval.toSeconds() + "s)");
                } else if (e.statusCode() >= 500) {
                    lastFault = "AWS answered " + e.statusCode() + (e.awsErrorDetails() == null ? ""
                            : " " + e.awsErrorDetails().errorCode());
                    silentSince = silent(silentSince, lookedAt, lastFault, bounds);
                    interval = backOff(bounds, ++failures);
                } else {
                    throw e;
                }
            } catch (SdkClientException e) {
                lastFault = "could not reach AWS: " + e.getMessage();
                silentSince = silent(silentSince, lookedAt, lastFault, bounds);
                interval = backOff(bounds, ++failures);
            } catch (NoAnswerException e) {
                lastFault = lastFault == null ? "its calls got no answer" : lastFault;
                silentSince = silent(silentSince, lookedAt, lastFault, bounds);
            }
            if (silentSince == null && (verdict.phase().isTerminal()
                    || bounds.untilTrafficShifted() && verdict.phase() == Verdict.Phase.TRAFFIC_SHIFTED
                    || bounds.untilReady() && verdict.phase() == Verdict.Phase.READY)) {
                return new Ended(End.DECIDED, verdict, null);
            }
            if (verdict.phase() == Verdict.Phase.ROLLING_BACK && !announcedRollback) {
                announcedRollback = true;
                log.info(rollingBack + " is rolling back" + (verdict.reason() == null ? "" : ": " + verdict.reason()));
            }
            Instant now = clock.instant();
            Instant until = bounds.deadline();
            if (silentSince != null) {
                Instant giveUp = silentSince.plus(bounds.unreachableWindow());
                if (!now.isBefore(giveUp) || !now.isBefore(until)) {
                    // Not a timeout: nothing seen says the deployment failed, only that AWS stopped answering.
                    return new Ended(End.UNREACHABLE, verdict, lastFault + ", for "
                            + Durations.words(Duration.between(silentSince, now)));
                }
                until = giveUp.isBefore(until) ? giveUp : until;
            } else if (!now.isBefore(until)) {
                return new Ended(End.TIMED_OUT, verdict, null);
            }
            Duration left = Duration.between(now, until);
            if (sleeper.sleep(interval.compareTo(left) < 0 ? interval : left) && bounds.honourCancel()) {
                return new Ended(End.CANCELLED, verdict, null);
            }
        }
    }

    /** @param since when the first look that got no answer began: the silence is counted from then */
    private Instant silent(Instant silentSince, Instant since, String fault, Bounds bounds) {
        if (silentSince != null) {
            return silentSince;
        }
        log.info("  (AWS stopped answering: " + fault + "; trying again for up to "
                + Durations.words(bounds.unreachableWindow()) + ")");
        return since;
    }

    /** A look that took longer than the silence still allowed: it is abandoned and counts as no answer. */
    private static final class NoAnswerException extends RuntimeException {
        NoAnswerException() {
            super(null, null, false, false);
        }
    }

    /**
     * The look, on its own thread: abandoned when the run is cancelled meanwhile (then null), so a slow call cannot
     * hold the exit, and when it outlasts {@code patience} (then {@link NoAnswerException}), so the silence window
     * holds even when one call with its retries would take longer.
     */
    private Verdict call(Look look, boolean honourCancel, Duration patience) {
        if (!lookInBackground) {
            return look.look();
        }
        FutureTask<Verdict> task = new FutureTask<>(look::look);
        Thread.ofVirtual().name("deployment-look").start(task);
        long giveUp = System.nanoTime() + Math.max(0, patience.toNanos());
        try {
            while (true) {
                try {
                    return task.get(CANCEL_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (honourCancel && cancellation.isCancelled()) {
                        task.cancel(true);
                        return null;
                    }
                    if (System.nanoTime() - giveUp > 0) {
                        task.cancel(true);
                        throw new NoAnswerException();
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.cancel("interrupted");
            return null;
        }
    }

    private Duration since(Instant instant) {
        return Duration.between(instant, clock.instant());
    }

    /** After {@code failures} looks in a row that AWS did not answer: the poll interval, doubled for each. */
    private static Duration backOff(Bounds bounds, int failures) {
        return Backoff.doubling(bounds.interval().multipliedBy(2)).cappedAt(MAX_BACKOFF).delay(failures);
    }
}
