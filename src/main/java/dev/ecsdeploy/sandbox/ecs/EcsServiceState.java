package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;

/** One ECS service. Guarded by the world lock. */
public final class EcsServiceState {
    /** What {@code events[]} holds at most, as ECS. */
    static final int MAX_EVENTS = 100;

    public final String name;
    public final String arn;
    public final String deploymentController;
    /** Every service of the world runs on Fargate (EcsJson shows it). */
    public final String launchType = "FARGATE";
    public final Instant createdAt;
    public final ArrayNode loadBalancers;
    public final ObjectNode networkConfiguration;
    public ObjectNode deploymentConfiguration;
    public int desiredCount;
    /** Whose tags the service's tasks get: SERVICE, TASK_DEFINITION or NONE (UpdateService changes it). */
    public String propagateTags = "NONE";
    /** Tasks get aws:ecs:clusterName and aws:ecs:serviceName. */
    public boolean enableEcsManagedTags = true;
    /** The service's own tags (what propagateTags SERVICE copies); the seeded services have none. */
    public final ArrayNode tags = Wire.array();
    /** Newest first; the first is PRIMARY. */
    public final List<Deployment> deployments = new ArrayList<>();
    public final List<ServiceDeploymentRecord> serviceDeployments = new ArrayList<>();
    public final List<ServiceRevisionRecord> revisions = new ArrayList<>();
    /** Newest first. */
    public final LinkedList<ObjectNode> events = new LinkedList<>();
    public ServiceDeploymentRecord currentServiceDeployment;
    /** Where a rollback goes: the revision of the last deployment that reached COMPLETED. */
    public Deployment lastCompleted;

    public EcsServiceState(String name, String arn, String deploymentController, Instant createdAt,
                           ArrayNode loadBalancers, ObjectNode networkConfiguration,
                           ObjectNode deploymentConfiguration, int desiredCount) {
        this.name = name;
        this.arn = arn;
        this.deploymentController = deploymentController;
        this.createdAt = createdAt;
        this.loadBalancers = loadBalancers;
        this.networkConfiguration = networkConfiguration;
        this.deploymentConfiguration = deploymentConfiguration;
        this.desiredCount = desiredCount;
    }

    public Deployment primary() {
        return deployments.isEmpty() ? null : deployments.getFirst();
    }

    public String strategy() {
        String strategy = deploymentConfiguration.path("strategy").asText("");
        return strategy.isEmpty() ? "ROLLING" : strategy;
    }

    public String targetGroupArn() {
        return loadBalancers.isEmpty() ? null : loadBalancers.get(0).path("targetGroupArn").asText(null);
    }

    public int containerPort() {
        return loadBalancers.isEmpty() ? 8080 : loadBalancers.get(0).path("containerPort").asInt(8080);
    }
}
