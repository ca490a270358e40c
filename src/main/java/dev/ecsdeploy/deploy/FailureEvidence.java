package dev.ecsdeploy.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Gathers the evidence of a failed deployment from ECS and CloudWatch Logs, a few calls once, and has
 * {@link FailureDiagnosis} decide what it says.
 */
public final class FailureEvidence {
    private static final int MAX_STOPPED_TASKS = 100;
    private static final int LOG_LINES = 20;

    private final EcsClient ecs;
    private final CloudWatchLogsClient logs;

    public FailureEvidence(EcsClient ecs, CloudWatchLogsClient logs) {
        this.ecs = ecs;
        this.logs = logs;
    }

    public Diagnosis diagnose(String cluster, String service, String taskDefinitionArn, Instant since,
                              ServiceDeployment deployment, List<ServiceEvent> newestFirst) {
        Diagnosis diagnosis = FailureDiagnosis.diagnose(stoppedTasks(cluster, service), taskDefinitionArn, since,
                deployment, newestFirst);
        Map<String, List<String>> tails = new LinkedHashMap<>();
        Map<String, TaskDefinition> definitions = new HashMap<>();
        for (StoppedTaskCauses.ExitedContainer exited : FailureDiagnosis.logsWorthReading(diagnosis)) {
            TaskDefinition definition = definitions.computeIfAbsent(exited.taskDefinitionArn(),
                    arn -> ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition());
            String taskId = StoppedTaskCauses.taskId(exited.taskArn());
            tail(definition, exited.container(), taskId).ifPresent(lines -> tails.put(
                    "container " + exited.container() + " in task " + taskId, lines));
        }
        return diagnosis.withLogTails(tails);
    }

    private List<Task> stoppedTasks(String cluster, String service) {
        List<String> arns = ecs.listTasks(r -> r.cluster(cluster).serviceName(service)
                .desiredStatus(DesiredStatus.STOPPED).maxResults(MAX_STOPPED_TASKS)).taskArns();
        return arns.isEmpty() ? List.of() : ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks();
    }

    /** The last lines of a container that exited, from its awslogs stream (prefix/container/task-id). */
    private Optional<List<String>> tail(TaskDefinition definition, String containerName, String taskId) {
        Optional<ContainerDefinition> container = definition.containerDefinitions().stream()
                .filter(c -> c.name().equals(containerName)).findFirst();
        if (container.isEmpty() || container.get().logConfiguration() == null
                || container.get().logConfiguration().logDriver() != LogDriver.AWSLOGS) {
            return Optional.empty();
        }
        Map<String, String> options = container.get().logConfiguration().options();
        String group = options.get("awslogs-group");
        String prefix = options.get("awslogs-stream-prefix");
        if (group == null || prefix == null) {
            return Optional.empty();
        }
        try {
            List<String> lines = new ArrayList<>();
            for (OutputLogEvent event : logs.getLogEvents(r -> r.logGroupName(group)
                    .logStreamName(prefix + "/" + containerName + "/" + taskId).limit(LOG_LINES)
                    .startFromHead(false)).events()) {
                lines.add(event.message());
            }
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines);
        } catch (software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException e) {
            return Optional.empty();
        }
    }
}
