package dev.ecsdeploy.preflight;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Whether the service can run the rendered revision: what UpdateService refuses with InvalidParameterException (the
 * revision's compatibilities against the service's launch type or capacity providers; awsvpc against the service's
 * network configuration). Pure.
 */
public final class ServiceRules {
    private static final String AWSVPC = "awsvpc";

    private ServiceRules() {
    }

    public static List<Problem> check(RegisterTaskDefinitionRequest task, Service service) {
        List<Problem> problems = new ArrayList<>();
        Set<String> needs = launchTypesOf(service);
        List<String> compatibilities = task.requiresCompatibilitiesAsStrings();
        for (String launchType : needs) {
            boolean supported = compatibilities.isEmpty() ? canRunWithoutDeclaring(task, launchType)
                    : compatibilities.contains(launchType);
            if (!supported) {
                problems.add(Problem.at("requiresCompatibilities", "The service " + service.serviceName() + " runs "
                        + launchType + " tasks, but the task definition " + (compatibilities.isEmpty()
                        ? "does not qualify for " + launchType + " (it needs networkMode awsvpc and task cpu and"
                        + " memory, or \"requiresCompatibilities\": [\"" + launchType + "\"])"
                        : "requires " + String.join(", ", compatibilities)) + ". ECS would refuse the update with"
                        + " \"Task definition does not support launch_type " + launchType + "\"."));
            }
        }
        boolean serviceAwsvpc = service.networkConfiguration() != null
                && service.networkConfiguration().awsvpcConfiguration() != null;
        boolean taskAwsvpc = AWSVPC.equals(task.networkModeAsString());
        if (serviceAwsvpc && !taskAwsvpc) {
            problems.add(Problem.at("networkMode", "The service " + service.serviceName() + " has an awsvpc network"
                    + " configuration (subnets, security groups), but the task definition's networkMode is "
                    + (task.networkModeAsString() == null ? "not set (bridge)" : task.networkModeAsString())
                    + ": set \"networkMode\": \"awsvpc\"."));
        } else if (!serviceAwsvpc && taskAwsvpc) {
            problems.add(Problem.at("networkMode", "The task definition uses networkMode awsvpc, but the service "
                    + service.serviceName() + " has no awsvpc network configuration (subnets, security groups) to"
                    + " give its tasks; use the service's network mode or recreate the service with one."));
        }
        return problems;
    }

    /** The launch types the service starts tasks with: its launch type, or those behind its capacity providers. */
    static Set<String> launchTypesOf(Service service) {
        Set<String> types = new LinkedHashSet<>();
        if (service.launchType() != null) {
            types.add(service.launchTypeAsString());
        }
        for (CapacityProviderStrategyItem item : service.capacityProviderStrategy()) {
            String provider = item.capacityProvider();
            // FARGATE and FARGATE_SPOT are Fargate's own providers; any other is an Auto Scaling group of EC2.
            types.add(provider.equals("FARGATE") || provider.equals("FARGATE_SPOT") ? "FARGATE" : "EC2");
        }
        return types;
    }

    /** Without requiresCompatibilities ECS works out the compatibilities: EC2 always, Fargate when it fits. */
    private static boolean canRunWithoutDeclaring(RegisterTaskDefinitionRequest task, String launchType) {
        if (!launchType.equals("FARGATE")) {
            return true;
        }
        return AWSVPC.equals(task.networkModeAsString()) && task.cpu() != null && task.memory() != null;
    }
}
