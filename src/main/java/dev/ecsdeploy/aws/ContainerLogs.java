package dev.ecsdeploy.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogDriver;

/** The last lines a container of a task wrote, from its awslogs stream ({@code prefix/container/task-id}). */
public final class ContainerLogs {
    private ContainerLogs() {
    }

    /** Empty when the container does not log to CloudWatch Logs with a stream prefix, or wrote nothing. */
    public static Optional<List<String>> tail(CloudWatchLogsClient logs, ContainerDefinition container, String taskId,
                                              int lines) {
        if (container.logConfiguration() == null || container.logConfiguration().logDriver() != LogDriver.AWSLOGS) {
            return Optional.empty();
        }
        Map<String, String> options = container.logConfiguration().options();
        String group = options.get("awslogs-group");
        String prefix = options.get("awslogs-stream-prefix");
        if (group == null || prefix == null) {
            return Optional.empty();
        }
        try {
            List<String> tail = new ArrayList<>();
            for (OutputLogEvent event : logs.getLogEvents(r -> r.logGroupName(group)
                    .logStreamName(prefix + "/" + container.name() + "/" + taskId).limit(lines)
                    .startFromHead(false)).events()) {
                tail.add(event.message());
            }
            return tail.isEmpty() ? Optional.empty() : Optional.of(tail);
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The task id: the last part of its ARN. */
    public static String taskId(String taskArn) {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }
}
