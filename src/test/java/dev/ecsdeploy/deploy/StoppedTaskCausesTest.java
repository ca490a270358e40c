package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Task;

class StoppedTaskCausesTest {
    private static Task task(String id, String stopCode, String reason, Container... containers) {
        return Task.builder().taskArn("arn:aws:ecs:us-east-1:123456789012:task/demo/" + id).stopCode(stopCode)
                .stoppedReason(reason).containers(containers).taskDefinitionArn("td:3").build();
    }

    private static Container container(String name, Integer exitCode, String reason) {
        return Container.builder().name(name).exitCode(exitCode).reason(reason).build();
    }

    @Test
    void groupsByCauseMostFrequentFirstAndLeavesOutScaleIns() {
        String elb = "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:us-east-1:"
                + "123456789012:targetgroup/web-tg/0123456789abcdef)";
        List<StoppedTaskCauses.Cause> causes = StoppedTaskCauses.group(List.of(
                task("a", "EssentialContainerExited", "Essential container in task exited", container("app", 1, null)),
                task("b", "ServiceSchedulerInitiated", elb, container("app", 137, null)),
                task("c", "ServiceSchedulerInitiated", elb, container("app", 137, null)),
                task("d", "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment ecs-svc/123)")));

        assertEquals(List.of(
                "2 tasks: " + elb + "; container app exited with code 137",
                "1 task: Essential container in task exited; container app exited with code 1"),
                causes.stream().map(StoppedTaskCauses.Cause::withCount).toList());
        assertEquals(List.of("b", "c"), causes.getFirst().taskIds());
        assertEquals("app", causes.get(1).exited().getFirst().container());
    }

    @Test
    void aContainerReasonIsKeptWhenTheTaskReasonDoesNotSayIt() {
        Task pull = task("e", "TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried"
                + " 7 time(s): failed to resolve ref 127.0.0.1:5000/web:v9: not found",
                container("app", null, "CannotPullContainerError: pull image manifest has been retried 7 time(s)"));
        assertEquals(pull.stoppedReason(), StoppedTaskCauses.describe(pull));
    }
}
