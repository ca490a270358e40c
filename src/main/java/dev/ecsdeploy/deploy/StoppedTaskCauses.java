package dev.ecsdeploy.deploy;

import dev.ecsdeploy.util.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Groups the stopped tasks of a deployment by why they stopped (stop code, stopped reason, and the exit code and
 * reason of each container that exited), most frequent first, as Copilot shows them. Tasks the scheduler stopped
 * because a deployment scaled them in are not failures and are left out. Pure.
 */
@Decision
final class StoppedTaskCauses {
    private static final String SCALED_IN = "Scaling activity initiated by";

    private StoppedTaskCauses() {
    }

    /** One reason and the tasks that stopped for it. */
    record Cause(String description, String stopCode, List<String> taskIds, List<ExitedContainer> exited) {
        int count() {
            return taskIds.size();
        }

        /** "3 tasks: Task failed ELB health checks in (...)". */
        String withCount() {
            return count() + (count() == 1 ? " task: " : " tasks: ") + description;
        }
    }

    /** A container that exited, in the first task that stopped for a cause (where its logs are read). */
    record ExitedContainer(String taskArn, String taskDefinitionArn, String container, Integer exitCode) {
    }

    static List<Cause> group(List<Task> stoppedTasks) {
        Map<String, List<Task>> byCause = new LinkedHashMap<>();
        for (Task task : stoppedTasks) {
            if (task.stoppedReason() != null && task.stoppedReason().startsWith(SCALED_IN)) {
                continue;
            }
            byCause.computeIfAbsent(describe(task), ignored -> new ArrayList<>()).add(task);
        }
        List<Cause> causes = new ArrayList<>();
        byCause.forEach((description, tasks) -> {
            Task first = tasks.getFirst();
            List<ExitedContainer> exited = first.containers().stream()
                    .filter(container -> container.exitCode() != null && container.exitCode() != 0)
                    .map(container -> new ExitedContainer(first.taskArn(), first.taskDefinitionArn(),
                            container.name(), container.exitCode()))
                    .toList();
            causes.add(new Cause(description, first.stopCodeAsString(),
                    tasks.stream().map(task -> taskId(task.taskArn())).toList(), exited));
        });
        causes.sort(Comparator.comparingInt(Cause::count).reversed());
        return causes;
    }

    /** The stopped reason, plus each container that exited non-zero or gave a reason of its own. */
    static String describe(Task task) {
        StringBuilder text = new StringBuilder(task.stoppedReason() == null ? "stopped (" + task.stopCodeAsString()
                + ")" : task.stoppedReason());
        for (Container container : task.containers()) {
            boolean exitedBadly = container.exitCode() != null && container.exitCode() != 0;
            boolean ownReason = container.reason() != null && !container.reason().isBlank()
                    && !text.toString().contains(container.reason());
            if (exitedBadly || ownReason) {
                text.append("; container ").append(container.name());
                if (exitedBadly) {
                    text.append(" exited with code ").append(container.exitCode());
                }
                if (ownReason) {
                    text.append(exitedBadly ? ": " : " ").append(container.reason());
                }
            }
        }
        return text.toString();
    }

    static String taskId(String taskArn) {
        return taskArn == null ? "" : taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }
}
