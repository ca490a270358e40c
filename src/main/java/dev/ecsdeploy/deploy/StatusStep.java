package dev.ecsdeploy.deploy;

import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/** {@code status}: the service, its deployments, recent events, and its running and recently stopped tasks. */
public final class StatusStep implements Step {
    private static final int EVENTS = 10;
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
        if (service.currentServiceDeployment() != null) {
            ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(service.currentServiceDeployment()))
                    .serviceDeployments().forEach(d -> log.info("  current " + ProgressPrinter.serviceDeploymentLine(d)
                            + (ServiceDeploymentVerdicts.reason(d) == null ? ""
                            : " (" + ServiceDeploymentVerdicts.reason(d) + ")")));
        }
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
