package dev.ecsdeploy.preflight;

import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Whether a rolling deployment can move at all. ECS keeps at least minimumHealthyPercent of the desired count running
 * (rounded up) and at most maximumPercent (rounded down) (API reference, DeploymentConfiguration): it can only replace
 * a task when it may start one above the desired count, or stop one below it. Pure.
 */
public final class DeploymentPercentages {
    private DeploymentPercentages() {
    }

    /** The deploy inputs that bear on it; null when not given. */
    public record Given(String strategy, Integer minimumHealthyPercent, Integer maximumPercent, Integer desiredCount) {
    }

    /**
     * For a rolling deployment of an ECS-controlled, replica service: the percentages given, else the service's, else
     * ECS's defaults (100, 200), against the desired count given, else the service's. The problem names the input to
     * change (minimum-healthy-percent unless only maximum-percent was given).
     */
    public static Optional<Problem> forService(Given given, Service service) {
        boolean ecsController = service.deploymentController() == null
                || "ECS".equals(service.deploymentController().typeAsString());
        DeploymentConfiguration configuration = service.deploymentConfiguration();
        String configured = configuration == null ? null : configuration.strategyAsString();
        boolean rolling = "rolling".equals(given.strategy()) || ((given.strategy() == null
                || "auto".equals(given.strategy())) && (configured == null || "ROLLING".equals(configured)));
        // A DAEMON service runs one task per instance and replaces it in place: the percentages mean something else.
        boolean daemon = "DAEMON".equals(service.schedulingStrategyAsString());
        if (!ecsController || !rolling || daemon) {
            return Optional.empty();
        }
        int minimum = firstOf(given.minimumHealthyPercent(),
                configuration == null ? null : configuration.minimumHealthyPercent(), 100);
        int maximum = firstOf(given.maximumPercent(), configuration == null ? null : configuration.maximumPercent(),
                200);
        int desired = firstOf(given.desiredCount(), service.desiredCount(), 1);
        String input = given.minimumHealthyPercent() != null || given.maximumPercent() == null
                ? "minimum-healthy-percent" : "maximum-percent";
        return problem(minimum, maximum, desired)
                .map(message -> new Problem(input, null, "Service " + service.serviceName() + ": " + message));
    }

    private static int firstOf(Integer given, Integer configured, int fallback) {
        return given != null ? given : configured != null ? configured : fallback;
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
