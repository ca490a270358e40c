package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A service deployment as ListServiceDeployments / DescribeServiceDeployments show it. Guarded by the world lock. */
public final class ServiceDeploymentRecord {
    public final String arn;
    public final String serviceName;
    public final String targetRevisionArn;
    public final List<String> sourceRevisionArns;
    public final Instant createdAt;
    public final ObjectNode deploymentConfiguration;
    public String status = "PENDING";
    public String statusReason;
    public String lifecycleStage = "RECONCILE_SERVICE";
    public Instant startedAt;
    public Instant finishedAt;
    public Instant stoppedAt;
    public Instant updatedAt;
    public String rollbackReason;
    public Instant rollbackStartedAt;
    public String rollbackRevisionArn;
    public String circuitBreakerStatus = "DISABLED";
    public int circuitBreakerThreshold;
    public String alarmsStatus = "DISABLED";
    public List<String> alarmNames = new ArrayList<>();
    public List<String> triggeredAlarmNames = new ArrayList<>();
    /**
     * BLUE_GREEN / LINEAR / CANARY: the share (0-100) of production and test traffic the target revision is asked
     * to get; the source revisions share the rest. Null for ROLLING (the API leaves the fields out).
     */
    public Double productionTrafficWeight;
    public Double testTrafficWeight;
    /** When the current lifecycle stage (or traffic step, or bake) is over; null: the stage waits for its tasks. */
    public java.time.Instant stageUntil;
    /** Each lifecycle hook's invocations so far, by stage, traffic step and function. */
    final java.util.Map<String, LifecycleHookCalls.Call> hookCalls = new java.util.HashMap<>();
    /** The deployment that carries it out now (the rollback's once one starts). */
    public Deployment current;

    public ServiceDeploymentRecord(String arn, String serviceName, String targetRevisionArn,
                                   List<String> sourceRevisionArns, Instant createdAt,
                                   ObjectNode deploymentConfiguration) {
        this.arn = arn;
        this.serviceName = serviceName;
        this.targetRevisionArn = targetRevisionArn;
        this.sourceRevisionArns = sourceRevisionArns;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.deploymentConfiguration = deploymentConfiguration;
    }

    /** Completed stage: SUCCESSFUL, STOPPED, ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED. */
    public boolean finished() {
        return switch (status) {
            case "SUCCESSFUL", "STOPPED", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED" -> true;
            default -> false;
        };
    }
}
