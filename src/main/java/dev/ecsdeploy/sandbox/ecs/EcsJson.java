package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.util.List;
import java.util.Map;

/** The ECS API's shapes for the runtime's records. */
final class EcsJson {
    private EcsJson() {
    }

    static ObjectNode service(EcsServiceState service, EcsRuntime runtime) {
        List<EcsTask> tasks = runtime.tasks.stream().filter(t -> service.name.equals(t.serviceName)).toList();
        Map<String, Integer> counts = runtime.counts(tasks);
        Deployment primary = service.primary();
        ObjectNode json = Wire.object();
        json.put("serviceArn", service.arn);
        json.put("serviceName", service.name);
        json.put("clusterArn", runtime.clusterArn);
        json.set("loadBalancers", service.loadBalancers.deepCopy());
        json.set("serviceRegistries", Wire.array());
        json.put("status", "ACTIVE");
        json.put("desiredCount", service.desiredCount);
        json.put("runningCount", counts.get("running"));
        json.put("pendingCount", counts.get("pending"));
        json.put("launchType", "FARGATE");
        json.put("platformVersion", "LATEST");
        json.put("platformFamily", "Linux");
        if (primary != null) {
            json.put("taskDefinition", primary.taskDefinition.arn);
        }
        json.set("deploymentConfiguration", service.deploymentConfiguration.deepCopy());
        ArrayNode deployments = json.putArray("deployments");
        boolean ecsController = "ECS".equals(service.deploymentController);
        for (Deployment deployment : service.deployments) {
            ObjectNode entry = deployment(deployment, runtime);
            if (!ecsController) {
                // rolloutState is only returned for services with the ECS deployment controller.
                entry.remove("rolloutState");
                entry.remove("rolloutStateReason");
            }
            deployments.add(entry);
        }
        if (!ecsController) {
            ArrayNode taskSets = json.putArray("taskSets");
            for (Deployment deployment : service.deployments) {
                taskSets.add(taskSet(deployment, service, runtime));
            }
        }
        json.put("roleArn", "arn:aws:iam::" + runtime.account
                + ":role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS");
        ArrayNode events = json.putArray("events");
        service.events.forEach(events::add);
        Wire.putTime(json, "createdAt", service.createdAt);
        if (service.currentServiceDeployment != null) {
            json.put("currentServiceDeployment", service.currentServiceDeployment.arn);
            ArrayNode revisions = json.putArray("currentServiceRevisions");
            for (Deployment deployment : service.deployments) {
                Map<String, Integer> c = runtime.counts(runtime.tasksOf(deployment));
                ObjectNode revision = revisions.addObject();
                revision.put("arn", deployment.serviceRevisionArn);
                revision.put("requestedTaskCount", deployment.desiredCount);
                revision.put("runningTaskCount", c.get("running"));
                revision.put("pendingTaskCount", c.get("pending"));
            }
        }
        json.set("placementConstraints", Wire.array());
        json.set("placementStrategy", Wire.array());
        json.set("networkConfiguration", service.networkConfiguration.deepCopy());
        json.put("healthCheckGracePeriodSeconds", 0);
        json.put("schedulingStrategy", "REPLICA");
        json.putObject("deploymentController").put("type", service.deploymentController);
        json.put("createdBy", "arn:aws:iam::" + runtime.account + ":role/admin");
        json.put("enableECSManagedTags", service.enableEcsManagedTags);
        json.put("propagateTags", service.propagateTags);
        json.put("enableExecuteCommand", false);
        json.put("availabilityZoneRebalancing", "ENABLED");
        return json;
    }

    static ObjectNode deployment(Deployment deployment, EcsRuntime runtime) {
        Map<String, Integer> counts = runtime.counts(runtime.tasksOf(deployment));
        ObjectNode json = Wire.object();
        json.put("id", deployment.id);
        json.put("status", deployment.status);
        json.put("taskDefinition", deployment.taskDefinition.arn);
        json.put("desiredCount", deployment.desiredCount);
        json.put("pendingCount", counts.get("pending"));
        json.put("runningCount", counts.get("running"));
        json.put("failedTasks", deployment.failedTasks);
        Wire.putTime(json, "createdAt", deployment.createdAt);
        Wire.putTime(json, "updatedAt", deployment.updatedAt);
        json.put("launchType", "FARGATE");
        json.put("platformVersion", "1.4.0");
        json.put("platformFamily", "Linux");
        json.put("rolloutState", deployment.rolloutState);
        json.put("rolloutStateReason", deployment.rolloutStateReason);
        return json;
    }

    /** A CODE_DEPLOY service's task set for one of its deployments. */
    static ObjectNode taskSet(Deployment deployment, EcsServiceState service, EcsRuntime runtime) {
        Map<String, Integer> counts = runtime.counts(runtime.tasksOf(deployment));
        ObjectNode json = Wire.object();
        json.put("id", deployment.id);
        json.put("taskSetArn", runtime.arn("task-set/" + runtime.clusterName + "/" + service.name + "/"
                + deployment.id));
        json.put("serviceArn", service.arn);
        json.put("clusterArn", runtime.clusterArn);
        json.put("startedBy", "CodeDeploy");
        if (deployment.externalId != null) {
            // "If a CodeDeploy deployment created a task set, the externalId parameter contains the CodeDeploy
            // deployment ID" (ECS API reference: TaskSet).
            json.put("externalId", deployment.externalId);
        }
        json.put("status", deployment.status);
        json.put("taskDefinition", deployment.taskDefinition.arn);
        json.put("computedDesiredCount", deployment.desiredCount);
        json.put("pendingCount", counts.get("pending"));
        json.put("runningCount", counts.get("running"));
        Wire.putTime(json, "createdAt", deployment.createdAt);
        Wire.putTime(json, "updatedAt", deployment.updatedAt);
        json.put("launchType", "FARGATE");
        json.put("platformVersion", "1.4.0");
        json.put("platformFamily", "Linux");
        json.set("networkConfiguration", service.networkConfiguration.deepCopy());
        json.set("loadBalancers", service.loadBalancers.deepCopy());
        json.putObject("scale").put("value", 100.0).put("unit", "PERCENT");
        boolean steady = counts.get("running") == deployment.desiredCount && counts.get("pending") == 0;
        json.put("stabilityStatus", steady ? "STEADY_STATE" : "STABILIZING");
        Wire.putTime(json, "stabilityStatusAt", deployment.updatedAt);
        return json;
    }

    static ObjectNode task(EcsTask task, EcsRuntime runtime) {
        ObjectNode json = Wire.object();
        json.set("attachments", Wire.array());
        json.put("availabilityZone", runtime.region + "a");
        json.put("clusterArn", runtime.clusterArn);
        json.put("connectivity", task.state.ordinal() >= EcsTask.State.PENDING.ordinal() ? "CONNECTED" : "");
        ArrayNode containers = json.putArray("containers");
        int index = 0;
        for (JsonNode definition : task.taskDefinition.containers()) {
            ObjectNode container = containers.addObject();
            container.put("containerArn", runtime.arn("container/" + runtime.clusterName + "/" + task.id + "/"
                    + java.util.UUID.nameUUIDFromBytes((task.id + index++).getBytes())));
            container.put("taskArn", task.arn);
            container.put("name", definition.path("name").asText());
            container.put("image", definition.path("image").asText());
            container.put("lastStatus", containerStatus(task));
            if (task.exitCode != null && task.state == EcsTask.State.STOPPED) {
                container.put("exitCode", task.exitCode);
            }
            if (task.containerReason != null) {
                container.put("reason", task.containerReason);
            }
            container.put("healthStatus", definition.has("healthCheck") ? (task.healthy ? "HEALTHY" : "UNKNOWN")
                    : "UNKNOWN");
            container.put("cpu", definition.path("cpu").asText("0"));
            if (task.state == EcsTask.State.RUNNING) {
                container.put("runtimeId", task.id + "-" + (index - 1));
            }
        }
        json.put("cpu", task.taskDefinition.json.path("cpu").asText("256"));
        Wire.putTime(json, "createdAt", task.createdAt);
        json.put("desiredStatus", task.desiredStatus);
        json.put("enableExecuteCommand", false);
        json.put("group", task.group());
        json.put("healthStatus", task.healthy && hasContainerHealthCheck(task) ? "HEALTHY" : "UNKNOWN");
        json.put("lastStatus", task.state.name());
        json.put("launchType", "FARGATE");
        json.put("memory", task.taskDefinition.json.path("memory").asText("512"));
        json.putObject("overrides").set("containerOverrides", task.oneOff == null ? Wire.array()
                : task.oneOff.containerOverrides().deepCopy());
        json.put("platformVersion", "1.4.0");
        json.put("platformFamily", "Linux");
        Wire.putTime(json, "pullStartedAt", task.pullStartedAt);
        Wire.putTime(json, "pullStoppedAt", task.pullStoppedAt);
        Wire.putTime(json, "startedAt", task.startedAt);
        json.put("startedBy", task.startedBy());
        Wire.putTime(json, "stoppingAt", task.stoppingAt);
        Wire.putTime(json, "stoppedAt", task.stoppedAt);
        if (task.stopCode != null) {
            json.put("stopCode", task.stopCode);
            json.put("stoppedReason", task.stoppedReason);
        }
        json.put("taskArn", task.arn);
        json.put("taskDefinitionArn", task.taskDefinition.arn);
        json.put("version", task.state.ordinal() + 1);
        json.putObject("ephemeralStorage").put("sizeInGiB", 20);
        return json;
    }

    private static boolean hasContainerHealthCheck(EcsTask task) {
        for (JsonNode container : task.taskDefinition.containers()) {
            if (container.has("healthCheck")) {
                return true;
            }
        }
        return false;
    }

    private static String containerStatus(EcsTask task) {
        return switch (task.state) {
            case PROVISIONING, PENDING, ACTIVATING -> "PENDING";
            case RUNNING, DEACTIVATING -> "RUNNING";
            default -> "STOPPED";
        };
    }

    static ObjectNode serviceDeploymentBrief(ServiceDeploymentRecord record, EcsServiceState service,
                                             EcsRuntime runtime) {
        ObjectNode json = Wire.object();
        json.put("serviceDeploymentArn", record.arn);
        json.put("serviceArn", service.arn);
        json.put("clusterArn", runtime.clusterArn);
        Wire.putTime(json, "startedAt", record.startedAt);
        Wire.putTime(json, "createdAt", record.createdAt);
        Wire.putTime(json, "finishedAt", record.finishedAt);
        json.put("targetServiceRevisionArn", record.targetRevisionArn);
        json.put("status", record.status);
        if (record.statusReason != null) {
            json.put("statusReason", record.statusReason);
        }
        return json;
    }

    static ObjectNode serviceDeployment(ServiceDeploymentRecord record, EcsServiceState service,
                                        EcsRuntime runtime) {
        ObjectNode json = Wire.object();
        json.put("serviceDeploymentArn", record.arn);
        json.put("serviceArn", service.arn);
        json.put("clusterArn", runtime.clusterArn);
        Wire.putTime(json, "createdAt", record.createdAt);
        Wire.putTime(json, "startedAt", record.startedAt);
        Wire.putTime(json, "finishedAt", record.finishedAt);
        Wire.putTime(json, "stoppedAt", record.stoppedAt);
        Wire.putTime(json, "updatedAt", record.updatedAt);
        ArrayNode sources = json.putArray("sourceServiceRevisions");
        for (String arn : record.sourceRevisionArns) {
            ObjectNode source = revisionSummary(arn, service, runtime);
            if (record.productionTrafficWeight != null) {
                // The source revisions share what the target does not get (one source in this sandbox).
                source.put("requestedTestTrafficWeight", (100.0 - record.testTrafficWeight)
                        / record.sourceRevisionArns.size());
                source.put("requestedProductionTrafficWeight", (100.0 - record.productionTrafficWeight)
                        / record.sourceRevisionArns.size());
            }
            sources.add(source);
        }
        ObjectNode target = revisionSummary(record.targetRevisionArn, service, runtime);
        if (record.productionTrafficWeight != null) {
            target.put("requestedTestTrafficWeight", record.testTrafficWeight);
            target.put("requestedProductionTrafficWeight", record.productionTrafficWeight);
        }
        json.set("targetServiceRevision", target);
        json.put("status", record.status);
        if (record.statusReason != null) {
            json.put("statusReason", record.statusReason);
        }
        if (record.lifecycleStage != null && !"ROLLING".equals(record.deploymentConfiguration.path("strategy")
                .asText("ROLLING"))) {
            json.put("lifecycleStage", record.lifecycleStage);
        }
        json.set("deploymentConfiguration", record.deploymentConfiguration.deepCopy());
        if (record.rollbackStartedAt != null) {
            ObjectNode rollback = json.putObject("rollback");
            rollback.put("reason", record.rollbackReason);
            Wire.putTime(rollback, "startedAt", record.rollbackStartedAt);
            rollback.put("serviceRevisionArn", record.rollbackRevisionArn);
        }
        ObjectNode breaker = json.putObject("deploymentCircuitBreaker");
        breaker.put("status", record.circuitBreakerStatus);
        Deployment current = record.current;
        breaker.put("failureCount", current == null ? 0 : failures(record, service, runtime));
        breaker.put("threshold", record.circuitBreakerThreshold);
        ObjectNode alarms = json.putObject("alarms");
        alarms.put("status", record.alarmsStatus);
        alarms.set("alarmNames", Wire.strings(record.alarmNames));
        alarms.set("triggeredAlarmNames", Wire.strings(record.triggeredAlarmNames));
        return json;
    }

    /** Failed tasks of the deployments carrying out this service deployment (the original, before a rollback). */
    private static int failures(ServiceDeploymentRecord record, EcsServiceState service, EcsRuntime runtime) {
        return (int) runtime.tasks.stream().filter(t -> t.failed && service.name.equals(t.serviceName)
                && t.deployment.serviceDeployment == record && !t.deployment.rollback).count();
    }

    private static ObjectNode revisionSummary(String arn, EcsServiceState service, EcsRuntime runtime) {
        ObjectNode json = Wire.object();
        json.put("arn", arn);
        int requested = 0;
        List<EcsTask> tasks = runtime.tasks.stream().filter(t -> service.name.equals(t.serviceName)
                && t.deployment.serviceRevisionArn.equals(arn)).toList();
        for (Deployment deployment : service.deployments) {
            if (deployment.serviceRevisionArn.equals(arn)) {
                requested = deployment.desiredCount;
            }
        }
        Map<String, Integer> counts = runtime.counts(tasks);
        json.put("requestedTaskCount", requested);
        json.put("runningTaskCount", counts.get("running"));
        json.put("pendingTaskCount", counts.get("pending"));
        return json;
    }

    static ObjectNode serviceRevision(ServiceRevisionRecord revision, EcsServiceState service, EcsRuntime runtime) {
        ObjectNode json = Wire.object();
        json.put("serviceRevisionArn", revision.arn());
        json.put("serviceArn", service.arn);
        json.put("clusterArn", runtime.clusterArn);
        json.put("taskDefinition", revision.taskDefinition().arn);
        json.put("launchType", "FARGATE");
        json.put("platformVersion", "1.4.0");
        json.put("platformFamily", "Linux");
        json.set("loadBalancers", service.loadBalancers.deepCopy());
        json.set("networkConfiguration", service.networkConfiguration.deepCopy());
        ArrayNode images = json.putArray("containerImages");
        for (JsonNode container : revision.taskDefinition().containers()) {
            ObjectNode image = images.addObject();
            image.put("containerName", container.path("name").asText());
            image.put("image", container.path("image").asText());
        }
        json.put("guardDutyEnabled", false);
        Wire.putTime(json, "createdAt", revision.createdAt());
        return json;
    }
}
