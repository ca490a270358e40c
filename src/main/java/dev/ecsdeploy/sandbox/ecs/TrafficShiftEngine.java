package dev.ecsdeploy.sandbox.ecs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * ECS-native BLUE_GREEN, LINEAR and CANARY: the new (green) revision starts at the full desired count beside the old
 * (blue) one, then the service deployment walks the lifecycle stages in order (RECONCILE_SERVICE when more than one
 * revision is active, PRE_SCALE_UP,
 * SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT,
 * POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME, CLEAN_UP): test traffic moves to green, production traffic moves as
 * {@link TrafficSteps} says, both revisions run for {@code bakeTimeInMinutes}, then blue is scaled down.
 * A stage without hooks takes {@link #HOOK_STAGE_SECONDS}; one with hooks also waits for them
 * ({@link LifecycleHookCalls}: SUCCEEDED moves on, IN_PROGRESS is asked again, FAILED rolls back). Green tasks failing
 * (circuit breaker threshold) or a deployment alarm firing before CLEAN_UP rolls back: production traffic returns to
 * blue at once, green is scaled down, and the service deployment ends ROLLBACK_SUCCESSFUL.
 */
public final class TrafficShiftEngine implements DeploymentEngine {
    /** AWS seconds a stage without its own duration lasts before its hooks are invoked. */
    static final double HOOK_STAGE_SECONDS = 2;

    @Override
    public void started(EcsServiceState service, Deployment deployment, EcsRuntime runtime) {
        ServiceDeploymentRecord record = deployment.serviceDeployment;
        record.productionTrafficWeight = 0.0;
        record.testTrafficWeight = 0.0;
        if (deployment.rollback) {
            // Traffic goes back to the source revision first; then the target's tasks are scaled down.
            record.lifecycleStage = "PRODUCTION_TRAFFIC_SHIFT";
        } else {
            record.lifecycleStage = firstStage(record.sourceRevisionArns);
            deployment.targetGroupArn = greenTargetGroup(service);
        }
        record.stageUntil = runtime.clock.after(HOOK_STAGE_SECONDS);
    }

    /**
     * RECONCILE_SERVICE "only happens when you start a new service deployment with more than 1 service revision in
     * an ACTIVE state" (ECS API reference, DeploymentLifecycleHook / ServiceDeployment {@code lifecycleStage}): an
     * earlier deployment still running beside its source. Otherwise the deployment starts at PRE_SCALE_UP.
     */
    static String firstStage(List<String> activeRevisions) {
        return activeRevisions.size() > 1 ? "RECONCILE_SERVICE" : "PRE_SCALE_UP";
    }

    /** The target group production does not use now: the alternate one, or the primary after a swap. */
    private static String greenTargetGroup(EcsServiceState service) {
        String primary = service.targetGroupArn();
        String alternate = service.loadBalancers.isEmpty() ? null : service.loadBalancers.get(0)
                .path("advancedConfiguration").path("alternateTargetGroupArn").asText(null);
        Deployment blue = service.lastCompleted;
        if (alternate == null || blue == null) {
            // The service's first deployment serves from its primary target group.
            return null;
        }
        String production = blue.targetGroupArn == null ? primary : blue.targetGroupArn;
        return production.equals(primary) ? alternate : primary;
    }

    @Override
    public void tick(EcsServiceState service, EcsRuntime runtime) {
        Deployment primary = service.primary();
        if (primary == null) {
            return;
        }
        if (!primary.inProgress()) {
            keepDesired(service, primary, runtime);
            return;
        }
        if (primary.rollback) {
            rollbackTick(service, primary, runtime);
            return;
        }
        ServiceDeploymentRecord record = primary.serviceDeployment;
        if (!"CLEAN_UP".equals(record.lifecycleStage) && failed(service, primary, runtime)) {
            return;
        }
        if (!"RECONCILE_SERVICE".equals(record.lifecycleStage) && !"PRE_SCALE_UP".equals(record.lifecycleStage)) {
            keepDesired(service, primary, runtime);
        }
        Instant now = runtime.clock.now();
        boolean due = record.stageUntil == null || !record.stageUntil.isAfter(now);
        String strategy = record.deploymentConfiguration.path("strategy").asText("BLUE_GREEN");
        var configuration = record.deploymentConfiguration;
        switch (record.lifecycleStage) {
            case "RECONCILE_SERVICE" -> {
                if (due && hooksSucceeded(service, primary, runtime)) {
                    enter(record, "PRE_SCALE_UP", HOOK_STAGE_SECONDS, runtime);
                }
            }
            case "PRE_SCALE_UP" -> {
                if (due && hooksSucceeded(service, primary, runtime)) {
                    record.lifecycleStage = "SCALE_UP";
                    record.stageUntil = null;
                    record.updatedAt = now;
                    keepDesired(service, primary, runtime);
                }
            }
            case "SCALE_UP" -> {
                long healthy = runtime.liveTasksOf(primary).stream().filter(EcsTask::runningHealthy).count();
                if (healthy >= primary.desiredCount) {
                    enter(record, "POST_SCALE_UP", HOOK_STAGE_SECONDS, runtime);
                }
            }
            case "POST_SCALE_UP" -> {
                if (due && hooksSucceeded(service, primary, runtime)) {
                    record.testTrafficWeight = 100.0;
                    enter(record, "TEST_TRAFFIC_SHIFT", HOOK_STAGE_SECONDS, runtime);
                }
            }
            case "TEST_TRAFFIC_SHIFT" -> {
                if (due && hooksSucceeded(service, primary, runtime)) {
                    enter(record, "POST_TEST_TRAFFIC_SHIFT", HOOK_STAGE_SECONDS, runtime);
                }
            }
            case "POST_TEST_TRAFFIC_SHIFT" -> {
                if (due && hooksSucceeded(service, primary, runtime)) {
                    enter(record, "PRODUCTION_TRAFFIC_SHIFT", 0, runtime);
                    shift(service, record, strategy, runtime);
                }
            }
            case "PRODUCTION_TRAFFIC_SHIFT" -> {
                if (due && hooksSucceeded(service, primary, runtime)) {
                    if (record.productionTrafficWeight < 100.0) {
                        shift(service, record, strategy, runtime);
                    } else {
                        enter(record, "POST_PRODUCTION_TRAFFIC_SHIFT", HOOK_STAGE_SECONDS, runtime);
                    }
                }
            }
            case "POST_PRODUCTION_TRAFFIC_SHIFT" -> {
                if (due && hooksSucceeded(service, primary, runtime)) {
                    enter(record, "BAKE_TIME", TrafficSteps.bakeSeconds(configuration), runtime);
                }
            }
            case "BAKE_TIME" -> {
                if (due) {
                    enter(record, "CLEAN_UP", 0, runtime);
                    record.stageUntil = null;
                }
            }
            case "CLEAN_UP" -> {
                if (scaleDownOthers(service, primary, runtime)) {
                    runtime.complete(service, primary);
                }
            }
            default -> {
            }
        }
    }

    /**
     * The stage's lifecycle hooks have all answered SUCCEEDED (or it has none). PRODUCTION_TRAFFIC_SHIFT's run at
     * every traffic step, as ECS runs them for linear and canary. A FAILED answer has already rolled back.
     */
    private static boolean hooksSucceeded(EcsServiceState service, Deployment primary, EcsRuntime runtime) {
        ServiceDeploymentRecord record = primary.serviceDeployment;
        String step = "PRODUCTION_TRAFFIC_SHIFT".equals(record.lifecycleStage)
                ? format(record.productionTrafficWeight) : "";
        return LifecycleHookCalls.run(service, primary, record.lifecycleStage, step, runtime)
                == LifecycleHookCalls.Outcome.SUCCEEDED;
    }

    private static void enter(ServiceDeploymentRecord record, String stage, double awsSeconds, EcsRuntime runtime) {
        record.lifecycleStage = stage;
        record.stageUntil = runtime.clock.after(awsSeconds);
        record.updatedAt = runtime.clock.now();
    }

    /** One production traffic step; the stage lasts until the next step is due. */
    private static void shift(EcsServiceState service, ServiceDeploymentRecord record, String strategy,
                              EcsRuntime runtime) {
        double weight = TrafficSteps.next(strategy, record.deploymentConfiguration, record.productionTrafficWeight);
        record.productionTrafficWeight = weight;
        double wait = TrafficSteps.waitAfter(strategy, record.deploymentConfiguration, weight);
        record.stageUntil = runtime.clock.after(wait > 0 ? wait : HOOK_STAGE_SECONDS);
        record.updatedAt = runtime.clock.now();
        runtime.event(service, "(service " + service.name + ") shifted " + format(weight)
                + "% of production traffic to (service-revision " + record.targetRevisionArn + ").");
    }

    private static String format(double weight) {
        return weight == Math.rint(weight) ? String.valueOf((long) weight) : String.valueOf(weight);
    }

    /** The PRIMARY runs its desired count: failed green tasks are replaced, as ECS replaces them. */
    private static void keepDesired(EcsServiceState service, Deployment primary, EcsRuntime runtime) {
        if ("FAILED".equals(primary.rolloutState)) {
            return;
        }
        List<EcsTask> live = runtime.liveTasksOf(primary);
        List<EcsTask> started = new ArrayList<>();
        for (int count = live.size(); count < primary.desiredCount; count++) {
            started.add(runtime.launch(service, primary));
        }
        if (!started.isEmpty()) {
            runtime.event(service, "(service " + service.name + ") has started " + started.size() + " tasks: "
                    + EcsRuntime.taskList(started) + ".");
        }
        List<EcsTask> extra = live.size() > primary.desiredCount ? live.subList(primary.desiredCount, live.size())
                : List.of();
        for (EcsTask task : extra) {
            runtime.stop(task, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "
                    + primary.id + ")");
        }
    }

    /** Stops every task of the other deployments; true once they are all gone (and have left the list). */
    private static boolean scaleDownOthers(EcsServiceState service, Deployment primary, EcsRuntime runtime) {
        List<EcsTask> stopped = new ArrayList<>();
        for (EcsTask task : List.copyOf(runtime.tasks)) {
            if (service.name.equals(task.serviceName) && task.deployment != primary && task.live()) {
                runtime.stop(task, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "
                        + primary.id + ")");
                stopped.add(task);
            }
        }
        if (!stopped.isEmpty()) {
            runtime.event(service, "(service " + service.name + ") has stopped " + stopped.size()
                    + " running tasks: " + EcsRuntime.taskList(stopped) + ".");
        }
        service.deployments.removeIf(d -> d != primary && runtime.tasksOf(d).stream().allMatch(EcsTask::stopped));
        return service.deployments.size() == 1;
    }

    /** Production traffic back on the source revision, then the target's tasks scaled down. */
    private static void rollbackTick(EcsServiceState service, Deployment rollback, EcsRuntime runtime) {
        ServiceDeploymentRecord record = rollback.serviceDeployment;
        keepDesired(service, rollback, runtime);
        record.productionTrafficWeight = 0.0;
        record.testTrafficWeight = 0.0;
        Instant now = runtime.clock.now();
        if ("PRODUCTION_TRAFFIC_SHIFT".equals(record.lifecycleStage)) {
            if (record.stageUntil != null && record.stageUntil.isAfter(now)) {
                return;
            }
            // On rollback ECS runs the TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT hooks again.
            for (String stage : List.of("PRODUCTION_TRAFFIC_SHIFT", "TEST_TRAFFIC_SHIFT")) {
                if (LifecycleHookCalls.run(service, rollback, stage, "", runtime)
                        != LifecycleHookCalls.Outcome.SUCCEEDED) {
                    return;
                }
            }
            enter(record, "CLEAN_UP", 0, runtime);
        }
        boolean othersGone = scaleDownOthers(service, rollback, runtime);
        long healthy = runtime.liveTasksOf(rollback).stream().filter(EcsTask::runningHealthy).count();
        if (othersGone && healthy >= rollback.desiredCount) {
            runtime.complete(service, rollback);
        }
    }

    /**
     * Green tasks failing (the circuit breaker threshold, whether or not the breaker is configured: these strategies
     * always roll back) or a deployment alarm in ALARM: the deployment fails and rolls back. True when it did.
     */
    private static boolean failed(EcsServiceState service, Deployment primary, EcsRuntime runtime) {
        ServiceDeploymentRecord record = primary.serviceDeployment;
        int threshold = EcsRuntime.circuitBreakerThreshold(primary.desiredCount);
        if (!primary.everHealthy && primary.failedTasks >= threshold) {
            if (!"DISABLED".equals(record.circuitBreakerStatus)) {
                record.circuitBreakerStatus = "TRIGGERED";
            }
            runtime.fail(service, primary, "ECS deployment circuit breaker: tasks failed to start.",
                    "tasks failed to start", "ECS deployment circuit breaker",
                    "the circuit breaker threshold was exceeded", true);
            return true;
        }
        if (runtime.alarmsEnabled(service)) {
            List<String> firing = runtime.alarmsFiring(service);
            if (!firing.isEmpty()) {
                record.alarmsStatus = "TRIGGERED";
                record.triggeredAlarmNames = firing;
                runtime.fail(service, primary, "ECS deployment alarm(s) detected: " + String.join(", ", firing)
                        + ".", "alarm detected", "ECS deployment alarms", "alarm(s) " + String.join(", ", firing)
                        + " went into ALARM", true);
                return true;
            }
        }
        return false;
    }
}
