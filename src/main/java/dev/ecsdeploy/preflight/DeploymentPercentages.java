package dev.ecsdeploy.preflight;

import java.util.Optional;

/**
 * Whether a rolling deployment can move at all. ECS keeps at least minimumHealthyPercent of the desired count running
 * (rounded up) and at most maximumPercent (rounded down) (API reference, DeploymentConfiguration): it can only replace
 * a task when it may start one above the desired count, or stop one below it. Pure.
 */
public final class DeploymentPercentages {
    private DeploymentPercentages() {
    }

    /** What keeps the deployment from progressing, or empty when it can. */
    public static Optional<String> problem(int minimumHealthy, int maximum, int desiredCount) {
        if (minimumHealthy > maximum) {
            return Optional.of("minimum-healthy-percent " + minimumHealthy + " is above maximum-percent " + maximum
                    + ": ECS cannot keep more tasks healthy than it may run. Lower minimum-healthy-percent or raise"
                    + " maximum-percent.");
        }
        if (desiredCount == 0) {
            return Optional.empty();
        }
        long most = (long) desiredCount * maximum / 100;
        long least = ((long) desiredCount * minimumHealthy + 99) / 100;
        if (most > desiredCount || least < desiredCount) {
            return Optional.empty();
        }
        return Optional.of("With " + desiredCount + " desired task" + (desiredCount == 1 ? "" : "s")
                + ", minimum-healthy-percent " + minimumHealthy + " and maximum-percent " + maximum + ", ECS may"
                + " neither start a task above " + desiredCount + " (at most " + most + ") nor stop one below it (at"
                + " least " + least + "): the deployment could never progress. Raise maximum-percent (200 lets it"
                + " start a full set) or lower minimum-healthy-percent below 100.");
    }
}
