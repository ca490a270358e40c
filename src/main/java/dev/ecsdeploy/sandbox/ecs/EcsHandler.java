package dev.ecsdeploy.sandbox.ecs;

import static dev.ecsdeploy.sandbox.core.ServedOperation.typed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsRequest;
import software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesRequest;
import software.amazon.awssdk.services.ecs.model.DeregisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.DescribeClustersRequest;
import software.amazon.awssdk.services.ecs.model.ListClustersRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.ListServicesRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.ecs.model.ListTasksRequest;
import software.amazon.awssdk.services.ecs.model.DescribeTasksRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.StopTaskRequest;
import software.amazon.awssdk.services.ecs.model.ListServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceDeploymentsRequest;
import software.amazon.awssdk.services.ecs.model.DescribeServiceRevisionsRequest;
import software.amazon.awssdk.services.ecs.model.StopServiceDeploymentRequest;
import software.amazon.awssdk.services.ecs.model.ListTagsForResourceRequest;

/** The ECS API over the runtime. Errors and wording as ECS answers them. */
public final class EcsHandler implements ServiceHandler {
    private static final Set<String> READ_ONLY_TASK_DEFINITION_KEYS = Set.of("tags");

    private final EcsRuntime ecs;

    public EcsHandler(EcsRuntime ecs) {
        this.ecs = ecs;
    }

    /** Every operation ECS serves here, with the SDK builder that types its request (see RequestValidator). */
    private final Map<String, ServedOperation> operations = ServedOperation.table(
            typed("RegisterTaskDefinition", RegisterTaskDefinitionRequest::builder, this::registerTaskDefinition),
            typed("DescribeTaskDefinition", DescribeTaskDefinitionRequest::builder, this::describeTaskDefinition),
            typed("ListTaskDefinitions", ListTaskDefinitionsRequest::builder, this::listTaskDefinitions),
            typed("ListTaskDefinitionFamilies", ListTaskDefinitionFamiliesRequest::builder,
                    this::listTaskDefinitionFamilies),
            typed("DeregisterTaskDefinition", DeregisterTaskDefinitionRequest::builder,
                    this::deregisterTaskDefinition),
            typed("DescribeClusters", DescribeClustersRequest::builder, this::describeClusters),
            typed("ListClusters", ListClustersRequest::builder, input -> listClusters()),
            typed("DescribeServices", DescribeServicesRequest::builder, this::describeServices),
            typed("ListServices", ListServicesRequest::builder, this::listServices),
            typed("UpdateService", UpdateServiceRequest::builder, this::updateService),
            typed("ListTasks", ListTasksRequest::builder, this::listTasks),
            typed("DescribeTasks", DescribeTasksRequest::builder, this::describeTasks),
            typed("RunTask", RunTaskRequest::builder, this::runTask),
            typed("StopTask", StopTaskRequest::builder, this::stopTask),
            typed("ListServiceDeployments", ListServiceDeploymentsRequest::builder, this::listServiceDeployments),
            typed("DescribeServiceDeployments", DescribeServiceDeploymentsRequest::builder,
                    this::describeServiceDeployments),
            typed("DescribeServiceRevisions", DescribeServiceRevisionsRequest::builder,
                    this::describeServiceRevisions),
            typed("StopServiceDeployment", StopServiceDeploymentRequest::builder, this::stopServiceDeployment),
            typed("ListTagsForResource", ListTagsForResourceRequest::builder, input -> noTags()));

    @Override
    public Map<String, ServedOperation> operations() {
        return operations;
    }

    // ---- task definitions ---------------------------------------------------------------------------------------

    private JsonNode registerTaskDefinition(JsonNode input) {
        int bytes;
        try {
            bytes = Wire.JSON.writeValueAsBytes(input).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        TaskDefinitionRules.refusal(input, bytes).ifPresent(message -> {
            throw client(message);
        });
        String family = Wire.text(input, "family");
        boolean fargate = Wire.textList(input, "requiresCompatibilities").contains("FARGATE");
        ObjectNode json = Wire.object();
        input.properties().forEach(e -> {
            if (!READ_ONLY_TASK_DEFINITION_KEYS.contains(e.getKey())) {
                json.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        TaskDefinitionRules.fillHostPorts(json);
        TaskDefinitionRules.normalizeSizes(json);
        json.set("compatibilities", Wire.strings(fargate ? List.of("EC2", "FARGATE") : List.of("EC2")));
        json.set("requiresAttributes", requiresAttributes(json));
        ArrayNode tags = input.has("tags") ? (ArrayNode) input.get("tags").deepCopy() : Wire.array();
        TaskDefinitionRecord record = ecs.addTaskDefinition(family, false, json, tags);
        ObjectNode out = Wire.object();
        out.set("taskDefinition", record.json);
        out.set("tags", record.tags);
        return out;
    }

    private static ArrayNode requiresAttributes(ObjectNode json) {
        ArrayNode attributes = Wire.array();
        for (JsonNode container : json.path("containerDefinitions")) {
            if ("awslogs".equals(container.path("logConfiguration").path("logDriver").asText())) {
                attributes.addObject().put("name", "com.amazonaws.ecs.capability.logging-driver.awslogs");
                attributes.addObject().put("name", "ecs.capability.execution-role-awslogs");
            }
            if (container.has("secrets")) {
                attributes.addObject().put("name", "ecs.capability.secrets.asm.environment-variables");
            }
            if (container.has("healthCheck")) {
                attributes.addObject().put("name", "ecs.capability.container-health-check");
            }
        }
        attributes.addObject().put("name", "com.amazonaws.ecs.capability.docker-remote-api.1.19");
        if ("awsvpc".equals(json.path("networkMode").asText())) {
            attributes.addObject().put("name", "ecs.capability.task-eni");
        }
        return attributes;
    }

    private JsonNode describeTaskDefinition(JsonNode input) {
        TaskDefinitionRecord record = ecs.findTaskDefinition(Wire.text(input, "taskDefinition"))
                .orElseThrow(() -> client("Unable to describe task definition."));
        ObjectNode out = Wire.object();
        out.set("taskDefinition", record.json);
        if (Wire.textList(input, "include").contains("TAGS")) {
            out.set("tags", record.tags);
        }
        return out;
    }

    private JsonNode listTaskDefinitions(JsonNode input) {
        String prefix = Wire.text(input, "familyPrefix");
        String status = Wire.text(input, "status") == null ? "ACTIVE" : Wire.text(input, "status");
        List<String> arns = new ArrayList<>();
        for (var revisions : ecs.taskDefinitions.values()) {
            for (TaskDefinitionRecord record : revisions) {
                boolean statusMatches = "ALL".equals(status) || record.active == "ACTIVE".equals(status);
                if ((prefix == null || record.family.equals(prefix)) && statusMatches) {
                    arns.add(record.arn);
                }
            }
        }
        if ("DESC".equals(Wire.text(input, "sort"))) {
            arns = arns.reversed();
        }
        return page(arns, "taskDefinitionArns", input, 100);
    }

    private JsonNode listTaskDefinitionFamilies(JsonNode input) {
        String prefix = Wire.text(input, "familyPrefix");
        List<String> families = ecs.taskDefinitions.keySet().stream()
                .filter(f -> prefix == null || f.startsWith(prefix)).toList();
        return page(families, "families", input, 100);
    }

    private JsonNode deregisterTaskDefinition(JsonNode input) {
        String reference = Wire.text(input, "taskDefinition");
        String name = reference.startsWith("arn:") ? reference.substring(reference.indexOf('/') + 1) : reference;
        if (!name.contains(":")) {
            throw invalid("The specified task definition identifier is invalid. Specify a valid name or ARN and try"
                    + " again.");
        }
        TaskDefinitionRecord record = ecs.findTaskDefinition(reference)
                .orElseThrow(() -> client("The specified task definition does not exist. Specify a valid account,"
                        + " family, revision and try again."));
        if (record.active) {
            record.active = false;
            record.deregisteredAt = ecs.clock.now();
            record.json.put("status", "INACTIVE");
            Wire.putTime(record.json, "deregisteredAt", record.deregisteredAt);
        }
        ObjectNode out = Wire.object();
        out.set("taskDefinition", record.json);
        return out;
    }

    // ---- clusters and services ----------------------------------------------------------------------------------

    private boolean isCluster(String reference) {
        String name = reference == null ? "default" : reference;
        return name.equals(ecs.clusterName) || name.equals(ecs.clusterArn);
    }

    private void requireCluster(JsonNode input) {
        if (!isCluster(Wire.text(input, "cluster"))) {
            throw AwsError.client("ClusterNotFoundException", "Cluster not found.");
        }
    }

    private EcsServiceState requireService(JsonNode input, String field) {
        requireCluster(input);
        String reference = Wire.text(input, field);
        EcsServiceState service = findService(reference);
        if (service == null) {
            throw AwsError.client("ServiceNotFoundException", "Service not found.");
        }
        return service;
    }

    private EcsServiceState findService(String reference) {
        if (reference == null) {
            return null;
        }
        for (EcsServiceState service : ecs.services.values()) {
            if (service.name.equals(reference) || service.arn.equals(reference)) {
                return service;
            }
        }
        return null;
    }

    private JsonNode describeClusters(JsonNode input) {
        List<String> names = Wire.textList(input, "clusters");
        if (names.isEmpty()) {
            names = List.of("default");
        }
        ObjectNode out = Wire.object();
        ArrayNode clusters = out.putArray("clusters");
        ArrayNode failures = out.putArray("failures");
        for (String name : names) {
            if (isCluster(name)) {
                ObjectNode cluster = clusters.addObject();
                cluster.put("clusterArn", ecs.clusterArn);
                cluster.put("clusterName", ecs.clusterName);
                cluster.put("status", "ACTIVE");
                cluster.put("registeredContainerInstancesCount", 0);
                var counts = ecs.counts(ecs.tasks);
                cluster.put("runningTasksCount", counts.get("running"));
                cluster.put("pendingTasksCount", counts.get("pending"));
                cluster.put("activeServicesCount", ecs.services.size());
                cluster.set("statistics", Wire.array());
                cluster.set("tags", Wire.array());
                cluster.set("settings", Wire.array().add(Wire.object().put("name", "containerInsights")
                        .put("value", "disabled")));
                cluster.set("capacityProviders", Wire.strings(List.of("FARGATE", "FARGATE_SPOT")));
                cluster.set("defaultCapacityProviderStrategy", Wire.array());
            } else {
                failures.addObject().put("arn", ecs.arn("cluster/" + name)).put("reason", "MISSING");
            }
        }
        return out;
    }

    private JsonNode listClusters() {
        ObjectNode out = Wire.object();
        out.set("clusterArns", Wire.strings(List.of(ecs.clusterArn)));
        return out;
    }

    private JsonNode describeServices(JsonNode input) {
        requireCluster(input);
        List<String> names = Wire.textList(input, "services");
        if (names.size() > 10) {
            throw invalid("The services parameter can contain at most 10 services.");
        }
        ObjectNode out = Wire.object();
        ArrayNode services = out.putArray("services");
        ArrayNode failures = out.putArray("failures");
        for (String name : names) {
            EcsServiceState service = findService(name);
            if (service == null) {
                String arn = name.startsWith("arn:") ? name : ecs.arn("service/" + ecs.clusterName + "/" + name);
                failures.addObject().put("arn", arn).put("reason", "MISSING");
            } else {
                services.add(EcsJson.service(service, ecs));
            }
        }
        return out;
    }

    private JsonNode listServices(JsonNode input) {
        requireCluster(input);
        return page(ecs.services.values().stream().map(s -> s.arn).toList(), "serviceArns", input, 10);
    }

    private JsonNode updateService(JsonNode input) {
        EcsServiceState service = requireService(input, "service");
        String reference = Wire.text(input, "taskDefinition");
        boolean force = Wire.bool(input, "forceNewDeployment", false);
        TaskDefinitionRecord taskDefinition = null;
        if (reference != null) {
            taskDefinition = ecs.findTaskDefinition(reference).orElseThrow(() -> client("TaskDefinition not found."));
            if (!taskDefinition.active) {
                throw client("TaskDefinition is inactive");
            }
        }
        if (taskDefinition != null) {
            JsonNode network = input.has("networkConfiguration") ? input.get("networkConfiguration")
                    : service.networkConfiguration;
            ServiceRevisionRules.refusal(service.launchType, network, taskDefinition.json).ifPresent(message -> {
                throw invalid(message);
            });
        }
        Deployment primary = service.primary();
        boolean changesRevision = taskDefinition != null && taskDefinition != primary.taskDefinition;
        if ("CODE_DEPLOY".equals(service.deploymentController) && (changesRevision || force)) {
            throw invalid("Unable to update task definition on services with a CODE_DEPLOY deployment controller."
                    + " Use AWS CodeDeploy to trigger a new deployment.");
        }
        if (input.has("desiredCount")) {
            int desired = input.get("desiredCount").asInt();
            if (desired < 0) {
                throw invalid("The desired count must be zero or more.");
            }
            service.desiredCount = desired;
        }
        // Both may change on every deployment controller (ECS API reference: UpdateService); the enum is checked
        // by the request validator. They apply to tasks started from now on.
        if (input.has("propagateTags")) {
            service.propagateTags = Wire.text(input, "propagateTags");
        }
        if (input.has("enableECSManagedTags")) {
            service.enableEcsManagedTags = Wire.bool(input, "enableECSManagedTags", service.enableEcsManagedTags);
        }
        if (input.has("deploymentConfiguration")) {
            ObjectNode merged = service.deploymentConfiguration.deepCopy();
            input.get("deploymentConfiguration").properties().forEach(e -> merged.set(e.getKey(),
                    e.getValue().deepCopy()));
            if (merged.path("maximumPercent").asInt(200) < 100) {
                throw invalid("The maximumPercent value must be greater than or equal to 100.");
            }
            LifecycleHookCalls.refusal(merged).ifPresent(message -> {
                throw invalid(message);
            });
            service.deploymentConfiguration = merged;
        }
        if (changesRevision || force) {
            ecs.startDeployment(service, taskDefinition != null ? taskDefinition : primary.taskDefinition);
        } else if (primary != null) {
            primary.desiredCount = service.desiredCount;
            primary.updatedAt = ecs.clock.now();
        }
        ObjectNode out = Wire.object();
        out.set("service", EcsJson.service(service, ecs));
        return out;
    }

    // ---- tasks --------------------------------------------------------------------------------------------------

    private JsonNode listTasks(JsonNode input) {
        requireCluster(input);
        String serviceName = Wire.text(input, "serviceName");
        if (serviceName != null && findService(serviceName) == null) {
            throw AwsError.client("ServiceNotFoundException", "Service not found.");
        }
        EcsServiceState service = findService(serviceName);
        String desired = Wire.text(input, "desiredStatus") == null ? "RUNNING" : Wire.text(input, "desiredStatus");
        String family = Wire.text(input, "family");
        String startedBy = Wire.text(input, "startedBy");
        List<String> arns = ecs.tasks.stream()
                .filter(t -> service == null || service.name.equals(t.serviceName))
                .filter(t -> desired.equals(t.desiredStatus))
                .filter(t -> family == null || t.taskDefinition.family.equals(family))
                .filter(t -> startedBy == null || startedBy.equals(t.startedBy()))
                .sorted(Comparator.comparing((EcsTask t) -> t.createdAt).reversed())
                .map(t -> t.arn).toList();
        return page(arns, "taskArns", input, 100);
    }

    private JsonNode describeTasks(JsonNode input) {
        requireCluster(input);
        List<String> wanted = Wire.textList(input, "tasks");
        if (wanted.size() > 100) {
            throw invalid("The tasks parameter can contain at most 100 tasks.");
        }
        ObjectNode out = Wire.object();
        ArrayNode tasks = out.putArray("tasks");
        ArrayNode failures = out.putArray("failures");
        for (String reference : wanted) {
            EcsTask task = ecs.tasks.stream().filter(t -> t.id.equals(reference) || t.arn.equals(reference))
                    .findFirst().orElse(null);
            if (task == null) {
                String arn = reference.startsWith("arn:") ? reference
                        : ecs.arn("task/" + ecs.clusterName + "/" + reference);
                failures.addObject().put("arn", arn).put("reason", "MISSING");
            } else {
                ObjectNode shown = EcsJson.task(task, ecs);
                if (Wire.textList(input, "include").contains("TAGS")) {
                    shown.set("tags", task.tags.deepCopy());
                }
                tasks.add(shown);
            }
        }
        return out;
    }

    /** One-off tasks: the cluster is checked here, as for every task call; the rest is {@link OneOffTasks}. */
    private JsonNode runTask(JsonNode input) {
        requireCluster(input);
        return OneOffTasks.run(ecs, input);
    }

    private JsonNode stopTask(JsonNode input) {
        requireCluster(input);
        return OneOffTasks.stop(ecs, input);
    }

    // ---- service deployments ------------------------------------------------------------------------------------

    private JsonNode listServiceDeployments(JsonNode input) {
        EcsServiceState service = requireService(input, "service");
        List<String> statuses = Wire.textList(input, "status");
        JsonNode createdAt = input.path("createdAt");
        Instant after = instant(createdAt.get("after"));
        Instant before = instant(createdAt.get("before"));
        List<ServiceDeploymentRecord> records = service.serviceDeployments.stream()
                .filter(r -> statuses.isEmpty() || statuses.contains(r.status))
                .filter(r -> after == null || r.createdAt.isAfter(after))
                .filter(r -> before == null || r.createdAt.isBefore(before))
                .sorted(Comparator.comparing((ServiceDeploymentRecord r) -> r.createdAt).reversed())
                .toList();
        int max = input.has("maxResults") ? input.get("maxResults").asInt() : 20;
        if (max < 1 || max > 100) {
            throw invalid("maxResults must be between 1 and 100.");
        }
        int start = input.has("nextToken") ? Integer.parseInt(input.get("nextToken").asText()) : 0;
        ObjectNode out = Wire.object();
        ArrayNode briefs = out.putArray("serviceDeployments");
        for (int i = start; i < Math.min(records.size(), start + max); i++) {
            briefs.add(EcsJson.serviceDeploymentBrief(records.get(i), service, ecs));
        }
        if (start + max < records.size()) {
            out.put("nextToken", String.valueOf(start + max));
        }
        return out;
    }

    private static Instant instant(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        Instant instant = Wire.instantOf(value);
        if (instant != null) {
            return instant;
        }
        return value.isNumber() ? Instant.ofEpochMilli((long) (value.asDouble() * 1000)) : Instant.parse(value.asText());
    }

    private JsonNode describeServiceDeployments(JsonNode input) {
        ObjectNode out = Wire.object();
        ArrayNode found = out.putArray("serviceDeployments");
        ArrayNode failures = out.putArray("failures");
        for (String arn : Wire.textList(input, "serviceDeploymentArns")) {
            boolean hit = false;
            for (EcsServiceState service : ecs.services.values()) {
                for (ServiceDeploymentRecord record : service.serviceDeployments) {
                    if (record.arn.equals(arn)) {
                        found.add(EcsJson.serviceDeployment(record, service, ecs));
                        hit = true;
                    }
                }
            }
            if (!hit) {
                failures.addObject().put("arn", arn).put("reason", "MISSING")
                        .put("detail", "The service deployment does not exist.");
            }
        }
        return out;
    }

    private JsonNode describeServiceRevisions(JsonNode input) {
        ObjectNode out = Wire.object();
        ArrayNode found = out.putArray("serviceRevisions");
        ArrayNode failures = out.putArray("failures");
        for (String arn : Wire.textList(input, "serviceRevisionArns")) {
            boolean hit = false;
            for (EcsServiceState service : ecs.services.values()) {
                for (ServiceRevisionRecord revision : service.revisions) {
                    if (revision.arn().equals(arn)) {
                        found.add(EcsJson.serviceRevision(revision, service, ecs));
                        hit = true;
                    }
                }
            }
            if (!hit) {
                failures.addObject().put("arn", arn).put("reason", "MISSING");
            }
        }
        return out;
    }

    private JsonNode stopServiceDeployment(JsonNode input) {
        String arn = Wire.text(input, "serviceDeploymentArn");
        String stopType = Wire.text(input, "stopType") == null ? "ROLLBACK" : Wire.text(input, "stopType");
        for (EcsServiceState service : ecs.services.values()) {
            for (ServiceDeploymentRecord record : service.serviceDeployments) {
                if (!record.arn.equals(arn)) {
                    continue;
                }
                if (!"ROLLBACK".equals(stopType)) {
                    throw invalid("The stopType " + stopType + " is not supported. The valid value is ROLLBACK.");
                }
                switch (record.status) {
                    case "PENDING", "IN_PROGRESS" -> ecs.requestRollback(service, record);
                    case "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS" -> {
                        // The current operation continues.
                    }
                    default -> throw AwsError.client("ConflictException", "The service deployment " + arn
                            + " is in the " + record.status + " state and cannot be stopped.");
                }
                ObjectNode out = Wire.object();
                out.put("serviceDeploymentArn", arn);
                return out;
            }
        }
        throw AwsError.client("ServiceDeploymentNotFoundException", "The service deployment does not exist.");
    }

    // ---- tags ---------------------------------------------------------------------------------------------------

    /** The sandbox keeps no tags on clusters, services or tasks. */
    private static JsonNode noTags() {
        ObjectNode out = Wire.object();
        out.set("tags", Wire.array());
        return out;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static JsonNode page(List<String> values, String field, JsonNode input, int defaultMax) {
        int max = input.has("maxResults") ? input.get("maxResults").asInt() : defaultMax;
        int start = input.has("nextToken") ? parseToken(input.get("nextToken").asText()) : 0;
        ObjectNode out = Wire.object();
        out.set(field, Wire.strings(values.subList(Math.min(start, values.size()),
                Math.min(values.size(), start + max))));
        if (start + max < values.size()) {
            out.put("nextToken", String.valueOf(start + max));
        }
        return out;
    }

    private static int parseToken(String token) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw invalid("Invalid nextToken.");
        }
    }

    private static AwsError client(String message) {
        return AwsError.client("ClientException", message);
    }

    private static AwsError invalid(String message) {
        return AwsError.client("InvalidParameterException", message);
    }
}
