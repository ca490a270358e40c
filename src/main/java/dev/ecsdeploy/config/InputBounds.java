package dev.ecsdeploy.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The documented range of each duration and percentage input. A value outside it is an error that names the bound,
 * never a silent cap: {@code timeout: 0s} would start a deployment and roll it back at once, and a timeout of
 * centuries would overflow the deadline after the deployment started.
 */
public final class InputBounds {
    /** A duration range; {@code wholeMinutes} where ECS takes the value in whole minutes. */
    record DurationBound(Duration min, Duration max, boolean wholeMinutes, String why) {
    }

    /** A percentage range in steps of {@code step}. */
    record PercentBound(BigDecimal min, BigDecimal max, BigDecimal step, String why) {
    }

    // ECS DeploymentConfiguration.bakeTimeInMinutes, LinearConfiguration.stepBakeTimeInMinutes and
    // CanaryConfiguration.canaryBakeTimeInMinutes: 0-1440 (ECS API reference).
    private static final DurationBound BAKE = new DurationBound(Duration.ZERO, Duration.ofMinutes(1440), true,
            "ECS allows 0 to 1440 minutes (24h)");
    private static final Map<Input, DurationBound> DURATIONS = new EnumMap<>(Map.of(
            Input.BAKE_TIME, BAKE,
            Input.LINEAR_STEP_BAKE_TIME, BAKE,
            Input.CANARY_BAKE_TIME, BAKE,
            // The official amazon-ecs-deploy-task-definition action caps its wait at 360 minutes too.
            Input.TIMEOUT, new DurationBound(Duration.ofSeconds(1), Duration.ofHours(6), false,
                    "the wait is from 1s to 6h (360 minutes)"),
            Input.POLL_INTERVAL, new DurationBound(Duration.ofSeconds(1), Duration.ofMinutes(5), false,
                    "look from every 1s to every 5m"),
            // A GitHub-hosted job runs for at most 6 hours, so a longer one-off task could never be seen to finish.
            Input.RUN_TASK_TIMEOUT, new DurationBound(Duration.ofSeconds(1), Duration.ofHours(6), false,
                    "the one-off task may run from 1s to 6h")));

    // ECS LinearConfiguration.stepPercent: 3.0-100.0, CanaryConfiguration.canaryPercent: 0.1-100.0, both in
    // multiples of 0.1 (ECS API reference).
    private static final Map<Input, PercentBound> PERCENTS = new EnumMap<>(Map.of(
            Input.LINEAR_STEP_PERCENT, new PercentBound(new BigDecimal("3"), new BigDecimal("100"),
                    new BigDecimal("0.1"), "ECS shifts 3 to 100 percent per linear step, in steps of 0.1"),
            Input.CANARY_PERCENT, new PercentBound(new BigDecimal("0.1"), new BigDecimal("100"),
                    new BigDecimal("0.1"), "ECS shifts 0.1 to 100 percent to the canary, in steps of 0.1")));

    private InputBounds() {
    }

    /**
     * Throws {@link IllegalArgumentException} naming the bound when {@code value} (parsed from {@code text}) is
     * outside {@code input}'s range.
     */
    static void check(Input input, Object value, String text) {
        String given = "\"" + text.trim() + "\"";
        if (value instanceof Duration duration && DURATIONS.containsKey(input)) {
            check(DURATIONS.get(input), duration, given);
        } else if (value instanceof Double percent && PERCENTS.containsKey(input)) {
            check(PERCENTS.get(input), percent, given);
        }
    }

    private static void check(DurationBound bound, Duration duration, String given) {
        if (duration.compareTo(bound.min()) < 0) {
            throw new IllegalArgumentException(given + " is less than " + format(bound.min()) + "; " + bound.why());
        }
        if (duration.compareTo(bound.max()) > 0) {
            throw new IllegalArgumentException(given + " is more than " + format(bound.max()) + "; " + bound.why());
        }
        if (bound.wholeMinutes() && duration.toSecondsPart() != 0) {
            throw new IllegalArgumentException(given + " (" + format(duration) + ") is not whole minutes; ECS takes"
                    + " whole minutes, write e.g. 2m");
        }
    }

    private static void check(PercentBound bound, double percent, String given) {
        BigDecimal value = BigDecimal.valueOf(percent);
        if (value.compareTo(bound.min()) < 0 || value.compareTo(bound.max()) > 0
                || value.remainder(bound.step()).signum() != 0) {
            throw new IllegalArgumentException(given + " is outside the range: " + bound.why());
        }
    }

    /** A duration as users write it: 1h30m, 90s, 0s. */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        if (duration.toHours() > 0) {
            text.append(duration.toHours()).append('h');
        }
        if (duration.toMinutesPart() > 0) {
            text.append(duration.toMinutesPart()).append('m');
        }
        if (duration.toSecondsPart() > 0) {
            text.append(duration.toSecondsPart()).append('s');
        }
        return text.toString();
    }
}
