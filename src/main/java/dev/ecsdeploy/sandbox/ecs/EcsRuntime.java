package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.sandbox.cloudwatch.AlarmStore;
import dev.ecsdeploy.sandbox.core.Ids;
import dev.ecsdeploy.sandbox.core.SimClock;
import dev.ecsdeploy.sandbox.core.Wire;
import dev.ecsdeploy.sandbox.logs.LogStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ECS control plane of the sandbox: the cluster's services, task definitions and tasks, the lives of tasks in
 * (scaled) time, and the deployment bookkeeping every engine shares (start, fail, roll back, complete). All methods
 * are called with the world lock held.
 */
public final class EcsRuntime {
    /** AWS seconds each step of a task's life takes (before the time scale). */
    static final double PROVISIONING_SECONDS = 2;
    static final double PULL_SECONDS = 5;
    static final double HEALTHY_AFTER_SECONDS = 8;
    static final double UNHEALTHY_AFTER_SECONDS = 15;
    static final double CRASH_AFTER_SECONDS = 4;
    static final double DRAIN_SECONDS = 4;
    static final double STOPPING_SECONDS = 2;
    /** From StopServiceDeployment to the start of its rollback: how long ROLLBACK_REQUESTED shows. */
    static final double ROLLBACK_START_SECONDS = 2;

    public final String region;
    public final String account;
    public final String clusterName;
    public final String clusterArn;
    public final Scenario scenario;
    public final SimClock clock;
    private final TaskFates.Facts facts;
    private final LogStore logs;
    private final AlarmStore alarms;
    private final Map<String, DeploymentEngine> engines = new HashMap<>();
    private final DeploymentEngine defaultEngine = new RollingEngine();
    public final Map<String, EcsServiceState> services = new LinkedHashMap<>();
    public final Map<String, List<TaskDefinitionRecord>> taskDefinitions = new LinkedHashMap<>();
    public final List<EcsTask> tasks = new ArrayList<>();
    /** RunTask's client tokens in this cluster, each with what it was asked and answered (OneOffTasks). */
    final Map<String, OneOffTasks.TokenUse> runTaskTokens = new HashMap<>();
    /** The Lambda functions lifecycle hooks invoke: their scripted answers and every invocation. */
    public final LambdaFunctions lambdas = new LambdaFunctions();

    TaskFates.Facts facts() {
        return facts;
    }

    public EcsRuntime(String region, String account, String clusterName, Scenario scenario, SimClock clock,
                      TaskFates.Facts facts, LogStore logs, AlarmStore alarms) {
        this.region = region;
        this.account = account;
        this.clusterName = clusterName;
        this.clusterArn = arn("cluster/" + clusterName);
        this.scenario = scenario;
        this.clock = clock;
        this.facts = facts;
        this.logs = logs;
        this.alarms = alarms;
        engines.put("ROLLING", defaultEngine);
    }

    public String arn(String resource) {
        return "arn:aws:ecs:" + region + ":" + account + ":" + resource;
    }

    /** Plugs in the engine for a {@code deploymentConfiguration.strategy} (ROLLING, BLUE_GREEN, LINEAR, CANARY). */
    public void register(String strategy, DeploymentEngine engine) {
        engines.put(strategy, engine);
    }

    /**
     * The engine for the service: a CODE_DEPLOY service's is registered as "CODE_DEPLOY"; otherwise the one for its
     * strategy; strategies without their own engine roll.
     */
    public DeploymentEngine engineFor(EcsServiceState service) {
        if ("CODE_DEPLOY".equals(service.deploymentController) && engines.containsKey("CODE_DEPLOY")) {
            return engines.get("CODE_DEPLOY");
        }
        return engines.getOrDefault(service.strategy(), defaultEngine);
    }

    // ---- task definitions -------------------------------------------------------------------------------------

    public TaskDefinitionRecord addTaskDefinition(String family, boolean seeded, ObjectNode json,
                                                  com.fasterxml.jackson.databind.node.ArrayNode tags) {
        List<TaskDefinitionRecord> revisions = taskDefinitions.computeIfAbsent(family, f -> new ArrayList<>());
        int revision = revisions.isEmpty() ? 1 : revisions.getLast().revision + 1;
        String arn = arn("task-definition/" + family + ":" + revision);
        Instant now = clock.now();
        json.put("taskDefinitionArn", arn);
        json.put("family", family);
        json.put("revision", revision);
        json.put("status", "ACTIVE");
        Wire.putTime(json, "registeredAt", now);
        json.put("registeredBy", "arn:aws:iam::" + account + ":user/sandbox");
        TaskDefinitionRecord record = new TaskDefinitionRecord(family, revision, arn, seeded, json, tags, now);
        revisions.add(record);
        return record;
    }

    /** By family (latest ACTIVE revision), family:revision, or ARN. */
    public Optional<TaskDefinitionRecord> findTaskDefinition(String reference) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String name = reference.startsWith("arn:") ? reference.substring(reference.indexOf("task-definition/") + 16)
                : reference;
        int colon = name.lastIndexOf(':');
        if (colon < 0) {
            return taskDefinitions.getOrDefault(name, List.of()).reversed().stream().filter(td -> td.active)
                    .findFirst();
        }
        String family = name.substring(0, colon);
        String revision = name.substring(colon + 1);
        return taskDefinitions.getOrDefault(family, List.of()).stream()
                .filter(td -> String.valueOf(td.revision).equals(revision)).findFirst();
    }

    // ---- deployments ------------------------------------------------------------------------------------------

    /** Makes a new PRIMARY deployment of {@code taskDefinition} under a new service deployment. */
    public Deployment startDeployment(EcsServiceState service, TaskDefinitionRecord taskDefinition) {
        Instant now = clock.now();
        ServiceRevisionRecord revision = newRevision(service, taskDefinition, now);
        List<String> sources = service.deployments.stream().map(d -> d.serviceRevisionArn).distinct().toList();
        String sdArn = arn("service-deployment/" + clusterName + "/" + service.name + "/" + Ids.alnum(20));
        ServiceDeploymentRecord record = new ServiceDeploymentRecord(sdArn, service.name, revision.arn(), sources,
                now, service.deploymentConfiguration.deepCopy());
        record.status = "IN_PROGRESS";
        record.startedAt = now;
        boolean breaker = service.deploymentConfiguration.path("deploymentCircuitBreaker").path("enable")
                .asBoolean(false);
        record.circuitBreakerStatus = breaker ? "MONITORING" : "DISABLED";
        record.circuitBreakerThreshold = circuitBreakerThreshold(service.desiredCount);
        if (alarmsEnabled(service)) {
            record.alarmsStatus = "MONITORING";
            record.alarmNames = alarmNames(service);
        }
        if (service.currentServiceDeployment != null && !service.currentServiceDeployment.finished()) {
            ServiceDeploymentRecord superseded = service.currentServiceDeployment;
            superseded.status = "STOPPED";
            superseded.statusReason = "Service deployment stopped because a new service deployment started.";
            superseded.stoppedAt = now;
            superseded.finishedAt = now;
            superseded.updatedAt = now;
        }
        service.serviceDeployments.add(record);
        service.currentServiceDeployment = record;
        Deployment deployment = new Deployment("ecs-svc/" + Ids.digits19(), taskDefinition, service.desiredCount,
                now, record, revision.arn(), false);
        deployment.rolloutStateReason = "ECS deployment " + deployment.id + " in progress.";
        record.current = deployment;
        makePrimary(service, deployment);
        engineFor(service).started(service, deployment, this);
        return deployment;
    }

    /**
     * A CODE_DEPLOY service's new task set (ACTIVE, no traffic yet): a deployment that is not PRIMARY, under a
     * service deployment of its own that ListServiceDeployments does not show (ECS lists those only for the ECS
     * controller).
     */
    public Deployment newTaskSet(EcsServiceState service, TaskDefinitionRecord taskDefinition) {
        Instant now = clock.now();
        ServiceRevisionRecord revision = newRevision(service, taskDefinition, now);
        ServiceDeploymentRecord record = new ServiceDeploymentRecord(arn("service-deployment/" + clusterName + "/"
                + service.name + "/" + Ids.alnum(20)), service.name, revision.arn(), List.of(), now,
                service.deploymentConfiguration.deepCopy());
        record.status = "IN_PROGRESS";
        record.startedAt = now;
        Deployment taskSet = new Deployment("ecs-svc/" + Ids.digits19(), taskDefinition, service.desiredCount, now,
                record, revision.arn(), false);
        taskSet.status = "ACTIVE";
        taskSet.trafficWeight = 0;
        taskSet.testTrafficWeight = 0;
        record.current = taskSet;
        service.deployments.add(taskSet);
        return taskSet;
    }

    /** The task set takes over: PRIMARY (the service's taskDefinition follows it), the others ACTIVE. */
    public void makePrimaryTaskSet(EcsServiceState service, Deployment taskSet) {
        service.deployments.remove(taskSet);
        makePrimary(service, taskSet);
        taskSet.status = "PRIMARY";
        taskSet.updatedAt = clock.now();
    }

    /**
     * Rolls the service back to its last COMPLETED revision: a new PRIMARY deployment that adopts the tasks still
     * running that revision, under the same service deployment (ROLLBACK_IN_PROGRESS).
     */
    public void rollBack(EcsServiceState service, Deployment failed, String rollbackReason) {
        Instant now = clock.now();
        Deployment target = service.lastCompleted;
        ServiceDeploymentRecord record = failed.serviceDeployment;
        if (target == null) {
            record.status = "ROLLBACK_FAILED";
            record.statusReason = "There is no completed deployment to roll back to.";
            record.finishedAt = now;
            record.updatedAt = now;
            return;
        }
        Deployment rollback = new Deployment("ecs-svc/" + Ids.digits19(), target.taskDefinition, service.desiredCount,
                now, record, target.serviceRevisionArn, true);
        rollback.rolloutStateReason = rollbackReason;
        rollback.targetGroupArn = target.targetGroupArn;
        for (EcsTask task : tasks) {
            if (task.deployment == target && !task.stopped()) {
                task.deployment = rollback;
            }
        }
        service.deployments.remove(target);
        record.status = "ROLLBACK_IN_PROGRESS";
        record.rollbackReason = record.statusReason;
        record.rollbackStartedAt = now;
        record.rollbackRevisionArn = target.serviceRevisionArn;
        record.updatedAt = now;
        record.current = rollback;
        makePrimary(service, rollback);
        event(service, "(service " + service.name + ") rolling back to deployment " + target.id + ".");
        engineFor(service).started(service, rollback, this);
    }

    private void makePrimary(EcsServiceState service, Deployment deployment) {
        for (Deployment other : service.deployments) {
            other.status = "ACTIVE";
        }
        service.deployments.addFirst(deployment);
    }

    /** The deployment reached its steady state. */
    public void complete(EcsServiceState service, Deployment deployment) {
        Instant now = clock.now();
        deployment.rolloutState = "COMPLETED";
        deployment.rolloutStateReason = "ECS deployment " + deployment.id + " completed.";
        deployment.updatedAt = now;
        service.lastCompleted = deployment;
        ServiceDeploymentRecord record = deployment.serviceDeployment;
        if (record.current == deployment && !record.finished()) {
            if (record.productionTrafficWeight != null) {
                // A traffic-shifting deployment ends in CLEAN_UP with all traffic on the revision that won.
                double target = deployment.rollback ? 0.0 : 100.0;
                record.productionTrafficWeight = target;
                record.testTrafficWeight = target;
                record.lifecycleStage = "CLEAN_UP";
                record.stageUntil = null;
            }
            record.status = deployment.rollback ? "ROLLBACK_SUCCESSFUL" : "SUCCESSFUL";
            if (!deployment.rollback) {
                record.statusReason = null;
            }
            record.finishedAt = now;
            record.updatedAt = now;
            if ("MONITORING".equals(record.circuitBreakerStatus)) {
                record.circuitBreakerStatus = "MONITORING_COMPLETE";
            }
            if ("MONITORING".equals(record.alarmsStatus)) {
                record.alarmsStatus = "MONITORING_COMPLETE";
            }
        }
        event(service, "(service " + service.name + ") (deployment " + deployment.id + ") deployment completed.");
        event(service, "(service " + service.name + ") has reached a steady state.");
    }

    /**
     * The deployment failed (circuit breaker or alarm): FAILED, no more tasks for it, and a rollback when the
     * service asks for one.
     *
     * @param monitor "ECS deployment circuit breaker" or "ECS deployment alarms": how the rollback names its cause
     * @param cause   why, for the service deployment's status reason ("the circuit breaker threshold was exceeded")
     */
    public void fail(EcsServiceState service, Deployment deployment, String rolloutReason, String eventReason,
                     String monitor, String cause, boolean rollback) {
        Instant now = clock.now();
        deployment.rolloutState = "FAILED";
        deployment.rolloutStateReason = rolloutReason;
        deployment.updatedAt = now;
        event(service, "(service " + service.name + ") (deployment " + deployment.id + ") deployment failed: "
                + eventReason + ".");
        ServiceDeploymentRecord record = deployment.serviceDeployment;
        record.updatedAt = now;
        if (deployment.rollback) {
            record.status = "ROLLBACK_FAILED";
            record.statusReason = "Service deployment rollback failed because " + cause + ".";
            record.finishedAt = now;
        } else if (rollback && service.lastCompleted != null) {
            record.statusReason = "Service deployment rolled back because " + cause + ".";
            rollBack(service, deployment, monitor + ": rolling back to deploymentId " + service.lastCompleted.id
                    + ".");
        } else {
            record.status = "STOPPED";
            record.statusReason = "Service deployment stopped because " + cause + ".";
            record.stoppedAt = now;
            record.finishedAt = now;
        }
    }

    public static int circuitBreakerThreshold(int desiredCount) {
        return Math.min(200, Math.max(3, (int) Math.ceil(0.5 * desiredCount)));
    }

    public boolean alarmsEnabled(EcsServiceState service) {
        return service.deploymentConfiguration.path("alarms").path("enable").asBoolean(false);
    }

    public List<String> alarmNames(EcsServiceState service) {
        return Wire.textList(service.deploymentConfiguration.path("alarms"), "alarmNames");
    }

    /** Configured deployment alarms now in ALARM. */
    public List<String> alarmsFiring(EcsServiceState service) {
        return alarmNames(service).stream()
                .filter(name -> alarms.find(name).map(a -> "ALARM".equals(a.state)).orElse(false)).toList();
    }

    private ServiceRevisionRecord newRevision(EcsServiceState service, TaskDefinitionRecord taskDefinition,
                                              Instant now) {
        ServiceRevisionRecord revision = new ServiceRevisionRecord(arn("service-revision/" + clusterName + "/"
                + service.name + "/" + Ids.digits19()), service.name, taskDefinition, now);
        service.revisions.add(revision);
        return revision;
    }

    /** For the seeded world: a COMPLETED first deployment whose tasks already run. */
    public Deployment seedDeployment(EcsServiceState service, TaskDefinitionRecord taskDefinition, Instant at) {
        Deployment deployment = startDeployment(service, taskDefinition);
        for (int i = 0; i < service.desiredCount; i++) {
            EcsTask task = launch(service, deployment);
            task.state = EcsTask.State.RUNNING;
            task.pullStartedAt = at;
            task.pullStoppedAt = at;
            task.startedAt = at;
            task.healthy = true;
            task.nextAt = null;
            deployment.everHealthy = true;
            writeLogs(task, List.of("> app@1.0.0 start", "Server listening on port " + service.containerPort()));
        }
        service.events.clear();
        complete(service, deployment);
        return deployment;
    }

    // ---- tasks ------------------------------------------------------------------------------------------------

    public List<EcsTask> tasksOf(Deployment deployment) {
        return tasks.stream().filter(t -> t.deployment == deployment).toList();
    }

    public List<EcsTask> liveTasksOf(Deployment deployment) {
        return tasks.stream().filter(t -> t.deployment == deployment && t.live()).toList();
    }

    /** Starts a task for the deployment; what becomes of it is decided now. */
    public EcsTask launch(EcsServiceState service, Deployment deployment) {
        String id = Ids.hex32();
        TaskFate fate = TaskFates.decide(scenario, deployment.taskDefinition, targetGroupOf(service, deployment),
                facts);
        EcsTask task = new EcsTask(id, arn("task/" + clusterName + "/" + id), service.name, deployment.taskDefinition,
                deployment, fate, clock.now());
        task.nextAt = clock.after(PROVISIONING_SECONDS);
        serviceTags(service, deployment, task);
        tasks.add(task);
        return task;
    }

    /**
     * What a service's task is tagged with: aws:ecs:clusterName and aws:ecs:serviceName when managed tags are on,
     * and the service's or the revision's tags as propagateTags says (ECS Developer Guide, "Tagging your Amazon ECS
     * resources": managed tags and tag propagation).
     */
    private void serviceTags(EcsServiceState service, Deployment deployment, EcsTask task) {
        if (service.enableEcsManagedTags) {
            task.tags.addObject().put("key", "aws:ecs:clusterName").put("value", clusterName);
            task.tags.addObject().put("key", "aws:ecs:serviceName").put("value", service.name);
        }
        switch (service.propagateTags) {
            case "SERVICE" -> service.tags.forEach(tag -> task.tags.add(tag.deepCopy()));
            case "TASK_DEFINITION" -> deployment.taskDefinition.tags.forEach(tag -> task.tags.add(tag.deepCopy()));
            default -> {
            }
        }
    }

    /** Where the deployment's tasks register: its own target group (blue/green), else the service's. */
    public static String targetGroupOf(EcsServiceState service, Deployment deployment) {
        return deployment.targetGroupArn != null ? deployment.targetGroupArn : service.targetGroupArn();
    }

    /** The scheduler stops a task (scale-in, replaced by a deployment). */
    public void stop(EcsTask task, String stopCode, String reason) {
        if (!task.live()) {
            return;
        }
        Instant now = clock.now();
        task.desiredStatus = "STOPPED";
        task.stopCode = stopCode;
        task.stoppedReason = reason;
        task.stoppingAt = now;
        if (task.state == EcsTask.State.RUNNING) {
            task.state = EcsTask.State.DEACTIVATING;
            task.nextAt = clock.after(DRAIN_SECONDS);
            if (task.exitCode == null) {
                task.exitCode = 0;
            }
        } else {
            task.state = EcsTask.State.STOPPED;
            task.stoppedAt = now;
            task.nextAt = null;
        }
    }

    /** Moves every task whose time has come one step forward. */
    public void advanceTasks() {
        Instant now = clock.now();
        Map<Map.Entry<EcsServiceState, String>, List<String>> registered = new LinkedHashMap<>();
        for (EcsTask task : List.copyOf(tasks)) {
            if (task.nextAt == null || task.nextAt.isAfter(now)) {
                continue;
            }
            if (task.oneOff != null) {
                OneOffTasks.advance(this, task, now);
                continue;
            }
            EcsServiceState service = services.get(task.serviceName);
            switch (task.state) {
                case PROVISIONING -> {
                    if (task.fate.kind() == TaskFate.Kind.CANNOT_INITIALIZE
                            && task.fate.reason().startsWith(TaskFates.INIT_SECRETS)) {
                        failToStart(service, task, now);
                    } else {
                        task.state = EcsTask.State.PENDING;
                        task.pullStartedAt = now;
                        task.nextAt = clock.after(PULL_SECONDS);
                    }
                }
                case PENDING -> {
                    if (task.fate.failsToStart()) {
                        if (task.fate.kind() == TaskFate.Kind.CANNOT_INITIALIZE) {
                            task.pullStoppedAt = now;
                        }
                        failToStart(service, task, now);
                    } else {
                        task.state = EcsTask.State.RUNNING;
                        task.pullStoppedAt = now;
                        task.startedAt = now;
                        writeLogs(task, List.of("> app@1.0.0 start", "Server listening on port "
                                + service.containerPort()));
                        task.nextAt = clock.after(switch (task.fate.kind()) {
                            case CRASHES -> CRASH_AFTER_SECONDS;
                            case FAILS_HEALTH_CHECKS -> UNHEALTHY_AFTER_SECONDS;
                            default -> HEALTHY_AFTER_SECONDS;
                        });
                    }
                }
                case RUNNING -> runningStep(service, task, now, registered);
                case DEACTIVATING -> {
                    task.state = EcsTask.State.STOPPING;
                    task.nextAt = clock.after(STOPPING_SECONDS);
                }
                case STOPPING, DEPROVISIONING -> {
                    task.state = EcsTask.State.STOPPED;
                    task.stoppedAt = now;
                    task.nextAt = null;
                }
                default -> task.nextAt = null;
            }
        }
        registered.forEach((key, ids) -> event(key.getKey(), "(service " + key.getKey().name + ") registered "
                + ids.size() + " targets in (target-group " + key.getValue() + ")"));
    }

    private void runningStep(EcsServiceState service, EcsTask task, Instant now,
                             Map<Map.Entry<EcsServiceState, String>, List<String>> registered) {
        switch (task.fate.kind()) {
            case CRASHES -> {
                writeLogs(task, List.of("Error: connect ECONNREFUSED 10.0.3.17:5432",
                        "    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)",
                        crashLine(task, "Fatal: cannot reach the database, exiting with code 1")));
                task.exitCode = 1;
                task.stopCode = "EssentialContainerExited";
                task.stoppedReason = task.fate.reason();
                task.desiredStatus = "STOPPED";
                task.stoppingAt = now;
                task.state = EcsTask.State.STOPPED;
                task.stoppedAt = now;
                task.nextAt = null;
                countFailure(service, task);
            }
            case FAILS_HEALTH_CHECKS -> {
                event(service, "(service " + service.name + ") (port " + service.containerPort() + ") is unhealthy in"
                        + " (target-group " + targetGroupOf(service, task.deployment) + ") due to (reason Health"
                        + " checks failed with"
                        + " these codes: [503]).");
                event(service, "(service " + service.name + ") has stopped 1 running tasks: (task " + task.id
                        + ").");
                task.desiredStatus = "STOPPED";
                task.stopCode = "ServiceSchedulerInitiated";
                task.stoppedReason = task.fate.reason();
                task.stoppingAt = now;
                task.exitCode = 137;
                task.state = EcsTask.State.DEACTIVATING;
                task.nextAt = clock.after(STOPPING_SECONDS);
                countFailure(service, task);
            }
            default -> {
                task.healthy = true;
                task.nextAt = null;
                task.deployment.everHealthy = true;
                task.deployment.failedTasks = 0;
                registered.computeIfAbsent(Map.entry(service, targetGroupOf(service, task.deployment)),
                        s -> new ArrayList<>()).add(task.id);
            }
        }
    }

    private void failToStart(EcsServiceState service, EcsTask task, Instant now) {
        task.failedToStart(now);
        countFailure(service, task);
    }

    private void countFailure(EcsServiceState service, EcsTask task) {
        task.failed = true;
        Deployment deployment = task.deployment;
        deployment.failedTasks++;
        deployment.updatedAt = clock.now();
        deployment.serviceDeployment.updatedAt = clock.now();
    }

    /** Test hook for text from outside the action: a container's SANDBOX_CRASH_MESSAGE is a crash's last log line. */
    static final String CRASH_MESSAGE_VARIABLE = "SANDBOX_CRASH_MESSAGE";

    /** The last line a crashing container logs: its {@link #CRASH_MESSAGE_VARIABLE} when one is set, else the usual. */
    static String crashLine(EcsTask task, String usual) {
        for (var container : task.taskDefinition.containers()) {
            for (var variable : container.path("environment")) {
                if (CRASH_MESSAGE_VARIABLE.equals(variable.path("name").asText())) {
                    return variable.path("value").asText();
                }
            }
        }
        return usual;
    }

    void writeLogs(EcsTask task, List<String> lines) {
        for (var container : task.taskDefinition.containers()) {
            var log = container.path("logConfiguration");
            if (!"awslogs".equals(log.path("logDriver").asText())) {
                continue;
            }
            String group = log.path("options").path("awslogs-group").asText();
            String prefix = log.path("options").path("awslogs-stream-prefix").asText("");
            if ("true".equals(log.path("options").path("awslogs-create-group").asText())) {
                logs.createGroup(group, clock.now());
            }
            String stream = (prefix.isEmpty() ? "" : prefix + "/") + container.path("name").asText() + "/" + task.id;
            task.logLines.addAll(lines);
            logs.append(group, stream, lines, clock.now());
        }
    }

    /** Appends a service event (newest first, at most 100). */
    public void event(EcsServiceState service, String message) {
        ObjectNode event = Wire.object();
        event.put("id", java.util.UUID.randomUUID().toString());
        Wire.putTime(event, "createdAt", clock.now());
        event.put("message", message);
        service.events.addFirst(event);
        while (service.events.size() > EcsServiceState.MAX_EVENTS) {
            service.events.removeLast();
        }
    }

    /** "(task a) (task b)" as the events list task ids. */
    public static String taskList(List<EcsTask> tasks) {
        return tasks.stream().map(t -> "(task " + t.id + ")").collect(Collectors.joining(" "));
    }

    /**
     * StopServiceDeployment(ROLLBACK) of a PENDING or IN_PROGRESS service deployment: it "moves to the
     * ROLLBACK_REQUESTED state, and then the rollback operation starts" (ECS Developer Guide, "Stopping Amazon ECS
     * service deployments"), {@link #ROLLBACK_START_SECONDS} later; stoppedAt is set, as it is "when a user manually
     * stops the deployment" (API reference, ServiceDeployment), and stays through the rollback.
     */
    public void requestRollback(EcsServiceState service, ServiceDeploymentRecord record) {
        Instant now = clock.now();
        Deployment current = record.current;
        record.status = "ROLLBACK_REQUESTED";
        record.statusReason = "Service deployment rollback requested by StopServiceDeployment.";
        record.stoppedAt = now;
        record.updatedAt = now;
        current.rolloutState = "FAILED";
        current.rolloutStateReason = "ECS deployment " + current.id + " stopped: rollback requested.";
        current.updatedAt = now;
    }

    /** The requested rollbacks whose time has come start (see {@link #requestRollback}). */
    private void startRequestedRollbacks() {
        Instant now = clock.now();
        for (EcsServiceState service : services.values()) {
            for (ServiceDeploymentRecord record : List.copyOf(service.serviceDeployments)) {
                if ("ROLLBACK_REQUESTED".equals(record.status) && record.stoppedAt != null
                        && !record.stoppedAt.plusMillis((long) (ROLLBACK_START_SECONDS * 1000)).isAfter(now)) {
                    rollBack(service, record.current, "ECS deployment rolling back to deploymentId "
                            + (service.lastCompleted == null ? "" : service.lastCompleted.id) + ".");
                }
            }
        }
    }

    /** One tick: tasks step forward, then each service's engine acts. */
    public void tick() {
        startRequestedRollbacks();
        advanceTasks();
        for (EcsServiceState service : services.values()) {
            engineFor(service).tick(service, this);
        }
        alarmScenario();
    }

    /** Scenario {@code alarm}: web-5xx fires while a deployment of a new revision runs, and clears after. */
    private void alarmScenario() {
        if (scenario != Scenario.ALARM) {
            return;
        }
        boolean newRevisionServing = services.values().stream().flatMap(s -> s.deployments.stream())
                .anyMatch(d -> !d.taskDefinition.seeded && !d.rollback && d.inProgress() && d.everHealthy);
        boolean anyInProgress = services.values().stream().flatMap(s -> s.deployments.stream())
                .anyMatch(Deployment::inProgress);
        Instant now = clock.now();
        if (newRevisionServing) {
            alarms.set("web-5xx", "ALARM", "Threshold Crossed: 1 datapoint [27.0 (" + now + ")] was greater than or"
                    + " equal to the threshold (1.0).", now);
        } else if (!anyInProgress) {
            alarms.set("web-5xx", "OK", "Threshold Crossed: 1 datapoint [0.0 (" + now + ")] was not greater than or"
                    + " equal to the threshold (1.0).", now);
        }
    }

    /** Counts per state for the service and each deployment. */
    public Map<String, Integer> counts(List<EcsTask> of) {
        Map<String, Integer> counts = new HashMap<>();
        counts.put("running", (int) of.stream().filter(t -> t.live() && t.state == EcsTask.State.RUNNING).count());
        counts.put("pending", (int) of.stream().filter(t -> t.live() && t.state.ordinal()
                < EcsTask.State.RUNNING.ordinal()).count());
        return counts;
    }
}
