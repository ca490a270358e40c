package dev.ecsdeploy.oneoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

class OneOffTaskVerdictTest {
    private static Container container(String name, Integer exitCode, String reason) {
        return Container.builder().name(name).exitCode(exitCode).reason(reason).build();
    }

    private static Task task(String stopCode, String stoppedReason, Container... containers) {
        return Task.builder().taskArn("arn:aws:ecs:us-east-1:123456789012:task/demo/abc").lastStatus("STOPPED")
                .stopCode(stopCode).stoppedReason(stoppedReason).containers(containers).build();
    }

    static Stream<Arguments> endings() {
        return Stream.of(
                Arguments.of("every essential container exited 0",
                        task("EssentialContainerExited", "Essential container in task exited",
                                container("app", 0, null), container("sidecar", 0, null)),
                        true, null, 0),
                Arguments.of("the essential container exited 3",
                        task("EssentialContainerExited", "Essential container in task exited",
                                container("app", 3, null)),
                        false, "essential container app exited with code 3", 3),
                Arguments.of("a non-essential container's exit code does not count",
                        task("EssentialContainerExited", "Essential container in task exited",
                                container("app", 0, null), container("log-router", 1, null)),
                        true, null, 0),
                Arguments.of("the task never started",
                        task("TaskFailedToStart", "CannotPullContainerError: not found", container("app", null,
                                "CannotPullContainerError: not found")),
                        false, "the task failed to start: CannotPullContainerError: not found", null),
                Arguments.of("stopped by someone before it finished",
                        task("UserInitiated", "Stopped by user.", container("app", 143, null)),
                        false, "the task was stopped before it finished: Stopped by user.", 143),
                Arguments.of("an essential container with no exit code",
                        task("EssentialContainerExited", "Essential container in task exited",
                                container("app", null, "OutOfMemoryError: Container killed due to memory usage")),
                        false, "essential container app has no exit code: OutOfMemoryError: Container killed due to"
                                + " memory usage (Essential container in task exited)", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endings")
    void decidesFromTheStopCodeAndEveryEssentialContainer(String name, Task task, boolean succeeded, String reason,
                                                          Integer exitCode) {
        Set<String> essential = Set.of("app", "sidecar");
        OneOffTaskVerdict verdict = OneOffTaskVerdict.of(task, essential);
        assertEquals(succeeded, verdict.succeeded(), name);
        assertEquals(reason, verdict.reason(), name);
        assertEquals(exitCode, verdict.exitCode(essential), name);
    }

    @org.junit.jupiter.api.Test
    void noContainersMeansNoExitCode() {
        assertEquals(null, OneOffTaskVerdict.of(task("EssentialContainerExited", null), Set.of("app"))
                .exitCode(Set.of("app")));
        assertEquals(List.of(), OneOffTaskVerdict.of(task("EssentialContainerExited", null), Set.of("app"))
                .exited());
    }
}
