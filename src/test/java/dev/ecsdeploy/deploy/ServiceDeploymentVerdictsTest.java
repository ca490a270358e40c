package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

class ServiceDeploymentVerdictsTest {
    private static final String OURS = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3";
    private static final String OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";

    @ParameterizedTest(name = "{0}, stage {1}, primary {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "PENDING,              -,                             web:2, IN_PROGRESS",
            "IN_PROGRESS,          SCALE_UP,                      web:3, IN_PROGRESS",
            "SUCCESSFUL,           -,                             web:3, SUCCEEDED",
            // ECS says successful, but the service runs something else: superseded, never success.
            "SUCCESSFUL,           -,                             web:2, STOPPED",
            "STOP_REQUESTED,       -,                             web:3, IN_PROGRESS",
            "STOPPED,              -,                             web:2, STOPPED",
            "ROLLBACK_REQUESTED,   -,                             web:3, ROLLING_BACK",
            "ROLLBACK_IN_PROGRESS, -,                             web:2, ROLLING_BACK",
            "ROLLBACK_SUCCESSFUL,  -,                             web:2, ROLLED_BACK",
            "ROLLBACK_FAILED,      -,                             web:3, FAILED",
            "IN_PROGRESS,          BAKE_TIME,                     web:3, TRAFFIC_SHIFTED",
            "IN_PROGRESS,          PRODUCTION_TRAFFIC_SHIFT,      web:3, IN_PROGRESS",
    })
    void decides(String status, String stage, String primary, Verdict.Phase expected) {
        ServiceDeployment deployment = ServiceDeployment.builder().status(status).lifecycleStage(stage)
                .targetServiceRevision(r -> r.requestedProductionTrafficWeight(
                        "BAKE_TIME".equals(stage) ? 100.0 : 30.0))
                .build();
        List<Deployment> deployments = List.of(Deployment.builder().status("PRIMARY")
                .taskDefinition(primary.equals("web:3") ? OURS : OLD).build());
        assertEquals(expected, ServiceDeploymentVerdicts.evaluate(deployment, deployments, OURS).phase());
    }

    @ParameterizedTest(name = "STOPPED, circuit breaker {0}, alarms {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
            // circuit-breaker: detect (no rollback): the breaker stops the deployment; the revision failed
            "TRIGGERED,           MONITORING, FAILED",
            // an alarm without rollback does the same
            "MONITORING,          TRIGGERED,  FAILED",
            // stopped by someone else (a newer deployment, StopServiceDeployment): not this revision's failure
            "MONITORING,          MONITORING, STOPPED",
            "-,                   -,          STOPPED",
    })
    void aBreakerOrAlarmWithoutRollbackIsAFailureNotAStop(String breaker, String alarms, Verdict.Phase expected) {
        ServiceDeployment.Builder deployment = ServiceDeployment.builder().status("STOPPED")
                .statusReason("Service deployment stopped because the circuit breaker threshold was exceeded.");
        if (breaker != null) {
            deployment.deploymentCircuitBreaker(b -> b.status(breaker));
        }
        if (alarms != null) {
            deployment.alarms(a -> a.status(alarms));
        }
        List<Deployment> deployments = List.of(Deployment.builder().status("PRIMARY").taskDefinition(OURS).build());
        Verdict verdict = ServiceDeploymentVerdicts.evaluate(deployment.build(), deployments, OURS);
        assertEquals(expected, verdict.phase());
        assertEquals("Service deployment stopped because the circuit breaker threshold was exceeded.",
                verdict.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ROLLBACK_SUCCESSFUL | ECS deployment circuit breaker: tasks failed to start."})
    void theReasonIsEcssOwnWords(String status, String reason) {
        ServiceDeployment deployment = ServiceDeployment.builder().status(status)
                .rollback(r -> r.reason(reason)).build();
        assertEquals(reason, ServiceDeploymentVerdicts.evaluate(deployment, List.of(), OURS).reason());
    }

    @ParameterizedTest(name = "{0}, stage {1}, production {2}% new -> {3}")
    @CsvSource(nullValues = "-", value = {
            "IN_PROGRESS,          SCALE_UP,                      0,   IN_PROGRESS",
            "IN_PROGRESS,          TEST_TRAFFIC_SHIFT,            0,   IN_PROGRESS",
            "IN_PROGRESS,          POST_TEST_TRAFFIC_SHIFT,       0,   IN_PROGRESS",
            // linear and canary steps: part of the traffic is not yet all of it
            "IN_PROGRESS,          PRODUCTION_TRAFFIC_SHIFT,      40,  IN_PROGRESS",
            // the last step is requested but not yet done while the stage is still the shift
            "IN_PROGRESS,          PRODUCTION_TRAFFIC_SHIFT,      100, IN_PROGRESS",
            "IN_PROGRESS,          POST_PRODUCTION_TRAFFIC_SHIFT, 100, TRAFFIC_SHIFTED",
            "IN_PROGRESS,          BAKE_TIME,                     100, TRAFFIC_SHIFTED",
            "IN_PROGRESS,          CLEAN_UP,                      100, TRAFFIC_SHIFTED",
            // an alarm during bake time: ECS is moving traffic back, so it has not shifted for good
            "ROLLBACK_IN_PROGRESS, BAKE_TIME,                     100, ROLLING_BACK",
            "ROLLBACK_REQUESTED,   PRODUCTION_TRAFFIC_SHIFT,      30,  ROLLING_BACK",
            // a stage ECS adds later must not break the wait
            "IN_PROGRESS,          SOME_FUTURE_STAGE,             0,   IN_PROGRESS",
            "IN_PROGRESS,          BAKE_TIME,                     -,   IN_PROGRESS",
    })
    void trafficShiftingStrategiesAreShiftedOnlyOnceAllProductionTrafficIsOnTheNewRevision(
            String status, String stage, Double production, Verdict.Phase expected) {
        ServiceDeployment deployment = ServiceDeployment.builder().status(status).lifecycleStage(stage)
                .targetServiceRevision(r -> r.requestedProductionTrafficWeight(production)).build();
        List<Deployment> deployments = List.of(Deployment.builder().status("PRIMARY").taskDefinition(OURS).build());
        assertEquals(expected, ServiceDeploymentVerdicts.evaluate(deployment, deployments, OURS).phase());
    }

    @ParameterizedTest(name = "{0}, stoppedAt {1} -> stopped by a request: {2}")
    @CsvSource({
            "ROLLBACK_REQUESTED,   false, true",
            "ROLLBACK_IN_PROGRESS, true,  true",
            "ROLLBACK_SUCCESSFUL,  true,  true",
            // the circuit breaker's or an alarm's rollback: no stop request
            "ROLLBACK_IN_PROGRESS, false, false",
            "ROLLBACK_SUCCESSFUL,  false, false",
            // failed without the rollback option: stoppedAt is set, nothing rolls back
            "STOPPED,              true,  false",
            "IN_PROGRESS,          false, false",
    })
    void tellsARollbackSomeoneAskedForFromOneAFailureStarted(String status, boolean stopped, boolean expected) {
        ServiceDeployment deployment = ServiceDeployment.builder().status(status)
                .stoppedAt(stopped ? java.time.Instant.parse("2026-01-01T00:00:00Z") : null).build();
        assertEquals(expected, ServiceDeploymentVerdicts.stoppedByRequest(deployment));
    }
}
