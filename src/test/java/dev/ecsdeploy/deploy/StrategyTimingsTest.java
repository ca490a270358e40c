package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;

class StrategyTimingsTest {
    @ParameterizedTest(name = "{0} step {1}% every {2}m, canary bake {3}m, bake {4}m, until shifted {5} -> {6}m")
    @CsvSource(nullValues = "-", value = {
            "ROLLING,    -,    -, -,  5,  false, 0",
            "BLUE_GREEN, -,    -, -,  5,  false, 5",
            "BLUE_GREEN, -,    -, -,  5,  true,  0",
            // 10 steps of 10%: nine waits, none after the step that reaches 100%
            "LINEAR,     10.0, 1, -,  2,  false, 11",
            "LINEAR,     10.0, 1, -,  2,  true,  9",
            "LINEAR,     30.0, 2, -,  0,  false, 6",
            "LINEAR,     100,  5, -,  0,  false, 0",
            // ECS's defaults: 10% every 6 minutes
            "LINEAR,     -,    -, -,  -,  false, 54",
            "CANARY,     -,    -, 3,  2,  false, 5",
            "CANARY,     -,    -, -,  -,  true,  10",
    })
    void theLeastTimeADeploymentTakesByItsConfiguration(Strategy strategy, Double step, Integer stepBake,
                                                         Integer canaryBake, Integer bake, boolean untilShifted,
                                                         long expectedMinutes) {
        DeploymentConfiguration.Builder configuration = DeploymentConfiguration.builder().bakeTimeInMinutes(bake);
        if (step != null || stepBake != null) {
            configuration.linearConfiguration(l -> l.stepPercent(step).stepBakeTimeInMinutes(stepBake));
        }
        if (canaryBake != null) {
            configuration.canaryConfiguration(c -> c.canaryBakeTimeInMinutes(canaryBake));
        }
        assertEquals(Duration.ofMinutes(expectedMinutes),
                StrategyTimings.minimum(strategy, configuration.build(), untilShifted));
    }
}
