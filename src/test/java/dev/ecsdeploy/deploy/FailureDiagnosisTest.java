package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.Task;

/** The pure half of the diagnosis: what the evidence says, with no call made. */
class FailureDiagnosisTest {
    private static final String OURS = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
    private static final Instant STARTED = Instant.parse("2026-01-01T10:00:00Z");

    private static Task crashed(String id, String taskDefinition, Instant created, String... exitedContainers) {
        return Task.builder().taskArn("arn:aws:ecs:us-east-1:123456789012:task/demo/" + id)
                .taskDefinitionArn(taskDefinition).createdAt(created).stopCode("EssentialContainerExited")
                .stoppedReason("Essential container in task exited")
                .containers(java.util.Arrays.stream(exitedContainers)
                        .map(name -> Container.builder().name(name).exitCode(1).build()).toList())
                .build();
    }

    @Test
    void onlyThisRevisionsTasksSinceTheDeploymentStartedAreEvidence() {
        Diagnosis diagnosis = FailureDiagnosis.diagnose(List.of(
                crashed("a", OURS, STARTED.plusSeconds(5), "app"),
                crashed("old", OURS, STARTED.minusSeconds(60), "app"),
                crashed("other", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", STARTED.plusSeconds(5),
                        "app")), OURS, STARTED, null, List.of());

        assertEquals(1, diagnosis.causes().size());
        assertEquals(List.of("a"), diagnosis.causes().getFirst().taskIds());
        assertEquals("1 task: Essential container in task exited; container app exited with code 1",
                diagnosis.rootCause());
    }

    @Test
    void aFiredAlarmIsTheRootCauseAndNothingFoundIsNoCause() {
        ServiceDeployment alarmed = ServiceDeployment.builder().status("ROLLBACK_IN_PROGRESS")
                .alarms(a -> a.triggeredAlarmNames("web-5xx")).build();
        assertEquals("alarm web-5xx went into ALARM",
                FailureDiagnosis.diagnose(List.of(), OURS, STARTED, alarmed, List.of()).rootCause());

        Diagnosis nothing = FailureDiagnosis.diagnose(List.of(), OURS, STARTED, null, List.of());
        assertNull(nothing.rootCause(), "no invented reason");
        assertFalse(nothing.found());
    }

    @Test
    void atMostTwoExitedContainersAreWorthReadingTheLogsOf() {
        Diagnosis diagnosis = FailureDiagnosis.diagnose(List.of(
                crashed("a", OURS, STARTED.plusSeconds(1), "app", "sidecar", "init")), OURS, STARTED, null,
                List.of());

        assertEquals(List.of("app", "sidecar"), FailureDiagnosis.logsWorthReading(diagnosis).stream()
                .map(StoppedTaskCauses.ExitedContainer::container).toList());
    }
}
