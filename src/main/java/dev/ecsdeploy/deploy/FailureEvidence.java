package dev.ecsdeploy.deploy;

import dev.ecsdeploy.aws.ContainerLogs;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
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

    /** The last lines of a container that exited, from its awslogs stream. */
    private Optional<List<String>> tail(TaskDefinition definition, String containerName, String taskId) {
        return definition.containerDefinitions().stream().filter(c -> c.name().equals(containerName)).findFirst()
                .flatMap(container -> ContainerLogs.tail(logs, container, taskId, LOG_LINES));
    }
}
