package dev.ecsdeploy.deploy.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.deploy.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.ECSTaskSet;
import software.amazon.awssdk.services.codedeploy.model.RollbackInfo;

class CodeDeployVerdictsTest {
    private static final String OURS = "arn:aws:ecs:us-east-1:123456789012:task-definition/web-cd:3";
    private static final String OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/web-cd:2";

    @ParameterizedTest(name = "{0}, green {1}%, rollback {2} ({3}), service on {4} -> {5}")
    @CsvSource(nullValues = "-", value = {
            "Created,    -,   -,     -,          web-cd:2, IN_PROGRESS",
            "Queued,     -,   -,     -,          web-cd:2, IN_PROGRESS",
            "InProgress, 0,   -,     -,          web-cd:2, IN_PROGRESS",
            "InProgress, 10,  -,     -,          web-cd:2, IN_PROGRESS",
            // issue 17.5: Ready is its own phase (test traffic on the replacement; wait-until ready may return)
            "Ready,      0,   -,     -,          web-cd:2, READY",
            // all production traffic on the replacement: wait-until traffic-shifted may return
            "InProgress, 100, -,     -,          web-cd:3, TRAFFIC_SHIFTED",
            "Baking,     -,   -,     -,          web-cd:3, TRAFFIC_SHIFTED",
            "Succeeded,  100, -,     -,          web-cd:3, SUCCEEDED",
            // CodeDeploy says succeeded but the service runs something else: superseded, never success
            "Succeeded,  100, -,     -,          web-cd:2, STOPPED",
            "Failed,     10,  -,     -,          web-cd:2, FAILED",
            // a rollback counts only once the rollback deployment itself succeeded
            "Failed,     0,   d-RB1, InProgress, web-cd:2, ROLLING_BACK",
            "Failed,     0,   d-RB1, -,          web-cd:2, ROLLING_BACK",
            "Failed,     0,   d-RB1, Succeeded,  web-cd:2, ROLLED_BACK",
            "Failed,     0,   d-RB1, Failed,     web-cd:3, FAILED",
            "Stopped,    50,  -,     -,          web-cd:2, STOPPED",
            "Stopped,    0,   d-RB1, Succeeded,  web-cd:2, ROLLED_BACK",
    })
    void decides(String status, Double greenWeight, String rollbackId, String rollbackStatus, String serviceRuns,
                 Verdict.Phase expected) {
        DeploymentInfo deployment = DeploymentInfo.builder().deploymentId("d-1").status(status)
                .rollbackInfo(rollbackId == null ? null
                        : RollbackInfo.builder().rollbackDeploymentId(rollbackId).build()).build();
        DeploymentInfo rollback = rollbackStatus == null ? null
                : DeploymentInfo.builder().deploymentId(rollbackId).status(rollbackStatus).build();
        List<ECSTaskSet> taskSets = greenWeight == null ? List.of() : List.of(
                ECSTaskSet.builder().taskSetLabel("Blue").trafficWeight(100.0 - greenWeight).build(),
                ECSTaskSet.builder().taskSetLabel("Green").trafficWeight(greenWeight).build());
        String service = serviceRuns.equals("web-cd:3") ? OURS : OLD;

        assertEquals(expected, CodeDeployVerdicts.evaluate(deployment, rollback, taskSets, service, OURS).phase());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "ECS_UPDATE_ERROR | The ECS replacement task set failed health checks | The ECS replacement task set failed health checks (ECS_UPDATE_ERROR)",
            "ALARM_ACTIVE     | -                                                  | ALARM_ACTIVE",
    })
    void theReasonIsCodeDeploysOwnWords(String code, String message, String expected) {
        DeploymentInfo deployment = DeploymentInfo.builder().status("Failed")
                .errorInformation(e -> e.code(code).message(message)).build();
        Verdict verdict = CodeDeployVerdicts.evaluate(deployment, null, List.of(), OLD, OURS);
        assertEquals(Verdict.Phase.FAILED, verdict.phase());
        assertEquals(expected, verdict.reason());
    }

    @ParameterizedTest(name = "{0}, {1} -> stopped by a request: {2}")
    @CsvSource(nullValues = "-", value = {
            "Stopped, MANUAL_STOP,      true",
            // an alarm stopped it, or a failure: nobody asked
            "Stopped, ALARM_ACTIVE,     false",
            "Failed,  ECS_UPDATE_ERROR, false",
            "InProgress, -,             false",
    })
    void tellsAStopSomeoneAskedForFromOneAFailureOrAlarmCaused(String status, String code, boolean expected) {
        DeploymentInfo deployment = DeploymentInfo.builder().status(status)
                .errorInformation(code == null ? null
                        : software.amazon.awssdk.services.codedeploy.model.ErrorInformation.builder().code(code)
                        .build()).build();
        assertEquals(expected, CodeDeployVerdicts.stoppedByRequest(deployment));
    }

    @Test
    void aFailedRollbackSaysSoAndKeepsTheOriginalReason() {
        DeploymentInfo deployment = DeploymentInfo.builder().status("Failed")
                .errorInformation(e -> e.code("HOOK_EXECUTION_FAILURE").message("BeforeAllowTraffic failed"))
                .rollbackInfo(r -> r.rollbackDeploymentId("d-RB1")).build();
        DeploymentInfo rollback = DeploymentInfo.builder().deploymentId("d-RB1").status("Failed").build();
        assertEquals("the rollback d-RB1 failed too: BeforeAllowTraffic failed (HOOK_EXECUTION_FAILURE)",
                CodeDeployVerdicts.evaluate(deployment, rollback, List.of(), OLD, OURS).reason());
    }
}
