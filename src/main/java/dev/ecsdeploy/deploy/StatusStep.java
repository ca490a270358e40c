package dev.ecsdeploy.deploy;

import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.github.Outputs;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * {@code status}: the service, its deployments, recent events, and its running and recently stopped tasks; and as
 * outputs the revision it runs, its strategy, and the running (or last) deployment's id and state.
 */
public final class StatusStep implements Step {
    private static final int EVENTS = 10;
    /** Deployments of the group newer than the task set's that are looked at (CodeDeploy runs one at a time). */
    private static final int CODE_DEPLOY_LOOKUPS = 10;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "status";
    }

    @Override
    public void plan(RunContext context) {
        String cluster = context.inputs().string(Input.CLUSTER);
        String name = context.inputs().require(Input.SERVICE, "to show its status");
        EcsClient ecs = context.aws().ecs();
        Service service = EcsServices.describe(ecs, cluster, name);
        ActionLog log = context.log();
        String controller = service.deploymentController() == null ? "ECS"
                : service.deploymentController().typeAsString();
        String strategy = service.deploymentConfiguration() == null
                || service.deploymentConfiguration().strategyAsString() == null ? "ROLLING"
                : service.deploymentConfiguration().strategyAsString();
        log.info("Service " + name + " in " + cluster + ": " + service.status() + ", " + controller + " controller, "
                + strategy + ", " + Rollout.revisionName(service.taskDefinition()) + ", " + service.runningCount()
                + "/" + service.desiredCount() + " running, " + service.pendingCount() + " pending");
        log.info("Deployments:");
        service.deployments().forEach(d -> log.info("  " + ProgressPrinter.deploymentLine(d)
                + (d.rolloutStateReason() == null ? "" : " (" + d.rolloutStateReason() + ")")));
        List<ServiceDeployment> current = service.currentServiceDeployment() == null ? List.of()
                : ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(service.currentServiceDeployment()))
                        .serviceDeployments();
        current.forEach(d -> log.info("  current " + ProgressPrinter.serviceDeploymentLine(d)
                + (ServiceDeploymentVerdicts.reason(d) == null ? "" : " (" + ServiceDeploymentVerdicts.reason(d) + ")")));
        if (!service.taskSets().isEmpty()) {
            // CodeDeploy services run their revisions as task sets: PRIMARY takes production traffic.
            log.info("Task sets:");
            service.taskSets().forEach(set -> log.info("  " + set.status() + " " + set.id() + " "
                    + Rollout.revisionName(set.taskDefinition()) + ": running " + set.runningCount() + "/"
                    + set.computedDesiredCount() + ", " + set.stabilityStatusAsString()));
        }
        log.info("Recent events:");
        for (ServiceEvent event : service.events().stream().limit(EVENTS).toList().reversed()) {
            log.info("  " + TIME.format(event.createdAt()) + " " + event.message());
        }
        log.info("Running tasks: " + countByRevision(tasks(ecs, cluster, name, DesiredStatus.RUNNING)));
        List<Task> stopped = tasks(ecs, cluster, name, DesiredStatus.STOPPED);
        List<StoppedTaskCauses.Cause> causes = StoppedTaskCauses.group(stopped);
        log.info("Recently stopped tasks: " + (causes.isEmpty() ? "none that failed" : ""));
        causes.forEach(cause -> log.info("  " + cause.withCount()));
        writeOutputs(context, service, controller, current);
    }

    /** What later steps can use; each only when it was seen (a service never deployed by CodeDeploy has no id). */
    private static void writeOutputs(RunContext context, Service service, String controller,
                                     List<ServiceDeployment> current) {
        Outputs outputs = context.outputs();
        if (service.taskDefinition() != null) {
            outputs.set(ActionOutput.TASK_DEFINITION_ARN, service.taskDefinition());
            Integer revision = StatusOutputs.revision(service.taskDefinition());
            if (revision != null) {
                outputs.set(ActionOutput.TASK_DEFINITION_REVISION, revision);
            }
        }
        if (!"EXTERNAL".equals(controller)) {
            String configured = service.deploymentConfiguration() == null ? null
                    : service.deploymentConfiguration().strategyAsString();
            outputs.set(ActionOutput.STRATEGY, StrategyResolver.resolve("auto", controller, configured).inputName());
        }
        if ("CODE_DEPLOY".equals(controller)) {
            codeDeployDeployment(context, service).ifPresent(latest -> {
                outputs.set(ActionOutput.DEPLOYMENT_ID, latest.id());
                outputs.set(ActionOutput.DEPLOYMENT_STATE, latest.status());
            });
        } else if (!current.isEmpty()) {
            outputs.set(ActionOutput.DEPLOYMENT_ID, current.getFirst().serviceDeploymentArn());
            outputs.set(ActionOutput.DEPLOYMENT_STATE, current.getFirst().statusAsString());
        }
    }

    /**
     * The group's last CodeDeploy deployment: the task set's names the group (GetDeployment), whose deployments are
     * then compared by creation time, so a rollback that left the original task set serving is still the last.
     */
    private static Optional<StatusOutputs.CodeDeployment> codeDeployDeployment(RunContext context, Service service) {
        Optional<String> made = StatusOutputs.taskSetDeployment(service.taskSets());
        if (made.isEmpty()) {
            return Optional.empty();
        }
        CodeDeployClient codeDeploy = context.aws().codeDeploy();
        DeploymentInfo known = codeDeploy.getDeployment(r -> r.deploymentId(made.get())).deploymentInfo();
        List<StatusOutputs.CodeDeployment> recent = new ArrayList<>();
        recent.add(codeDeployment(known));
        codeDeploy.listDeployments(r -> r.applicationName(known.applicationName())
                        .deploymentGroupName(known.deploymentGroupName())
                        .createTimeRange(t -> t.start(known.createTime())))
                .deployments().stream().filter(id -> !id.equals(known.deploymentId())).limit(CODE_DEPLOY_LOOKUPS)
                .forEach(id -> recent.add(codeDeployment(codeDeploy.getDeployment(r -> r.deploymentId(id))
                        .deploymentInfo())));
        return StatusOutputs.newest(recent);
    }

    private static StatusOutputs.CodeDeployment codeDeployment(DeploymentInfo info) {
        return new StatusOutputs.CodeDeployment(info.deploymentId(), info.createTime(), info.statusAsString());
    }

    private static List<Task> tasks(EcsClient ecs, String cluster, String service, DesiredStatus status) {
        List<String> arns = ecs.listTasks(r -> r.cluster(cluster).serviceName(service).desiredStatus(status))
                .taskArns();
        return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks();
    }

    private static String countByRevision(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return "none";
        }
        Map<String, Integer> counts = new TreeMap<>();
        tasks.forEach(task -> counts.merge(Rollout.revisionName(task.taskDefinitionArn()), 1, Integer::sum));
        StringBuilder text = new StringBuilder();
        counts.forEach((revision, count) -> text.append(text.isEmpty() ? "" : ", ").append(count).append(" × ")
                .append(revision));
        return text.toString();
    }
}
