package dev.ecsdeploy.deploy;

import dev.ecsdeploy.util.Decision;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * What {@code status} can tell later steps from what it saw: the revision number of the service's task definition,
 * and for a CodeDeploy service the deployment to ask CodeDeploy about. Pure; table-tested in
 * {@code StatusOutputsTest}.
 */
@Decision
final class StatusOutputs {
    private StatusOutputs() {
    }

    /** The number after the last colon of a task definition ARN; null when it has none. */
    static Integer revision(String taskDefinitionArn) {
        if (taskDefinitionArn == null) {
            return null;
        }
        String number = taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf(':') + 1);
        return number.matches("[0-9]{1,9}") ? Integer.valueOf(number) : null;
    }

    /**
     * The CodeDeploy deployment that made the newest task set: "If a CodeDeploy deployment created a task set, the
     * externalId parameter contains the CodeDeploy deployment ID" (ECS API reference: TaskSet). The replacement task
     * set while a deployment runs, else the one serving. Empty when no task set came from CodeDeploy.
     */
    static Optional<String> taskSetDeployment(List<TaskSet> taskSets) {
        return taskSets.stream().filter(set -> set.externalId() != null && !set.externalId().isBlank())
                .max(Comparator.comparing(set -> set.createdAt() == null ? Instant.EPOCH : set.createdAt()))
                .map(TaskSet::externalId);
    }

    /** One of a group's deployments as CodeDeploy describes it. */
    record CodeDeployment(String id, Instant created, String status) {
    }

    /**
     * The group's last deployment: the newest by creation time (a rollback deployment, say, is newer than the task
     * set it restored). Empty when there is none.
     */
    static Optional<CodeDeployment> newest(List<CodeDeployment> deployments) {
        return deployments.stream().filter(d -> d.created() != null).max(Comparator.comparing(CodeDeployment::created));
    }
}
