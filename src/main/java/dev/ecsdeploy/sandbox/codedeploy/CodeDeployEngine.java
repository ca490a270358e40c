package dev.ecsdeploy.sandbox.codedeploy;

import dev.ecsdeploy.sandbox.core.Ids;
import dev.ecsdeploy.sandbox.ecs.Deployment;
import dev.ecsdeploy.sandbox.ecs.DeploymentEngine;
import dev.ecsdeploy.sandbox.ecs.EcsRuntime;
import dev.ecsdeploy.sandbox.ecs.EcsServiceState;
import dev.ecsdeploy.sandbox.ecs.EcsTask;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * CodeDeploy blue/green for CODE_DEPLOY services, in scaled time. A deployment goes Created → Queued → InProgress
 * through the ECS lifecycle events (BeforeInstall, Install: the replacement task set at the full desired count and
 * healthy, AfterInstall, AllowTestTraffic, AfterAllowTestTraffic, BeforeAllowTraffic, AllowTraffic: production
 * traffic moved in the config's steps, AfterAllowTraffic); the replacement then becomes the PRIMARY task set, the
 * original is kept for the group's termination wait and stopped, and the deployment Succeeded. AppSpec hooks are
 * answered Succeeded after {@link #HOOK_SECONDS}. A replacement whose tasks keep failing (the ECS circuit-breaker
 * count) fails the deployment (ECS_UPDATE_ERROR); with automatic rollback a new deployment (creator autoRollback)
 * puts all traffic back on the original task set and removes the replacement. When the group's
 * deploymentReadyOption is STOP_DEPLOYMENT, the deployment is Ready after AfterAllowTestTraffic (test traffic on the
 * replacement, production still on the original) until ContinueDeployment(READY_WAIT), or until its
 * waitTimeInMinutes pass: then it is Stopped, and rolled back when the group rolls back automatically.
 */
public final class CodeDeployEngine implements DeploymentEngine {
    /** AWS seconds a hooked lifecycle event takes (its Lambda answers Succeeded), and other short steps. */
    static final double HOOK_SECONDS = 2;
    static final double STATUS_SECONDS = 5;
    static final double TEST_TRAFFIC_SECONDS = 1;
    /** The deployment group's blue/green settings. */
    static final int TERMINATION_WAIT_MINUTES = 5;
    static final String CONTINUE_DEPLOYMENT = "CONTINUE_DEPLOYMENT";
    static final String STOP_DEPLOYMENT = "STOP_DEPLOYMENT";
    /** The deployment group's blue/green settings now (UpdateDeploymentGroup); a deployment keeps its own copy. */
    String readyAction = CONTINUE_DEPLOYMENT;
    int readyWaitMinutes;
    int terminationWaitMinutes = TERMINATION_WAIT_MINUTES;
    static final List<String> GROUP_ROLLBACK_EVENTS = List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM");
    static final String BLUE_TARGET_GROUP = "web-cd-blue";
    static final String GREEN_TARGET_GROUP = "web-cd-green";

    /** Every deployment, oldest first. */
    final List<CodeDeployment> deployments = new ArrayList<>();
    private final Map<String, String> productionTargetGroup = new HashMap<>();

    @Override
    public void tick(EcsServiceState service, EcsRuntime runtime) {
        Optional<CodeDeployment> active = active(service.name);
        if (active.isEmpty()) {
            maintain(service, runtime);
            return;
        }
        CodeDeployment d = active.get();
        Instant now = runtime.clock.now();
        boolean due = d.until == null || !d.until.isAfter(now);
        switch (d.status) {
            case "Created" -> {
                if (due) {
                    d.status = "Queued";
                    d.until = runtime.clock.after(STATUS_SECONDS);
                }
            }
            case "Queued" -> {
                if (due) {
                    d.status = "InProgress";
                    d.startTime = now;
                    begin(service, d, runtime);
                }
            }
            case "InProgress" -> progress(service, d, due, runtime);
            case "Ready" -> {
                if (due) {
                    fail(service, d, "TIMEOUT", "The deployment was stopped: nobody continued it within the"
                            + " deployment group's ready wait of " + d.readyWaitMinutes
                            + (d.readyWaitMinutes == 1 ? " minute" : " minutes")
                            + " (deploymentReadyOption STOP_DEPLOYMENT).", "Stopped", d.autoRollback, runtime);
                }
            }
            default -> {
            }
        }
    }

    /** Every deployment, oldest first (read-only; for the state endpoint). */
    public List<CodeDeployment> deployments() {
        return java.util.Collections.unmodifiableList(deployments);
    }

    Optional<CodeDeployment> active(String serviceName) {
        return deployments.stream().filter(d -> d.serviceName.equals(serviceName) && !d.finished()).findFirst();
    }

    Optional<CodeDeployment> find(String id) {
        return deployments.stream().filter(d -> d.id.equals(id)).findFirst();
    }

    static String newId() {
        return "d-" + Ids.alnum(9).toUpperCase(Locale.ROOT);
    }

    /** The target group the production listener sends to now. */
    String productionTargetGroup(String serviceName) {
        return productionTargetGroup.getOrDefault(serviceName, BLUE_TARGET_GROUP);
    }

    private void progress(EcsServiceState service, CodeDeployment d, boolean due, EcsRuntime runtime) {
        if (d.terminating) {
            stopTasks(service, d.from, d.to, runtime);
            if (runtime.tasksOf(d.from).stream().allMatch(EcsTask::stopped)) {
                service.deployments.remove(d.from);
                runtime.complete(service, d.to);
                productionTargetGroup.put(service.name, d.to.targetGroupName);
                d.terminating = false;
                d.status = "Succeeded";
                d.completeTime = runtime.clock.now();
            }
            return;
        }
        if (d.terminationWait) {
            if (due) {
                d.terminationWait = false;
                d.terminating = true;
            }
            return;
        }
        String event = d.currentEvent();
        switch (event) {
            case "Install" -> {
                keepDesired(service, d.to, runtime);
                int threshold = EcsRuntime.circuitBreakerThreshold(d.to.desiredCount);
                if (!d.to.everHealthy && d.to.failedTasks >= threshold) {
                    fail(service, d, "ECS_UPDATE_ERROR", "The ECS deployment failed: " + d.to.failedTasks
                            + " tasks of the replacement task set " + d.to.id + " failed to start or failed their"
                            + " health checks in target group " + d.to.targetGroupName + ".", "Failed",
                            d.autoRollback && d.autoRollbackEvents.contains("DEPLOYMENT_FAILURE"), runtime);
                    return;
                }
                long healthy = runtime.liveTasksOf(d.to).stream().filter(EcsTask::runningHealthy).count();
                if (healthy >= d.to.desiredCount) {
                    end(service, d, runtime);
                }
            }
            case "AllowTraffic" -> {
                if (due) {
                    if (d.to.trafficWeight < 100.0) {
                        shift(d, runtime);
                    } else {
                        end(service, d, runtime);
                    }
                }
            }
            default -> {
                if (due) {
                    end(service, d, runtime);
                }
            }
        }
    }

    /** Starts the current lifecycle event. */
    private void begin(EcsServiceState service, CodeDeployment d, EcsRuntime runtime) {
        String event = d.currentEvent();
        CodeDeployment.Event state = d.events.get(event);
        state.status = "InProgress";
        state.startTime = runtime.clock.now();
        d.until = runtime.clock.now();
        switch (event) {
            case "Install" -> {
                if (d.to == null) {
                    d.to = runtime.newTaskSet(service, d.taskDefinition);
                    d.to.externalId = d.id;
                    d.to.targetGroupName = BLUE_TARGET_GROUP.equals(productionTargetGroup(service.name))
                            ? GREEN_TARGET_GROUP : BLUE_TARGET_GROUP;
                    d.to.targetGroupArn = service.targetGroupArn() == null ? null : service.targetGroupArn()
                            .replace("/" + BLUE_TARGET_GROUP + "/", "/" + d.to.targetGroupName + "/");
                    if (d.from.targetGroupName == null) {
                        d.from.targetGroupName = productionTargetGroup(service.name);
                    }
                }
                keepDesired(service, d.to, runtime);
            }
            case "AllowTestTraffic" -> {
                d.to.testTrafficWeight = 100;
                d.from.testTrafficWeight = 0;
                d.until = runtime.clock.after(TEST_TRAFFIC_SECONDS);
            }
            case "AllowTraffic" -> shift(d, runtime);
            default -> {
                if (d.hooks.containsKey(event)) {
                    d.until = runtime.clock.after(HOOK_SECONDS);
                }
            }
        }
    }

    /** One production traffic step by the deployment's config. */
    private static void shift(CodeDeployment d, EcsRuntime runtime) {
        double weight = d.config.next(d.to.trafficWeight);
        d.to.trafficWeight = weight;
        d.from.trafficWeight = 100.0 - weight;
        double wait = d.config.waitAfter(weight);
        d.until = runtime.clock.after(wait > 0 ? wait : TEST_TRAFFIC_SECONDS);
    }

    /** Ends the current event; after the last one the replacement is PRIMARY and the original waits, then goes. */
    private void end(EcsServiceState service, CodeDeployment d, EcsRuntime runtime) {
        CodeDeployment.Event state = d.events.get(d.currentEvent());
        state.status = "Succeeded";
        state.endTime = runtime.clock.now();
        d.eventIndex++;
        if ("BeforeAllowTraffic".equals(d.currentEvent()) && d.rollbackOf == null
                && STOP_DEPLOYMENT.equals(d.readyAction)) {
            // Test traffic is on the replacement; production traffic waits for ContinueDeployment(READY_WAIT).
            d.status = "Ready";
            d.until = runtime.clock.after(60.0 * d.readyWaitMinutes);
            return;
        }
        if (d.currentEvent() != null) {
            begin(service, d, runtime);
            return;
        }
        runtime.makePrimaryTaskSet(service, d.to);
        d.from.status = "ACTIVE";
        if (d.rollbackOf != null) {
            d.terminating = true;
        } else {
            d.terminationWait = true;
            d.terminationWaitStarted = true;
            d.until = runtime.clock.after(60.0 * d.terminationWaitMinutes);
        }
    }

    /** ContinueDeployment(READY_WAIT): production traffic starts to shift now. False when it is not Ready. */
    boolean endReadyWait(EcsServiceState service, CodeDeployment d, EcsRuntime runtime) {
        if (!"Ready".equals(d.status)) {
            return false;
        }
        d.status = "InProgress";
        begin(service, d, runtime);
        return true;
    }

    /** ContinueDeployment(TERMINATION_WAIT): the original task set goes now. */
    boolean endTerminationWait(CodeDeployment d) {
        if (!d.terminationWait) {
            return false;
        }
        d.terminationWait = false;
        d.terminating = true;
        return true;
    }

    /**
     * The deployment ends Failed or Stopped. With rollback, a new deployment moves all traffic back to the original
     * task set; without, the task set that has the production traffic stays and the other goes.
     *
     * @return whether a rollback deployment was started: not when asked not to, nor when there is nothing to roll
     *         back (no replacement task set yet, a rollback deployment itself, the original already terminating)
     */
    boolean fail(EcsServiceState service, CodeDeployment d, String code, String message, String status,
              boolean rollback, EcsRuntime runtime) {
        Instant now = runtime.clock.now();
        for (int i = d.eventIndex; i < CodeDeployment.EVENTS.size(); i++) {
            CodeDeployment.Event state = d.events.get(CodeDeployment.EVENTS.get(i));
            if ("InProgress".equals(state.status)) {
                state.status = "Failed";
                state.endTime = now;
            } else if ("Pending".equals(state.status) && d.startTime != null) {
                state.status = "Skipped";
            }
        }
        d.status = status;
        d.errorCode = code;
        d.errorMessage = message;
        d.completeTime = now;
        d.terminationWait = false;
        d.until = null;
        if (d.to == null || d.rollbackOf != null) {
            return false;
        }
        if (d.terminating) {
            // The original was already on its way out: there is nothing left to roll back to.
            d.rollbackMessage = "The original task set was already being terminated; the deployment was not rolled"
                    + " back.";
            return false;
        }
        if (rollback) {
            CodeDeployment r = new CodeDeployment(newId(), d.application, d.group, d.serviceName,
                    DeploymentConfigs.find("CodeDeployDefault.ECSAllAtOnce").orElseThrow(),
                    "Automatic rollback of " + d.id, d.from.taskDefinition, Map.of(), null, now, false, List.of(), d);
            r.from = d.to;
            r.to = d.from;
            r.status = "InProgress";
            r.startTime = now;
            r.rollbackMessage = null;
            d.rollbackDeploymentId = r.id;
            d.rollbackMessage = "Automatic rollback " + r.id + " moves traffic back to the original task set "
                    + d.from.id + ".";
            deployments.add(r);
            begin(service, r, runtime);
            return true;
        }
        Deployment keep = d.to.trafficWeight >= 100.0 ? d.to : d.from;
        Deployment drop = keep == d.to ? d.from : d.to;
        keep.trafficWeight = 100;
        keep.testTrafficWeight = 100;
        drop.trafficWeight = 0;
        drop.testTrafficWeight = 0;
        if (keep == d.to) {
            runtime.makePrimaryTaskSet(service, keep);
            productionTargetGroup.put(service.name, keep.targetGroupName);
        }
        stopTasks(service, drop, keep, runtime);
        return false;
    }

    /** No deployment runs: the PRIMARY task set holds the desired count, any other task set is stopped and goes. */
    private static void maintain(EcsServiceState service, EcsRuntime runtime) {
        Deployment primary = service.primary();
        if (primary == null) {
            return;
        }
        keepDesired(service, primary, runtime);
        for (Deployment other : List.copyOf(service.deployments)) {
            if (other != primary) {
                stopTasks(service, other, primary, runtime);
            }
        }
        service.deployments.removeIf(d -> d != primary && runtime.tasksOf(d).stream().allMatch(EcsTask::stopped));
    }

    private static void keepDesired(EcsServiceState service, Deployment taskSet, EcsRuntime runtime) {
        taskSet.desiredCount = service.desiredCount;
        List<EcsTask> live = runtime.liveTasksOf(taskSet);
        List<EcsTask> started = new ArrayList<>();
        for (int count = live.size(); count < taskSet.desiredCount; count++) {
            started.add(runtime.launch(service, taskSet));
        }
        if (!started.isEmpty()) {
            runtime.event(service, "(service " + service.name + ", taskSet " + taskSet.id + ") has started "
                    + started.size() + " tasks: " + EcsRuntime.taskList(started) + ".");
        }
        for (EcsTask task : live.size() > taskSet.desiredCount ? live.subList(taskSet.desiredCount, live.size())
                : List.<EcsTask>of()) {
            runtime.stop(task, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "
                    + taskSet.id + ")");
        }
    }

    private static void stopTasks(EcsServiceState service, Deployment taskSet, Deployment by, EcsRuntime runtime) {
        List<EcsTask> stopped = new ArrayList<>();
        for (EcsTask task : runtime.liveTasksOf(taskSet)) {
            runtime.stop(task, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment " + by.id
                    + ")");
            stopped.add(task);
        }
        if (!stopped.isEmpty()) {
            runtime.event(service, "(service " + service.name + ", taskSet " + taskSet.id + ") has stopped "
                    + stopped.size() + " running tasks: " + EcsRuntime.taskList(stopped) + ".");
        }
    }
}
