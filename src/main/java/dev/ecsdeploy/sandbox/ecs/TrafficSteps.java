package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How production traffic moves to the new revision in an ECS-native strategy, from the service's
 * {@code deploymentConfiguration}: BLUE_GREEN all at once; LINEAR {@code stepPercent} (default 10) every
 * {@code stepBakeTimeInMinutes} (default 6); CANARY {@code canaryPercent} (default 5), then the rest after
 * {@code canaryBakeTimeInMinutes} (default 10). Pure; table-tested.
 */
public final class TrafficSteps {
    private TrafficSteps() {
    }

    /** The production weight of the new revision after the step from {@code current} (0 before the first step). */
    public static double next(String strategy, JsonNode configuration, double current) {
        return switch (strategy) {
            case "LINEAR" -> {
                double step = configuration.path("linearConfiguration").path("stepPercent").asDouble(10.0);
                // Multiples of 0.1: round so ten 10 % steps reach exactly 100.
                yield Math.min(100.0, Math.round((current + step) * 10) / 10.0);
            }
            case "CANARY" -> current > 0 ? 100.0
                    : Math.min(100.0, configuration.path("canaryConfiguration").path("canaryPercent").asDouble(5.0));
            default -> 100.0;
        };
    }

    /** AWS seconds to wait at {@code weight} before the next step (none once all traffic has moved). */
    public static double waitAfter(String strategy, JsonNode configuration, double weight) {
        if (weight >= 100.0) {
            return 0;
        }
        return switch (strategy) {
            case "LINEAR" -> 60.0 * configuration.path("linearConfiguration").path("stepBakeTimeInMinutes").asInt(6);
            case "CANARY" -> 60.0 * configuration.path("canaryConfiguration").path("canaryBakeTimeInMinutes")
                    .asInt(10);
            default -> 0;
        };
    }

    /** AWS seconds of BAKE_TIME: both revisions run after production traffic has moved. */
    public static double bakeSeconds(JsonNode configuration) {
        return 60.0 * configuration.path("bakeTimeInMinutes").asInt(0);
    }
}
