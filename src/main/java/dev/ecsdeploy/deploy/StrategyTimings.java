package dev.ecsdeploy.deploy;

import dev.ecsdeploy.util.Decision;
import java.time.Duration;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;

/**
 * The least time an ECS-native deployment takes by its own configuration: the waits between traffic steps and the
 * bake time. A timeout shorter than that can only end in a timeout and a rollback, so planning warns about it. Pure.
 */
@Decision
final class StrategyTimings {
    /** ECS's defaults when the service does not set them. */
    private static final double DEFAULT_STEP_PERCENT = 10.0;
    private static final int DEFAULT_STEP_BAKE_MINUTES = 6;
    private static final int DEFAULT_CANARY_BAKE_MINUTES = 10;

    private StrategyTimings() {
    }

    /**
     * @param untilTrafficShifted {@code wait-until: traffic-shifted}: the final bake time is not waited for
     */
    static Duration minimum(Strategy strategy, DeploymentConfiguration configuration, boolean untilTrafficShifted) {
        if (strategy == Strategy.ROLLING || strategy == Strategy.CODEDEPLOY) {
            return Duration.ZERO;
        }
        long minutes = 0;
        if (strategy == Strategy.LINEAR) {
            var linear = configuration.linearConfiguration();
            double step = linear == null || linear.stepPercent() == null ? DEFAULT_STEP_PERCENT : linear.stepPercent();
            int wait = linear == null || linear.stepBakeTimeInMinutes() == null ? DEFAULT_STEP_BAKE_MINUTES
                    : linear.stepBakeTimeInMinutes();
            // No wait after the step that reaches 100%.
            long steps = (long) Math.ceil(100.0 / step - 1e-9);
            minutes += (steps - 1) * wait;
        }
        if (strategy == Strategy.CANARY) {
            var canary = configuration.canaryConfiguration();
            minutes += canary == null || canary.canaryBakeTimeInMinutes() == null ? DEFAULT_CANARY_BAKE_MINUTES
                    : canary.canaryBakeTimeInMinutes();
        }
        if (!untilTrafficShifted && configuration.bakeTimeInMinutes() != null) {
            minutes += configuration.bakeTimeInMinutes();
        }
        return Duration.ofMinutes(minutes);
    }
}
