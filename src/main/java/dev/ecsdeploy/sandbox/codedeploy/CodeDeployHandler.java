package dev.ecsdeploy.sandbox.codedeploy;

import static dev.ecsdeploy.sandbox.core.ServedOperation.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.ServedOperation;
import dev.ecsdeploy.sandbox.core.ServiceHandler;
import dev.ecsdeploy.sandbox.core.Wire;
import dev.ecsdeploy.sandbox.ecs.EcsRuntime;
import dev.ecsdeploy.sandbox.ecs.EcsServiceState;
import dev.ecsdeploy.sandbox.ecs.EcsTask;
import dev.ecsdeploy.sandbox.ecs.Deployment;
import dev.ecsdeploy.sandbox.ecs.TaskDefinitionRecord;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.codedeploy.model.GetApplicationRequest;
import software.amazon.awssdk.services.codedeploy.model.ListDeploymentGroupsRequest;
import software.amazon.awssdk.services.codedeploy.model.GetDeploymentGroupRequest;
import software.amazon.awssdk.services.codedeploy.model.UpdateDeploymentGroupRequest;
import software.amazon.awssdk.services.codedeploy.model.GetDeploymentConfigRequest;
import software.amazon.awssdk.services.codedeploy.model.CreateDeploymentRequest;
import software.amazon.awssdk.services.codedeploy.model.GetDeploymentRequest;
import software.amazon.awssdk.services.codedeploy.model.BatchGetDeploymentsRequest;
import software.amazon.awssdk.services.codedeploy.model.ListDeploymentsRequest;
import software.amazon.awssdk.services.codedeploy.model.ListDeploymentTargetsRequest;
import software.amazon.awssdk.services.codedeploy.model.GetDeploymentTargetRequest;
import software.amazon.awssdk.services.codedeploy.model.BatchGetDeploymentTargetsRequest;
import software.amazon.awssdk.services.codedeploy.model.ContinueDeploymentRequest;
import software.amazon.awssdk.services.codedeploy.model.StopDeploymentRequest;

/**
 * CodeDeploy for the ECS service {@code web-cd}: its application and deployment group, the predefined deployment
 * configs, and deployments (CreateDeployment with an inline AppSpec, GetDeployment, ListDeployments,
 * ListDeploymentTargets / GetDeploymentTarget, ContinueDeployment, StopDeployment) that {@link CodeDeployEngine}
 * carries out on the service's task sets; UpdateDeploymentGroup sets the group's blue/green settings (the ready wait,
 * the termination wait) as Terraform or the console would. Errors named and worded as CodeDeploy's where known.
 */
public final class CodeDeployHandler implements ServiceHandler {
    public static final String APPLICATION = "AppECS-demo-web-cd";
    public static final String GROUP = "DgpECS-demo-web-cd";
    static final String SERVICE = "web-cd";
    static final String DEFAULT_CONFIG = "CodeDeployDefault.ECSAllAtOnce";

    private final String region;
    private final String account;
    private final Instant createdAt;
    private final EcsRuntime ecs;
    private final CodeDeployEngine engine;

    public CodeDeployHandler(String region, String account, Instant createdAt, EcsRuntime ecs,
                             CodeDeployEngine engine) {
        this.region = region;
        this.account = account;
        this.createdAt = createdAt;
        this.ecs = ecs;
        this.engine = engine;
    }

    /** Every operation CodeDeploy serves here, with the SDK builder that types its request (RequestValidator). */
    private final Map<String, ServedOperation> operations = ServedOperation.table(
            typed("GetApplication", GetApplicationRequest::builder, this::getApplication),
            typed("ListDeploymentGroups", ListDeploymentGroupsRequest::builder, this::listDeploymentGroups),
            typed("GetDeploymentGroup", GetDeploymentGroupRequest::builder, this::getDeploymentGroup),
            typed("UpdateDeploymentGroup", UpdateDeploymentGroupRequest::builder, this::updateDeploymentGroup),
            typed("GetDeploymentConfig", GetDeploymentConfigRequest::builder, this::getDeploymentConfig),
            typed("CreateDeployment", CreateDeploymentRequest::builder, this::createDeployment),
            typed("GetDeployment", GetDeploymentRequest::builder, this::getDeployment),
            typed("BatchGetDeployments", BatchGetDeploymentsRequest::builder, this::batchGetDeployments),
            typed("ListDeployments", ListDeploymentsRequest::builder, this::listDeployments),
            typed("ListDeploymentTargets", ListDeploymentTargetsRequest::builder, this::listDeploymentTargets),
            typed("GetDeploymentTarget", GetDeploymentTargetRequest::builder, this::getDeploymentTarget),
            typed("BatchGetDeploymentTargets", BatchGetDeploymentTargetsRequest::builder,
                    this::batchGetDeploymentTargets),
            typed("ContinueDeployment", ContinueDeploymentRequest::builder, this::continueDeployment),
            typed("StopDeployment", StopDeploymentRequest::builder, this::stopDeployment));

    @Override
    public Map<String, ServedOperation> operations() {
        return operations;
    }

    // ---- application, deployment group, deployment configs --------------------------------------------------

    private JsonNode getApplication(JsonNode input) {
        requireApplication(Wire.text(input, "applicationName"));
        ObjectNode out = Wire.object();
        ObjectNode app = out.putObject("application");
        app.put("applicationId", "5b9d8ab1-5a3c-4a36-9d0c-0c1d3ad1e0f7");
        app.put("applicationName", APPLICATION);
        Wire.putTime(app, "createTime", createdAt);
        app.put("linkedToGitHub", false);
        app.put("computePlatform", "ECS");
        return out;
    }

    private JsonNode listDeploymentGroups(JsonNode input) {
        requireApplication(Wire.text(input, "applicationName"));
        ObjectNode out = Wire.object();
        out.put("applicationName", APPLICATION);
        out.set("deploymentGroups", Wire.array().add(GROUP));
        return out;
    }

    private JsonNode getDeploymentGroup(JsonNode input) {
        requireApplication(Wire.text(input, "applicationName"));
        requireGroup(Wire.text(input, "deploymentGroupName"));
        ObjectNode out = Wire.object();
        out.set("deploymentGroupInfo", group());
        return out;
    }

    private JsonNode getDeploymentConfig(JsonNode input) {
        String name = Wire.text(input, "deploymentConfigName");
        DeploymentConfigs.Config config = DeploymentConfigs.find(name).orElseThrow(() -> noConfig(name));
        ObjectNode out = Wire.object();
        out.set("deploymentConfigInfo", DeploymentConfigs.info(config, createdAt));
        return out;
    }

    // ---- reading deployments and their targets --------------------------------------------------------------

    private JsonNode getDeployment(JsonNode input) {
        ObjectNode out = Wire.object();
        out.set("deploymentInfo", deploymentInfo(requireDeployment(Wire.text(input, "deploymentId"))));
        return out;
    }

    private JsonNode batchGetDeployments(JsonNode input) {
        ObjectNode out = Wire.object();
        ArrayNode infos = out.putArray("deploymentsInfo");
        for (String id : Wire.textList(input, "deploymentIds")) {
            engine.find(id).ifPresent(d -> infos.add(deploymentInfo(d)));
        }
        return out;
    }

    private JsonNode listDeploymentTargets(JsonNode input) {
        CodeDeployment d = requireDeployment(Wire.text(input, "deploymentId"));
        ObjectNode out = Wire.object();
        out.set("targetIds", d.to == null && d.from == null ? Wire.array() : Wire.array().add(targetId(d)));
        return out;
    }

    private JsonNode getDeploymentTarget(JsonNode input) {
        CodeDeployment d = requireDeployment(Wire.text(input, "deploymentId"));
        String targetId = Wire.text(input, "targetId");
        if (targetId == null) {
            throw AwsError.client("DeploymentTargetIdRequiredException", "A deployment target ID is required.");
        }
        if (!targetId.equals(targetId(d))) {
            throw AwsError.client("DeploymentTargetDoesNotExistException", "The deployment target "
                    + targetId + " does not exist in deployment " + d.id + ".");
        }
        ObjectNode out = Wire.object();
        out.set("deploymentTarget", target(d));
        return out;
    }

    private JsonNode batchGetDeploymentTargets(JsonNode input) {
        CodeDeployment d = requireDeployment(Wire.text(input, "deploymentId"));
        ObjectNode out = Wire.object();
        ArrayNode targets = out.putArray("deploymentTargets");
        for (String id : Wire.textList(input, "targetIds")) {
            if (!id.equals(targetId(d))) {
                throw AwsError.client("DeploymentTargetDoesNotExistException", "The deployment target "
                        + id + " does not exist in deployment " + d.id + ".");
            }
            targets.add(target(d));
        }
        return out;
    }

    // ---- deployments ----------------------------------------------------------------------------------------

    private JsonNode createDeployment(JsonNode input) {
        String application = Wire.text(input, "applicationName");
        requireApplication(application);
        String groupName = Wire.text(input, "deploymentGroupName");
        if (groupName == null) {
            throw AwsError.client("DeploymentGroupNameRequiredException", "Deployment group name is required.");
        }
        requireGroup(groupName);
        String configName = Wire.text(input, "deploymentConfigName") == null ? DEFAULT_CONFIG
                : Wire.text(input, "deploymentConfigName");
        DeploymentConfigs.Config config = DeploymentConfigs.find(configName).orElseThrow(() -> noConfig(configName));
        if (!"ECS".equals(config.computePlatform())) {
            throw AwsError.client("InvalidDeploymentConfigNameException", "The deployment config " + configName
                    + " is for the " + config.computePlatform() + " compute platform, not ECS.");
        }
        JsonNode revision = input.get("revision");
        if (revision == null || revision.isNull()) {
            throw AwsError.client("RevisionRequiredException", "The revision ID was not specified.");
        }
        String type = Wire.text(revision, "revisionType");
        if (!"AppSpecContent".equals(type)) {
            throw AwsError.client("RevisionDoesNotExistException", "The sandbox holds no " + type + " revisions:"
                    + " give the AppSpec inline (revisionType AppSpecContent).");
        }
        JsonNode appSpecContent = revision.path("appSpecContent");
        AppSpec appSpec = AppSpec.parse(Wire.text(appSpecContent, "content"), Wire.text(appSpecContent, "sha256"),
                this::containerPorts);
        Optional<CodeDeployment> running = engine.active(SERVICE);
        if (running.isPresent()) {
            throw AwsError.client("DeploymentLimitExceededException", "The Deployment Group '" + groupName
                    + "' already has an active Deployment '" + running.get().id + "'");
        }
        EcsServiceState service = ecs.services.get(SERVICE);
        TaskDefinitionRecord taskDefinition = ecs.findTaskDefinition(appSpec.taskDefinitionArn()).orElseThrow();
        JsonNode rollbackConfig = input.get("autoRollbackConfiguration");
        boolean autoRollback = rollbackConfig == null || rollbackConfig.isNull() || Wire.bool(rollbackConfig,
                "enabled", false);
        List<String> rollbackEvents = rollbackConfig == null || rollbackConfig.isNull()
                ? CodeDeployEngine.GROUP_ROLLBACK_EVENTS : Wire.textList(rollbackConfig, "events");
        CodeDeployment d = new CodeDeployment(CodeDeployEngine.newId(), APPLICATION, GROUP, SERVICE, config,
                Wire.text(input, "description"), taskDefinition, appSpec.hooks(), Wire.text(appSpecContent,
                "sha256"), ecs.clock.now(), autoRollback, rollbackEvents, null);
        d.from = service.primary();
        d.readyAction = engine.readyAction;
        d.readyWaitMinutes = engine.readyWaitMinutes;
        d.terminationWaitMinutes = engine.terminationWaitMinutes;
        d.until = ecs.clock.after(CodeDeployEngine.STATUS_SECONDS);
        engine.deployments.add(d);
        ObjectNode out = Wire.object();
        out.put("deploymentId", d.id);
        return out;
    }

    /** A registered, ACTIVE task definition's containers and the container ports each maps. */
    private Optional<Map<String, List<Integer>>> containerPorts(String arn) {
        return ecs.findTaskDefinition(arn).filter(td -> td.active && td.arn.equals(arn)).map(td -> {
            Map<String, List<Integer>> containers = new java.util.LinkedHashMap<>();
            for (JsonNode container : td.containers()) {
                List<Integer> ports = new ArrayList<>();
                container.path("portMappings").forEach(p -> ports.add(p.path("containerPort").asInt()));
                containers.put(container.path("name").asText(), ports);
            }
            return containers;
        });
    }

    private JsonNode listDeployments(JsonNode input) {
        String application = Wire.text(input, "applicationName");
        String groupName = Wire.text(input, "deploymentGroupName");
        if (application != null) {
            requireApplication(application);
        }
        if (groupName != null) {
            if (application == null) {
                throw AwsError.client("ApplicationNameRequiredException", "The application name must be specified"
                        + " when a deployment group name is given.");
            }
            requireGroup(groupName);
        }
        List<String> statuses = Wire.textList(input, "includeOnlyStatuses");
        List<String> ids = new ArrayList<>();
        for (CodeDeployment d : engine.deployments.reversed()) {
            if (statuses.isEmpty() || statuses.contains(d.status)) {
                ids.add(d.id);
            }
        }
        ObjectNode out = Wire.object();
        out.set("deployments", Wire.strings(ids));
        return out;
    }

    private JsonNode continueDeployment(JsonNode input) {
        CodeDeployment d = requireDeployment(Wire.text(input, "deploymentId"));
        String waitType = Wire.text(input, "deploymentWaitType") == null ? "READY_WAIT"
                : Wire.text(input, "deploymentWaitType");
        if (!waitType.equals("READY_WAIT") && !waitType.equals("TERMINATION_WAIT")) {
            throw AwsError.client("InvalidDeploymentWaitTypeException", "The wait type is invalid.");
        }
        if (d.finished()) {
            throw AwsError.client("DeploymentAlreadyCompletedException", "The deployment " + d.id
                    + " has already completed.");
        }
        boolean continued = waitType.equals("READY_WAIT")
                ? engine.endReadyWait(ecs.services.get(d.serviceName), d, ecs)
                : engine.endTerminationWait(d);
        if (!continued) {
            throw AwsError.client("DeploymentIsNotInReadyStateException", "The deployment " + d.id + " does not"
                    + " have a status of " + (waitType.equals("READY_WAIT") ? "Ready" : "waiting for the original"
                    + " task set's termination") + " and can't continue yet.");
        }
        return Wire.object();
    }

    /**
     * The group's blue/green settings: deploymentReadyOption and terminateBlueInstancesOnDeploymentSuccess, for the
     * deployments created after it. The group's other settings are the world's and are left as they are.
     */
    private JsonNode updateDeploymentGroup(JsonNode input) {
        requireApplication(Wire.text(input, "applicationName"));
        String current = Wire.text(input, "currentDeploymentGroupName");
        if (current == null) {
            throw AwsError.client("DeploymentGroupNameRequiredException", "Deployment group name is required.");
        }
        requireGroup(current);
        String renamed = Wire.text(input, "newDeploymentGroupName");
        if (renamed != null && !renamed.equals(GROUP)) {
            throw AwsError.client("InvalidDeploymentGroupNameException", "The sandbox keeps the deployment group"
                    + " name " + GROUP + "; it cannot be renamed to " + renamed + ".");
        }
        JsonNode blueGreen = input.get("blueGreenDeploymentConfiguration");
        if (blueGreen != null && !blueGreen.isNull()) {
            JsonNode ready = blueGreen.get("deploymentReadyOption");
            String action = engine.readyAction;
            int wait = engine.readyWaitMinutes;
            if (ready != null && !ready.isNull()) {
                action = Wire.text(ready, "actionOnTimeout") == null ? CodeDeployEngine.CONTINUE_DEPLOYMENT
                        : Wire.text(ready, "actionOnTimeout");
                if (!action.equals(CodeDeployEngine.CONTINUE_DEPLOYMENT)
                        && !action.equals(CodeDeployEngine.STOP_DEPLOYMENT)) {
                    throw invalidBlueGreen("actionOnTimeout must be CONTINUE_DEPLOYMENT or STOP_DEPLOYMENT, not "
                            + action + ".");
                }
                wait = ready.path("waitTimeInMinutes").asInt(0);
                if (wait < 0) {
                    throw invalidBlueGreen("waitTimeInMinutes cannot be negative: " + wait + ".");
                }
                if (action.equals(CodeDeployEngine.CONTINUE_DEPLOYMENT) && wait > 0) {
                    // CodeDeploy's own words (hashicorp/terraform-provider-aws#9653): a wait applies only to
                    // STOP_DEPLOYMENT.
                    throw AwsError.client("InvalidBlueGreenDeploymentConfigurationException", "Deployment ready"
                            + " action cannot be set to 'CONTINUE_DEPLOYMENT' when timeout is specified");
                }
            }
            JsonNode terminate = blueGreen.get("terminateBlueInstancesOnDeploymentSuccess");
            int termination = engine.terminationWaitMinutes;
            if (terminate != null && !terminate.isNull()) {
                String terminateAction = Wire.text(terminate, "action");
                if (terminateAction != null && !terminateAction.equals("TERMINATE")) {
                    throw invalidBlueGreen("the sandbox always terminates the original task set (action"
                            + " TERMINATE), not " + terminateAction + ".");
                }
                termination = terminate.path("terminationWaitTimeInMinutes").asInt(0);
                if (termination < 0 || termination > 2880) {
                    throw invalidBlueGreen("terminationWaitTimeInMinutes must be from 0 to 2880 (2 days), not "
                            + termination + ".");
                }
            }
            engine.readyAction = action;
            engine.readyWaitMinutes = wait;
            engine.terminationWaitMinutes = termination;
        }
        ObjectNode out = Wire.object();
        out.set("hooksNotCleanedUp", Wire.array());
        return out;
    }

    private static AwsError invalidBlueGreen(String why) {
        return AwsError.client("InvalidBlueGreenDeploymentConfigurationException", "The configuration for the"
                + " blue/green deployment group was provided in an invalid format: " + why);
    }

    private JsonNode stopDeployment(JsonNode input) {
        CodeDeployment d = requireDeployment(Wire.text(input, "deploymentId"));
        if (d.finished()) {
            throw AwsError.client("DeploymentAlreadyCompletedException", "The deployment " + d.id
                    + " has already completed.");
        }
        JsonNode flag = input.get("autoRollbackEnabled");
        boolean rollback = flag == null || flag.isNull()
                ? d.autoRollback && d.autoRollbackEvents.contains("DEPLOYMENT_STOP_ON_REQUEST") : flag.asBoolean();
        String stopped = "The deployment was stopped by a user request";
        boolean rolledBack = engine.fail(ecs.services.get(d.serviceName), d, "MANUAL_STOP", stopped + ".",
                "Stopped", rollback, ecs);
        if (rolledBack) {
            // Only a rollback that was started is one to speak of: not asked for, or nothing to undo, it is not.
            d.errorMessage = stopped + " and rolled back.";
        }
        ObjectNode out = Wire.object();
        out.put("status", "Pending");
        out.put("statusMessage", "Stopping Active deployment");
        return out;
    }

    private CodeDeployment requireDeployment(String id) {
        if (id == null) {
            throw AwsError.client("DeploymentIdRequiredException", "At least one deployment ID must be"
                    + " specified.");
        }
        if (!id.matches("d-[A-Z0-9]{9}")) {
            throw AwsError.client("InvalidDeploymentIdException", "Specified DeploymentId is not in the valid"
                    + " format: " + id);
        }
        return engine.find(id).orElseThrow(() -> AwsError.client("DeploymentDoesNotExistException",
                "The deployment " + id + " could not be found in account " + account + "."));
    }

    private static String targetId(CodeDeployment d) {
        return "demo:" + d.serviceName;
    }

    private ObjectNode deploymentInfo(CodeDeployment d) {
        ObjectNode info = Wire.object();
        info.put("applicationName", d.application);
        info.put("deploymentGroupName", d.group);
        info.put("deploymentConfigName", d.config.name());
        info.put("deploymentId", d.id);
        ObjectNode revision = info.putObject("revision");
        revision.put("revisionType", "AppSpecContent");
        // GetDeployment leaves the content out, as CodeDeploy does.
        ObjectNode content = revision.putObject("appSpecContent");
        if (d.sha256 != null) {
            content.put("sha256", d.sha256);
        }
        info.put("status", d.status);
        if (d.errorCode != null) {
            info.putObject("errorInformation").put("code", d.errorCode).put("message", d.errorMessage);
        }
        Wire.putTime(info, "createTime", d.createTime);
        Wire.putTime(info, "startTime", d.startTime);
        Wire.putTime(info, "completeTime", d.completeTime);
        ObjectNode overview = info.putObject("deploymentOverview");
        String targetStatus = d.targetStatus();
        for (String key : List.of("Pending", "InProgress", "Succeeded", "Failed", "Skipped", "Ready")) {
            overview.put(key, key.equals(targetStatus) ? 1 : 0);
        }
        if (d.description != null) {
            info.put("description", d.description);
        }
        info.put("creator", d.rollbackOf == null ? "user" : "autoRollback");
        info.put("ignoreApplicationStopFailures", false);
        ObjectNode autoRollback = info.putObject("autoRollbackConfiguration");
        autoRollback.put("enabled", d.autoRollback);
        autoRollback.set("events", Wire.strings(d.autoRollbackEvents));
        info.put("updateOutdatedInstancesOnly", false);
        if (d.rollbackDeploymentId != null || d.rollbackOf != null || d.rollbackMessage != null) {
            ObjectNode rollback = info.putObject("rollbackInfo");
            if (d.rollbackDeploymentId != null) {
                rollback.put("rollbackDeploymentId", d.rollbackDeploymentId);
            }
            if (d.rollbackOf != null) {
                rollback.put("rollbackTriggeringDeploymentId", d.rollbackOf.id);
            }
            if (d.rollbackMessage != null) {
                rollback.put("rollbackMessage", d.rollbackMessage);
            }
        }
        info.putObject("deploymentStyle").put("deploymentType", "BLUE_GREEN")
                .put("deploymentOption", "WITH_TRAFFIC_CONTROL");
        info.put("instanceTerminationWaitTimeStarted", d.terminationWaitStarted);
        ObjectNode group = group();
        info.set("blueGreenDeploymentConfiguration", blueGreen(d.readyAction, d.readyWaitMinutes,
                d.terminationWaitMinutes));
        info.set("loadBalancerInfo", group.get("loadBalancerInfo"));
        info.put("fileExistsBehavior", "DISALLOW");
        info.set("deploymentStatusMessages", Wire.array());
        info.put("computePlatform", "ECS");
        return info;
    }

    private ObjectNode target(CodeDeployment d) {
        ObjectNode target = Wire.object();
        target.put("deploymentTargetType", "ECSTarget");
        ObjectNode ecsTarget = target.putObject("ecsTarget");
        ecsTarget.put("deploymentId", d.id);
        ecsTarget.put("targetId", targetId(d));
        EcsServiceState service = ecs.services.get(d.serviceName);
        ecsTarget.put("targetArn", service.arn);
        Wire.putTime(ecsTarget, "lastUpdatedAt", d.completeTime != null ? d.completeTime : ecs.clock.now());
        ArrayNode events = ecsTarget.putArray("lifecycleEvents");
        d.events.forEach((name, event) -> {
            ObjectNode json = events.addObject();
            json.put("lifecycleEventName", name);
            Wire.putTime(json, "startTime", event.startTime);
            Wire.putTime(json, "endTime", event.endTime);
            json.put("status", event.status);
        });
        ecsTarget.put("status", d.targetStatus());
        ArrayNode taskSets = ecsTarget.putArray("taskSetsInfo");
        // Labels by role in the original deployment: Blue the task set that served before, Green the replacement.
        Deployment blue = d.rollbackOf == null ? d.from : d.to;
        Deployment green = d.rollbackOf == null ? d.to : d.from;
        if (blue != null) {
            taskSets.add(taskSetInfo(blue, "Blue", service));
        }
        if (green != null) {
            taskSets.add(taskSetInfo(green, "Green", service));
        }
        return target;
    }

    private ObjectNode taskSetInfo(Deployment taskSet, String label, EcsServiceState service) {
        List<EcsTask> tasks = ecs.tasksOf(taskSet);
        Map<String, Integer> counts = ecs.counts(tasks);
        boolean gone = !service.deployments.contains(taskSet);
        ObjectNode json = Wire.object();
        json.put("identifer", taskSet.id);
        json.put("desiredCount", gone ? 0 : taskSet.desiredCount);
        json.put("pendingCount", counts.get("pending"));
        json.put("runningCount", counts.get("running"));
        json.put("status", gone ? "DRAINING" : taskSet.status);
        json.put("trafficWeight", taskSet.trafficWeight);
        json.putObject("targetGroup").put("name", taskSet.targetGroupName == null
                ? CodeDeployEngine.BLUE_TARGET_GROUP : taskSet.targetGroupName);
        json.put("taskSetLabel", label);
        return json;
    }

    private static ObjectNode blueGreen(String readyAction, int readyWaitMinutes, int terminationWaitMinutes) {
        ObjectNode blueGreen = Wire.object();
        blueGreen.putObject("terminateBlueInstancesOnDeploymentSuccess").put("action", "TERMINATE")
                .put("terminationWaitTimeInMinutes", terminationWaitMinutes);
        blueGreen.putObject("deploymentReadyOption").put("actionOnTimeout", readyAction)
                .put("waitTimeInMinutes", readyWaitMinutes);
        return blueGreen;
    }

    private static AwsError noConfig(String name) {
        return AwsError.client("DeploymentConfigDoesNotExistException", "No deployment configuration found for"
                + " name: " + name);
    }

    private static void requireApplication(String name) {
        if (name == null) {
            throw AwsError.client("ApplicationNameRequiredException", "The minimum number of required characters"
                    + " was not specified.");
        }
        if (!APPLICATION.equals(name)) {
            throw AwsError.client("ApplicationDoesNotExistException", "No application found for name: " + name);
        }
    }

    private static void requireGroup(String name) {
        if (!GROUP.equals(name)) {
            throw AwsError.client("DeploymentGroupDoesNotExistException", "No Deployment Group found for name: "
                    + name);
        }
    }

    private ObjectNode group() {
        String tgPrefix = "arn:aws:elasticloadbalancing:" + region + ":" + account + ":";
        ObjectNode group = Wire.object();
        group.put("applicationName", APPLICATION);
        group.put("deploymentGroupId", "0d6e1f9a-2c44-4f57-a0e7-3d5b0cb9a5f1");
        group.put("deploymentGroupName", GROUP);
        group.put("deploymentConfigName", "CodeDeployDefault.ECSAllAtOnce");
        group.put("serviceRoleArn", "arn:aws:iam::" + account + ":role/ecsCodeDeployRole");
        group.set("triggerConfigurations", Wire.array());
        ObjectNode rollback = group.putObject("autoRollbackConfiguration");
        rollback.put("enabled", true);
        rollback.set("events", Wire.strings(CodeDeployEngine.GROUP_ROLLBACK_EVENTS));
        ObjectNode alarms = group.putObject("alarmConfiguration");
        alarms.put("enabled", false);
        alarms.put("ignorePollAlarmFailure", false);
        alarms.set("alarms", Wire.array());
        ObjectNode style = group.putObject("deploymentStyle");
        style.put("deploymentType", "BLUE_GREEN");
        style.put("deploymentOption", "WITH_TRAFFIC_CONTROL");
        group.set("blueGreenDeploymentConfiguration", blueGreen(engine.readyAction, engine.readyWaitMinutes,
                engine.terminationWaitMinutes));
        ObjectNode pair = Wire.object();
        pair.set("targetGroups", Wire.array()
                .add(Wire.object().put("name", CodeDeployEngine.BLUE_TARGET_GROUP))
                .add(Wire.object().put("name", CodeDeployEngine.GREEN_TARGET_GROUP)));
        pair.putObject("prodTrafficRoute").set("listenerArns", Wire.array().add(tgPrefix
                + "listener/app/demo/50dc6c495c0c9188/0467ef3c8400ae65"));
        pair.putObject("testTrafficRoute").set("listenerArns", Wire.array().add(tgPrefix
                + "listener/app/demo/50dc6c495c0c9188/9a8b7c6d5e4f3a2b"));
        group.putObject("loadBalancerInfo").set("targetGroupPairInfoList", Wire.array().add(pair));
        group.set("ecsServices", Wire.array().add(Wire.object().put("serviceName", "web-cd")
                .put("clusterName", "demo")));
        group.put("computePlatform", "ECS");
        group.put("outdatedInstancesStrategy", "UPDATE");
        return group;
    }
}
