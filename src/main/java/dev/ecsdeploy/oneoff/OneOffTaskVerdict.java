package dev.ecsdeploy.oneoff;

import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Whether a stopped one-off task did its job: it started, and every essential container exited 0. Anything else is a
 * failure with the reason ECS gave (the stop code and reason, each essential container's exit code or reason).
 */
public record OneOffTaskVerdict(boolean succeeded, String reason, List<ExitedContainer> exited) {
    public record ExitedContainer(String name, Integer exitCode, String reason) {
    }

    /** @param essential the names of the task definition's essential containers */
    public static OneOffTaskVerdict of(Task task, Set<String> essential) {
        List<ExitedContainer> exited = task.containers().stream()
                .map(c -> new ExitedContainer(c.name(), c.exitCode(), c.reason()))
                .toList();
        if ("TaskFailedToStart".equals(task.stopCodeAsString())) {
            return new OneOffTaskVerdict(false, "the task failed to start: " + task.stoppedReason(), exited);
        }
        if ("UserInitiated".equals(task.stopCodeAsString())) {
            return new OneOffTaskVerdict(false, "the task was stopped before it finished: " + task.stoppedReason(),
                    exited);
        }
        for (Container container : task.containers()) {
            if (!essential.contains(container.name())) {
                continue;
            }
            if (container.exitCode() == null) {
                return new OneOffTaskVerdict(false, "essential container " + container.name() + " has no exit code"
                        + (container.reason() == null ? "" : ": " + container.reason())
                        + (task.stoppedReason() == null ? "" : " (" + task.stoppedReason() + ")"), exited);
            }
            if (container.exitCode() != 0) {
                return new OneOffTaskVerdict(false, "essential container " + container.name() + " exited with code "
                        + container.exitCode(), exited);
            }
        }
        return new OneOffTaskVerdict(true, null, exited);
    }

    /** For the output: the first essential container's non-zero exit code, else the first one's; null if none exited. */
    public Integer exitCode(Set<String> essential) {
        List<Integer> codes = exited.stream().filter(c -> essential.contains(c.name()) && c.exitCode() != null)
                .map(ExitedContainer::exitCode).toList();
        return codes.stream().filter(code -> code != 0).findFirst().orElse(codes.isEmpty() ? null : codes.getFirst());
    }
}
