package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.Masker;
import dev.ecsdeploy.pipeline.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The shared wait, on a fake clock: every sleep moves the clock instead of passing time. */
class PollLoopTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Verdict RUNNING = new Verdict(Verdict.Phase.IN_PROGRESS, null);

    private final FakeClock clock = new FakeClock();
    private final Cancellation cancellation = new Cancellation();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Duration> sleeps = new ArrayList<>();
    private final PollLoop loop = new PollLoop(new ActionLog(new PrintStream(out, true, StandardCharsets.UTF_8),
            new Masker(), false, false), cancellation, clock, duration -> {
        sleeps.add(duration);
        clock.now = clock.now.plus(duration);
        return cancellation.isCancelled();
    }, false);

    private static PollLoop.Bounds bounds(Duration timeout, Duration window) {
        return new PollLoop.Bounds(T0.plus(timeout), Duration.ofSeconds(10), window, false, true);
    }

    /** Looks that answer in turn: a verdict, or a fault thrown. */
    private static PollLoop.Look looks(List<Supplier<Verdict>> answers) {
        Deque<Supplier<Verdict>> left = new ArrayDeque<>(answers);
        return () -> (left.size() > 1 ? left.poll() : left.peek()).get();
    }

    private static Supplier<Verdict> verdict(Verdict.Phase phase) {
        return () -> new Verdict(phase, null);
    }

    private static Supplier<Verdict> unreachable() {
        return () -> {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
        };
    }

    private static Supplier<Verdict> status(int code, String errorCode) {
        return () -> {
            throw AwsServiceException.builder().statusCode(code)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).errorMessage(errorCode).build())
                    .build();
        };
    }

    private String log() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalVerdictEndsTheWaitAsDecided() {
        PollLoop.Ended ended = loop.run(bounds(Duration.ofMinutes(5), Duration.ofMinutes(2)), "ECS",
                looks(List.of(() -> RUNNING, () -> RUNNING, verdict(Verdict.Phase.SUCCEEDED))));

        assertEquals(PollLoop.End.DECIDED, ended.end());
        assertEquals(Verdict.Phase.SUCCEEDED, ended.verdict().phase());
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10)), sleeps, "one poll interval each");
    }

    @Test
    void aReadyVerdictEndsTheWaitOnlyForWaitUntilReady() {
        PollLoop.Bounds completed = bounds(Duration.ofSeconds(25), Duration.ofMinutes(2));
        PollLoop.Ended waiting = loop.run(completed, "CodeDeploy", looks(List.of(verdict(Verdict.Phase.READY))));
        assertEquals(PollLoop.End.TIMED_OUT, waiting.end(), "wait-until completed waits through the ready wait");

        PollLoop.Bounds ready = new PollLoop.Bounds(clock.now.plusSeconds(300), Duration.ofSeconds(10),
                Duration.ofMinutes(2), false, true, true);
        PollLoop.Ended ended = loop.run(ready, "CodeDeploy", looks(List.of(() -> RUNNING,
                verdict(Verdict.Phase.READY))));
        assertEquals(PollLoop.End.DECIDED, ended.end());
        assertEquals(Verdict.Phase.READY, ended.verdict().phase());
    }

    @Test
    void theDeadlineEndsTheWaitAsTimedOutWithTheLastVerdictAndIsKeptExactly() {
        PollLoop.Ended ended = loop.run(bounds(Duration.ofSeconds(25), Duration.ofMinutes(2)), "ECS",
                looks(List.of(() -> RUNNING)));

        assertEquals(PollLoop.End.TIMED_OUT, ended.end());
        assertEquals(Verdict.Phase.IN_PROGRESS, ended.verdict().phase());
        assertEquals(T0.plusSeconds(25), clock.now, "the last sleep is cut to the deadline");
    }

    @Test
    void awsThatStopsAnsweringEndsAsUnreachableAfterTheWindowNotTheTimeout() {
        PollLoop.Ended ended = loop.run(bounds(Duration.ofMinutes(30), Duration.ofMinutes(2)), "ECS",
                looks(List.of(() -> RUNNING, unreachable())));

        assertEquals(PollLoop.End.UNREACHABLE, ended.end());
        assertEquals(Verdict.Phase.IN_PROGRESS, ended.verdict().phase(), "the last state seen is kept");
        assertTrue(ended.fault().contains("Connection refused"), ended.fault());
        Duration waited = Duration.between(T0, clock.now);
        assertEquals(Duration.ofSeconds(130), waited, "10 s of answers, then 2 minutes of silence");
        assertTrue(log().contains("AWS stopped answering"), log());
        assertEquals(1, log().split("stopped answering", -1).length - 1, "said once, not every look");
    }

    @Test
    void serverErrorsCountAsNoAnswerButOtherClientErrorsAreThrown() {
        PollLoop.Ended ended = loop.run(bounds(Duration.ofMinutes(30), Duration.ofSeconds(30)), "ECS",
                looks(List.of(status(503, "ServiceUnavailable"))));
        assertEquals(PollLoop.End.UNREACHABLE, ended.end());
        assertTrue(ended.fault().contains("503"), ended.fault());

        assertThrows(AwsServiceException.class, () -> loop.run(bounds(Duration.ofMinutes(30),
                Duration.ofSeconds(30)), "ECS", looks(List.of(status(400, "AccessDeniedException")))));
    }

    @Test
    void awsThatAnswersAgainWithinTheWindowIsSaidSoAndTheWaitGoesOn() {
        PollLoop.Ended ended = loop.run(bounds(Duration.ofMinutes(30), Duration.ofMinutes(2)), "ECS",
                looks(List.of(unreachable(), unreachable(), () -> RUNNING, verdict(Verdict.Phase.SUCCEEDED))));

        assertEquals(PollLoop.End.DECIDED, ended.end());
        assertTrue(log().contains("AWS answers again, after"), log());
    }

    @Test
    void silenceAtTheDeadlineIsUnknownNotATimeout() {
        PollLoop.Ended ended = loop.run(bounds(Duration.ofSeconds(30), Duration.ofMinutes(2)), "ECS",
                looks(List.of(() -> RUNNING, unreachable())));

        assertEquals(PollLoop.End.UNREACHABLE, ended.end(), "nothing seen says it failed");
        assertEquals(T0.plusSeconds(30), clock.now);
    }

    @Test
    void throttlingBacksOffWithoutGivingUp() {
        PollLoop.Ended ended = loop.run(bounds(Duration.ofMinutes(30), Duration.ofMinutes(2)), "ECS",
                looks(List.of(status(400, "ThrottlingException"), status(400, "ThrottlingException"),
                        verdict(Verdict.Phase.SUCCEEDED))));

        assertEquals(PollLoop.End.DECIDED, ended.end());
        assertEquals(List.of(Duration.ofSeconds(20), Duration.ofSeconds(40)), sleeps, "doubling back-off");
    }

    @Test
    void aDeploymentThatIsGoneEndsTheWaitAsVanished() {
        PollLoop.Ended ended = loop.run(bounds(Duration.ofMinutes(30), Duration.ofMinutes(2)), "ECS",
                looks(List.of(() -> RUNNING, () -> {
                    throw new PollLoop.VanishedException("service web no longer exists in cluster demo");
                })));

        assertEquals(PollLoop.End.VANISHED, ended.end());
        assertEquals("service web no longer exists in cluster demo", ended.fault());
    }

    @Test
    void aCancellationEndsTheWaitAtOnceUnlessTheLoopIsFollowingARollbackAfterOne() {
        PollLoop.Ended ended = loop.run(bounds(Duration.ofMinutes(30), Duration.ofMinutes(2)), "ECS", () -> {
            cancellation.cancel("SIGTERM");
            return RUNNING;
        });
        assertEquals(PollLoop.End.CANCELLED, ended.end());
        assertTrue(sleeps.size() <= 1, "no wait after the signal: " + sleeps);

        PollLoop.Ended followed = loop.run(new PollLoop.Bounds(clock.now.plusSeconds(4), Duration.ofSeconds(1),
                Duration.ofSeconds(4), false, false), "ECS", looks(List.of(() -> RUNNING,
                verdict(Verdict.Phase.ROLLED_BACK))));
        assertEquals(PollLoop.End.DECIDED, followed.end(), "the rollback is followed despite the cancellation");
        assertEquals(Verdict.Phase.ROLLED_BACK, followed.verdict().phase());
    }

    @Test
    void trafficShiftedEndsTheWaitOnlyWhenAskedTo() {
        PollLoop.Look shifted = looks(List.of(verdict(Verdict.Phase.TRAFFIC_SHIFTED)));
        PollLoop.Ended untilShifted = loop.run(new PollLoop.Bounds(T0.plusSeconds(60), Duration.ofSeconds(10),
                Duration.ofMinutes(2), true, true), "ECS", shifted);
        assertEquals(PollLoop.End.DECIDED, untilShifted.end());

        PollLoop.Ended untilDone = loop.run(bounds(Duration.ofSeconds(60), Duration.ofMinutes(2)), "ECS", shifted);
        assertEquals(PollLoop.End.TIMED_OUT, untilDone.end());
        assertFalse(log().contains("rolling back"));
    }

    private static final class FakeClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
