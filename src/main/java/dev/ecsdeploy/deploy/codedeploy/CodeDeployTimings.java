package dev.ecsdeploy.deploy.codedeploy;

import dev.ecsdeploy.util.Decision;
import java.time.Duration;
import software.amazon.awssdk.services.codedeploy.model.BlueGreenDeploymentConfiguration;
import software.amazon.awssdk.services.codedeploy.model.TrafficRoutingConfig;

/**
 * The least time a CodeDeploy ECS deployment takes by its config and group: the canary or linear intervals, then the
 * wait before the original task set is terminated (the deployment finishes only after it). A timeout shorter than
 * that can only end in a timeout and a rollback, so planning warns about it. Pure.
 */
@Decision
final class CodeDeployTimings {
    private CodeDeployTimings() {
    }

    /**
     * @param routing             the deployment config's traffic routing (null: all at once)
     * @param blueGreen           the deployment group's blue/green settings (null: none)
     * @param untilTrafficShifted {@code wait-until: traffic-shifted}: the termination wait is not waited for
     */
    static Duration minimum(TrafficRoutingConfig routing, BlueGreenDeploymentConfiguration blueGreen,
                            boolean untilTrafficShifted) {
        long minutes = 0;
        if (routing != null && routing.type() != null) {
            switch (routing.typeAsString()) {
                case "TimeBasedCanary" -> minutes += orZero(routing.timeBasedCanary() == null ? null
                        : routing.timeBasedCanary().canaryInterval());
                case "TimeBasedLinear" -> {
                    var linear = routing.timeBasedLinear();
                    if (linear != null && linear.linearPercentage() != null && linear.linearPercentage() > 0) {
                        long steps = (100 + linear.linearPercentage() - 1) / linear.linearPercentage();
                        minutes += (steps - 1) * orZero(linear.linearInterval());
                    }
                }
                default -> {
                }
            }
        }
        if (!untilTrafficShifted && blueGreen != null && blueGreen.terminateBlueInstancesOnDeploymentSuccess() != null) {
            minutes += orZero(blueGreen.terminateBlueInstancesOnDeploymentSuccess().terminationWaitTimeInMinutes());
        }
        return Duration.ofMinutes(minutes);
    }

    /** True when the group makes every deployment wait for someone to continue it (ContinueDeployment). */
    static boolean waitsForApproval(BlueGreenDeploymentConfiguration blueGreen) {
        return blueGreen != null && blueGreen.deploymentReadyOption() != null
                && "STOP_DEPLOYMENT".equals(blueGreen.deploymentReadyOption().actionOnTimeoutAsString());
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
