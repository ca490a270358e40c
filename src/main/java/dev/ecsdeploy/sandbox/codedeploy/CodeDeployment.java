package dev.ecsdeploy.sandbox.codedeploy;

import dev.ecsdeploy.sandbox.ecs.Deployment;
import dev.ecsdeploy.sandbox.ecs.TaskDefinitionRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One CodeDeploy deployment of an ECS service, as GetDeployment and GetDeploymentTarget show it. World lock. */
public final class CodeDeployment {
    /** ECS lifecycle events in the order they run. */
    public static final List<String> EVENTS = List.of("BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic",
            "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic");

    /** One lifecycle event of the ECS target. */
    public static final class Event {
        public String status = "Pending";
        public Instant startTime;
        public Instant endTime;
    }

    public final String id;
    public final String application;
    public final String group;
    public final String serviceName;
    public final DeploymentConfigs.Config config;
    public final String description;
    public final TaskDefinitionRecord taskDefinition;
    public final Map<String, String> hooks;
    public final String sha256;
    public final Instant createTime;
    /** Automatic rollback: enabled, and on which events (the request's, else the group's). */
    public final boolean autoRollback;
    public final List<String> autoRollbackEvents;
    /** Set when this deployment is CodeDeploy's automatic rollback of another. */
    public final CodeDeployment rollbackOf;
    public final Map<String, Event> events = new LinkedHashMap<>();

    public String status = "Created";
    public Instant startTime;
    public Instant completeTime;
    public String errorCode;
    public String errorMessage;
    public String rollbackDeploymentId;
    public String rollbackMessage;
    /** The task set losing traffic and the one gaining it (for a rollback: the replacement, then the original). */
    public Deployment from;
    public Deployment to;
    /** Real instant the current step (status, hook, traffic step, termination wait) is over. */
    public Instant until;
    public int eventIndex;
    public boolean terminationWait;
    public boolean terminationWaitStarted;
    /** The original task set is being stopped; the deployment succeeds once it is gone. */
    public boolean terminating;
    /** The group's blue/green settings when this deployment was created (UpdateDeploymentGroup changes later ones). */
    public String readyAction = CodeDeployEngine.CONTINUE_DEPLOYMENT;
    public int readyWaitMinutes;
    public int terminationWaitMinutes = CodeDeployEngine.TERMINATION_WAIT_MINUTES;

    public CodeDeployment(String id, String application, String group, String serviceName,
                          DeploymentConfigs.Config config, String description, TaskDefinitionRecord taskDefinition,
                          Map<String, String> hooks, String sha256, Instant createTime, boolean autoRollback,
                          List<String> autoRollbackEvents, CodeDeployment rollbackOf) {
        this.id = id;
        this.application = application;
        this.group = group;
        this.serviceName = serviceName;
        this.config = config;
        this.description = description;
        this.taskDefinition = taskDefinition;
        this.hooks = hooks;
        this.sha256 = sha256;
        this.createTime = createTime;
        this.autoRollback = autoRollback;
        this.autoRollbackEvents = autoRollbackEvents;
        this.rollbackOf = rollbackOf;
        EVENTS.forEach(event -> events.put(event, new Event()));
    }

    /** Succeeded, Failed or Stopped. */
    public boolean finished() {
        return switch (status) {
            case "Succeeded", "Failed", "Stopped" -> true;
            default -> false;
        };
    }

    public String currentEvent() {
        return eventIndex < EVENTS.size() ? EVENTS.get(eventIndex) : null;
    }

    /**
     * The ECS target's status (TargetStatus). Through the termination wait the target is already Succeeded while the
     * deployment is still InProgress: CodeDeploy "starts waiting (if configured) immediately after marking the target
     * status as Succeeded" (aws/containers-roadmap#269, a CodeDeploy engineer).
     */
    public String targetStatus() {
        if ("InProgress".equals(status) && (terminationWait || terminating) && rollbackOf == null) {
            return "Succeeded";
        }
        return switch (status) {
            case "Created", "Queued" -> "Pending";
            case "Succeeded" -> "Succeeded";
            case "Failed", "Stopped" -> "Failed";
            case "Ready" -> "Ready";
            default -> "InProgress";
        };
    }
}
