package dev.ecsdeploy.sandbox.ecs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The ECS rolling update: start tasks of the PRIMARY deployment up to {@code maximumPercent}, stop older tasks while
 * at least {@code minimumHealthyPercent} stay healthy, fail by the circuit breaker (0.5 × desired, min 3, max 200) or a
 * deployment alarm, and complete once the PRIMARY runs its desired count healthy and nothing else runs.
 */
public final class RollingEngine implements DeploymentEngine {

    @Override
    public void tick(EcsServiceState service, EcsRuntime runtime) {
        Deployment first = service.primary();
        if (first == null) {
            return;
        }
        if (first.inProgress()) {
            checkFailure(service, first, runtime);
        }
        Deployment primary = service.primary();
        int desired = primary.desiredCount;
        int maxPercent = service.deploymentConfiguration.path("maximumPercent").asInt(200);
        int minPercent = service.deploymentConfiguration.path("minimumHealthyPercent").asInt(100);
        int maxTotal = Math.max(1, (int) Math.floor(desired * maxPercent / 100.0));
        int minHealthy = (int) Math.ceil(desired * minPercent / 100.0);

        List<EcsTask> live = runtime.tasks.stream().filter(t -> t.live() && service.name.equals(t.serviceName))
                .toList();
        List<EcsTask> primaryLive = live.stream().filter(t -> t.deployment == primary).toList();

        // Launch for the PRIMARY within maximumPercent (a FAILED deployment launches nothing).
        if (!"FAILED".equals(primary.rolloutState)) {
            int total = live.size();
            List<EcsTask> started = new ArrayList<>();
            for (int count = primaryLive.size(); count < desired && total < maxTotal; count++, total++) {
                started.add(runtime.launch(service, primary));
            }
            if (!started.isEmpty()) {
                runtime.event(service, "(service " + service.name + ") has started " + started.size() + " tasks: "
                        + EcsRuntime.taskList(started) + ".");
            }
        }

        // Stop tasks of older deployments (and PRIMARY extras after a scale-in), keeping minimumHealthyPercent.
        long healthy = live.stream().filter(EcsTask::runningHealthy).count();
        List<EcsTask> candidates = new ArrayList<>(live.stream().filter(t -> t.deployment != primary).toList());
        if (primaryLive.size() > desired) {
            candidates.addAll(primaryLive.subList(desired, primaryLive.size()));
        }
        candidates.sort(Comparator.comparing(EcsTask::runningHealthy));
        List<EcsTask> stopped = new ArrayList<>();
        for (EcsTask task : candidates) {
            if (task.runningHealthy()) {
                if (healthy - 1 < minHealthy) {
                    continue;
                }
                healthy--;
            }
            runtime.stop(task, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "
                    + primary.id + ")");
            stopped.add(task);
        }
        if (!stopped.isEmpty()) {
            runtime.event(service, "(service " + service.name + ") has stopped " + stopped.size()
                    + " running tasks: " + EcsRuntime.taskList(stopped) + ".");
        }

        // Older deployments whose tasks are all gone leave the list.
        service.deployments.removeIf(d -> d != primary && runtime.tasksOf(d).stream().allMatch(EcsTask::stopped));

        // Steady state.
        long primaryHealthy = runtime.liveTasksOf(primary).stream().filter(EcsTask::runningHealthy).count();
        if (primary.inProgress() && primaryHealthy >= desired && service.deployments.size() == 1
                && runtime.liveTasksOf(primary).size() == desired) {
            runtime.complete(service, primary);
        }
    }

    /** Circuit breaker and deployment alarms; true when the deployment failed (and maybe rolled back). */
    private boolean checkFailure(EcsServiceState service, Deployment primary, EcsRuntime runtime) {
        var breaker = service.deploymentConfiguration.path("deploymentCircuitBreaker");
        ServiceDeploymentRecord record = primary.serviceDeployment;
        int threshold = EcsRuntime.circuitBreakerThreshold(primary.desiredCount);
        if (!breaker.path("enable").asBoolean(false) && primary.failedTasks >= threshold
                && !primary.startImpairedReported) {
            // Without a breaker ECS keeps trying, and says so.
            primary.startImpairedReported = true;
            runtime.event(service, "(service " + service.name + ") is unable to consistently start tasks"
                    + " successfully. For more information, see the Troubleshooting section of the Amazon ECS"
                    + " Developer Guide.");
        }
        if (breaker.path("enable").asBoolean(false) && !primary.everHealthy && primary.failedTasks >= threshold) {
            record.circuitBreakerStatus = "TRIGGERED";
            runtime.fail(service, primary, "ECS deployment circuit breaker: tasks failed to start.",
                    "tasks failed to start", "ECS deployment circuit breaker",
                    "the circuit breaker threshold was exceeded", breaker.path("rollback").asBoolean(false));
            return true;
        }
        if (runtime.alarmsEnabled(service) && !primary.rollback) {
            List<String> firing = runtime.alarmsFiring(service);
            if (!firing.isEmpty()) {
                record.alarmsStatus = "TRIGGERED";
                record.triggeredAlarmNames = firing;
                boolean rollback = service.deploymentConfiguration.path("alarms").path("rollback").asBoolean(false);
                runtime.fail(service, primary, "ECS deployment alarm(s) detected: " + String.join(", ", firing) + ".",
                        "alarm detected", "ECS deployment alarms",
                        "alarm(s) " + String.join(", ", firing) + " went into ALARM", rollback);
                return true;
            }
        }
        return false;
    }
}
