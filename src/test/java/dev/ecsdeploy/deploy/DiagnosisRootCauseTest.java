package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/** The one-line root cause of a failed deployment, when no alarm fired and no stopped task explains it. */
class DiagnosisRootCauseTest {
    private static final String HOOK = "Lifecycle hook arn:aws:lambda:us-east-1:123456789012:function:smoke-fail"
            + " returned FAILED at POST_TEST_TRAFFIC_SHIFT";
    private static final String ROLLING_BACK = "(service web-bg) rolling back to deployment ecs-svc/123.";
    private static final String UNHEALTHY = "(service web-bg) (port 8080) is unhealthy in (target-group tg) due to"
            + " (reason Health checks failed).";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a rollback announcement is not the reason: ECS's own is", HOOK, List.of(ROLLING_BACK),
                        HOOK),
                Arguments.of("a failure event says why", HOOK, List.of(ROLLING_BACK, UNHEALTHY), UNHEALTHY),
                Arguments.of("only the announcement, and no reason from ECS", null, List.of(ROLLING_BACK),
                        ROLLING_BACK),
                Arguments.of("nothing at all", null, List.of(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void saysWhyBeforeWhatEcsDoes(String name, String ecsReason, List<String> events, String expected) {
        Diagnosis diagnosis = new Diagnosis(ecsReason, List.of(), List.of(),
                events.stream().map(message -> ServiceEvent.builder().message(message).build()).toList(), Map.of());
        assertEquals(expected, diagnosis.rootCause(), name);
    }
}
