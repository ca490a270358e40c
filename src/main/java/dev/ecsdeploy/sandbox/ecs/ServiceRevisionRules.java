package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What ECS refuses when UpdateService puts a revision on a service (API reference, UpdateService and "Amazon ECS
 * task networking options"): a revision whose {@code compatibilities} lack the service's launch type, or whose network
 * mode does not fit the service's network configuration (awsvpc needs one, the other modes must not have one). ECS
 * answers InvalidParameterException. Pure.
 */
public final class ServiceRevisionRules {
    private ServiceRevisionRules() {
    }

    /**
     * @param launchType           the service's launch type (FARGATE, EC2, EXTERNAL)
     * @param networkConfiguration the service's network configuration after this update (null or empty: none)
     * @param taskDefinition       the registered revision as DescribeTaskDefinition shows it
     */
    public static Optional<String> refusal(String launchType, JsonNode networkConfiguration, JsonNode taskDefinition) {
        boolean compatible = false;
        for (JsonNode compatibility : taskDefinition.path("compatibilities")) {
            compatible |= compatibility.asText().equals(launchType);
        }
        if (!compatible) {
            return Optional.of("Task definition does not support launch_type " + launchType + ".");
        }
        boolean awsvpc = "awsvpc".equals(taskDefinition.path("networkMode").asText("bridge"));
        boolean configured = networkConfiguration != null && !networkConfiguration.path("awsvpcConfiguration")
                .isMissingNode() && !networkConfiguration.path("awsvpcConfiguration").isNull();
        if (awsvpc && !configured) {
            return Optional.of("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        }
        if (!awsvpc && configured) {
            return Optional.of("Network Configuration is not valid for the given networkMode of this task"
                    + " definition.");
        }
        return Optional.empty();
    }
}
