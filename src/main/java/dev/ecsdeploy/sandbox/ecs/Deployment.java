package dev.ecsdeploy.sandbox.ecs;

import java.time.Instant;

/** An entry of a service's {@code deployments[]} ({@code ecs-svc/...}). Guarded by the world lock. */
public final class Deployment {
    public final String id;
    public final TaskDefinitionRecord taskDefinition;
    public final Instant createdAt;
    /** The service deployment (ListServiceDeployments) this deployment carries out; a rollback shares it. */
    public final ServiceDeploymentRecord serviceDeployment;
    public final String serviceRevisionArn;
    /** Started by a rollback: it restores the last completed revision. */
    public final boolean rollback;
    public String status = "PRIMARY";
    public int desiredCount;
    public String rolloutState = "IN_PROGRESS";
    public String rolloutStateReason;
    public int failedTasks;
    /** One of its tasks passed health checks: the circuit breaker no longer counts for it. */
    public boolean everHealthy;
    public Instant updatedAt;
    /** A CODE_DEPLOY task set's share (0-100) of production and test traffic, as CodeDeploy shifts it. */
    public double trafficWeight = 100;
    public double testTrafficWeight = 100;
    /** The target group its tasks register in (blue/green alternate between two); null: the service's. */
    public String targetGroupArn;
    /** A CODE_DEPLOY task set's target group (the blue or green one of the deployment group's pair). */
    public String targetGroupName;
    /** A CODE_DEPLOY task set's CodeDeploy deployment id (its externalId); null for ECS deployments. */
    public String externalId;
    /** The "unable to consistently start tasks" event was given (once per deployment). */
    public boolean startImpairedReported;

    public Deployment(String id, TaskDefinitionRecord taskDefinition, int desiredCount, Instant createdAt,
                      ServiceDeploymentRecord serviceDeployment, String serviceRevisionArn, boolean rollback) {
        this.id = id;
        this.taskDefinition = taskDefinition;
        this.desiredCount = desiredCount;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.serviceDeployment = serviceDeployment;
        this.serviceRevisionArn = serviceRevisionArn;
        this.rollback = rollback;
    }

    public boolean inProgress() {
        return "IN_PROGRESS".equals(rolloutState);
    }
}
