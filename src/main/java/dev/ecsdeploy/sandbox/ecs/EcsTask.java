package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A task and where it is in its life. Guarded by the world lock. */
public final class EcsTask {
    /** ECS task states in order; a task moves forward only. */
    public enum State { PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED }

    public final String id;
    public final String arn;
    public final String serviceName;
    public final TaskDefinitionRecord taskDefinition;
    public final TaskFate fate;
    public final Instant createdAt;
    /** The ECS deployment that owns the task ({@code ecs-svc/...}); a rollback adopts its target's tasks. */
    public Deployment deployment;
    public State state = State.PROVISIONING;
    public String desiredStatus = "RUNNING";
    /** When the task takes its next step on its own (null: it waits for the scheduler). */
    public Instant nextAt;
    public Instant pullStartedAt;
    public Instant pullStoppedAt;
    public Instant startedAt;
    public Instant stoppingAt;
    public Instant stoppedAt;
    /** Passed its load balancer health checks (counts as healthy for minimumHealthyPercent and completion). */
    public boolean healthy;
    public String stopCode;
    public String stoppedReason;
    public Integer exitCode;
    public String containerReason;
    /** Counted against the circuit breaker. */
    public boolean failed;
    public final List<String> logLines = new ArrayList<>();
    /** Its tags, fixed when it starts: managed and propagated ones (DescribeTasks shows them with include TAGS). */
    public final ArrayNode tags = Wire.array();
    /** A task started by RunTask rather than by a service: its own startedBy, group and command overrides. */
    public OneOffTasks.Launch oneOff;

    public EcsTask(String id, String arn, String serviceName, TaskDefinitionRecord taskDefinition,
                   Deployment deployment, TaskFate fate, Instant createdAt) {
        this.id = id;
        this.arn = arn;
        this.serviceName = serviceName;
        this.taskDefinition = taskDefinition;
        this.deployment = deployment;
        this.fate = fate;
        this.createdAt = createdAt;
    }

    /** ECS gave up starting it (the image, secrets or log group): stopped at once with the fate's reason. */
    void failedToStart(Instant now) {
        desiredStatus = "STOPPED";
        stopCode = "TaskFailedToStart";
        stoppedReason = fate.reason();
        containerReason = fate.reason();
        stoppingAt = now;
        stoppedAt = now;
        state = State.STOPPED;
        nextAt = null;
    }

    /** Not stopped and not on its way out: counts toward the deployment's tasks. */
    public boolean live() {
        return "RUNNING".equals(desiredStatus) && state != State.STOPPED;
    }

    public boolean stopped() {
        return state == State.STOPPED;
    }

    /** What ECS shows as {@code startedBy}: the deployment id for a service's task, RunTask's for a one-off. */
    public String startedBy() {
        return oneOff != null ? oneOff.startedBy() : deployment.id;
    }

    /** What ECS shows as {@code group}: {@code service:NAME}, or RunTask's group ({@code family:FAMILY} by default). */
    public String group() {
        return oneOff != null ? oneOff.group() : "service:" + serviceName;
    }

    public boolean runningHealthy() {
        return live() && state == State.RUNNING && healthy;
    }
}
