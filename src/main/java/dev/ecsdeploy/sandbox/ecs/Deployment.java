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
