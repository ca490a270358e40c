package dev.ecsdeploy.deploy;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.pipeline.Cancellation;
import dev.ecsdeploy.util.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The wait every deployment watcher shares: look, decide, sleep until the next look. Throttling and an unreachable
 * AWS are answered by backing off rather than giving up early, a cancellation is noticed at once rather than after
 * the poll interval, and the deadline is kept.
 */
public final class PollLoop {
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** How the wait ended. */
    public enum End { DECIDED, TIMED_OUT, CANCELLED }

    public record Ended(End end, Verdict verdict) {
    }

    /** One look at the deployment (a few cheap calls, progress printed as it changes): its verdict now. */
    @FunctionalInterface
    public interface Look {
        Verdict look();
    }

    private final ActionLog log;
    private final Cancellation cancellation;
    private final Clock clock;

    public PollLoop(ActionLog log, Cancellation cancellation, Clock clock) {
        this.log = log;
        this.cancellation = cancellation;
        this.clock = clock;
    }

    /** @param rollingBack who rolls back, for the one line saying so ("ECS", "CodeDeploy") */
    public Ended run(DeploySettings settings, Instant startedAt, String rollingBack, Look look) {
        Instant deadline = startedAt.plus(settings.timeout());
        Duration interval = settings.pollInterval();
        int failures = 0;
        Verdict verdict = Verdict.of(Verdict.Phase.IN_PROGRESS, null);
        boolean announcedRollback = false;
        while (true) {
            if (cancellation.isCancelled()) {
                return new Ended(End.CANCELLED, verdict);
            }
            try {
                verdict = look.look();
                failures = 0;
                interval = settings.pollInterval();
            } catch (AwsServiceException e) {
                if (!e.isThrottlingException()) {
                    throw e;
                }
                interval = backOff(settings, ++failures);
                log.info("  (AWS is throttling the calls; next look in " + interval.toSeconds() + "s)");
            } catch (SdkClientException e) {
                interval = backOff(settings, ++failures);
                log.info("  (could not reach AWS: " + e.getMessage() + "; next look in " + interval.toSeconds() + "s)");
            }
            if (verdict.phase().isTerminal()
                    || settings.untilTrafficShifted() && verdict.phase() == Verdict.Phase.TRAFFIC_SHIFTED) {
                return new Ended(End.DECIDED, verdict);
            }
            if (verdict.phase() == Verdict.Phase.ROLLING_BACK && !announcedRollback) {
                announcedRollback = true;
                log.info(rollingBack + " is rolling back" + (verdict.reason() == null ? "" : ": " + verdict.reason()));
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                return new Ended(End.TIMED_OUT, verdict);
            }
            cancellation.sleep(interval.compareTo(left) < 0 ? interval : left);
        }
    }

    /** After {@code failures} looks in a row that AWS did not answer: the poll interval, doubled for each. */
    private static Duration backOff(DeploySettings settings, int failures) {
        return Backoff.doubling(settings.pollInterval().multipliedBy(2)).cappedAt(MAX_BACKOFF).delay(failures);
    }
}
