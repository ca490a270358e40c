package dev.ecsdeploy.deploy;

import dev.ecsdeploy.util.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Decides what the evidence of a failed deployment says: ECS's reason, the alarms that fired, this revision's stopped
 * tasks grouped by cause, the failure events, and which exited containers' logs are worth reading. Pure: the calls
 * that gather the evidence are {@link FailureEvidence}'s.
 */
@Decision
public final class FailureDiagnosis {
    static final int MAX_LOG_TAILS = 2;

    private FailureDiagnosis() {
    }

    /**
     * @param stoppedTasks      the service's recently stopped tasks (any revision)
     * @param taskDefinitionArn the revision deployed: only its tasks are evidence
     * @param since             when the deployment started; older tasks and events belong to other deployments
     */
    public static Diagnosis diagnose(List<Task> stoppedTasks, String taskDefinitionArn, Instant since,
                                     ServiceDeployment deployment, List<ServiceEvent> newestFirst) {
        List<Task> ours = stoppedTasks.stream()
                .filter(task -> taskDefinitionArn.equals(task.taskDefinitionArn()))
                .filter(task -> since == null || task.createdAt() == null || !task.createdAt().isBefore(since))
                .toList();
        List<String> alarms = deployment == null || deployment.alarms() == null ? List.of()
                : deployment.alarms().triggeredAlarmNames();
        return new Diagnosis(deployment == null ? null : ServiceDeploymentVerdicts.reason(deployment), alarms,
                StoppedTaskCauses.group(ours), FailureEvents.pick(newestFirst, since, 8), Map.of());
    }

    /** The containers whose last log lines tell most: the first that exited, of the commonest causes. */
    static List<StoppedTaskCauses.ExitedContainer> logsWorthReading(Diagnosis diagnosis) {
        List<StoppedTaskCauses.ExitedContainer> wanted = new ArrayList<>();
        for (StoppedTaskCauses.Cause cause : diagnosis.causes()) {
            for (StoppedTaskCauses.ExitedContainer exited : cause.exited()) {
                if (wanted.size() == MAX_LOG_TAILS) {
                    return wanted;
                }
                wanted.add(exited);
            }
        }
        return wanted;
    }
}
