package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;

class StrategySettingsTest {
    private static final Set<Input> EVERYTHING_GIVEN = EnumSet.of(Input.CIRCUIT_BREAKER, Input.MINIMUM_HEALTHY_PERCENT,
            Input.ALARMS, Input.BAKE_TIME, Input.LINEAR_STEP_PERCENT, Input.CANARY_PERCENT, Input.CODEDEPLOY_CONFIG,
            Input.DESIRED_COUNT);

    @ParameterizedTest(name = "{0} ignores {1}")
    @CsvSource(delimiter = '|', value = {
            "ROLLING    | bake-time linear-step-percent canary-percent codedeploy-config",
            "BLUE_GREEN | circuit-breaker linear-step-percent canary-percent codedeploy-config",
            "LINEAR     | circuit-breaker canary-percent codedeploy-config",
            "CANARY     | circuit-breaker linear-step-percent codedeploy-config",
            "CODEDEPLOY | desired-count circuit-breaker minimum-healthy-percent alarms bake-time linear-step-percent canary-percent",
    })
    void settingsAStrategyHasNoUseForAreNamed(Strategy strategy, String expected) {
        assertEquals(Arrays.asList(expected.split(" ")),
                StrategySettings.ignored(strategy, EVERYTHING_GIVEN).stream().map(Input::inputName).toList());
    }

    @ParameterizedTest(name = "{0}: lifecycle hooks ignored = {1}")
    @CsvSource({"ROLLING, true", "BLUE_GREEN, false", "LINEAR, false", "CANARY, false", "CODEDEPLOY, true"})
    void lifecycleHooksAreOnlyForTheStrategiesThatShiftTrafficThemselves(Strategy strategy, boolean ignored) {
        assertEquals(ignored ? List.of(Input.LIFECYCLE_HOOKS, Input.LIFECYCLE_HOOK_ROLE_ARN) : List.of(),
                StrategySettings.ignored(strategy, EnumSet.of(Input.LIFECYCLE_HOOKS, Input.LIFECYCLE_HOOK_ROLE_ARN)));
    }

    @Test
    void settingsNotGivenAreNeverNamed() {
        assertEquals(List.of(), StrategySettings.ignored(Strategy.CODEDEPLOY, EnumSet.of(Input.CODEDEPLOY_CONFIG)));
    }

    private static final LoadBalancer PLAIN = LoadBalancer.builder().targetGroupArn("arn:tg/blue")
            .containerName("app").containerPort(8080).build();
    private static final LoadBalancer READY = PLAIN.toBuilder().advancedConfiguration(a -> a
            .alternateTargetGroupArn("arn:tg/green").productionListenerRule("arn:rule/prod")).build();

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({"BLUE_GREEN, ROLLING", "LINEAR, ROLLING", "CANARY, BLUE_GREEN"})
    void switchingToTrafficShiftingWithoutAGreenTargetGroupIsAClearError(Strategy strategy, Strategy configured) {
        BadInputException error = assertThrows(BadInputException.class,
                () -> StrategySettings.checkCanShiftTraffic(strategy, configured, List.of(PLAIN)));
        assertEquals("strategy", error.input());
        assertTrue(error.getMessage().contains("alternateTargetGroupArn"), error.getMessage());
    }

    @ParameterizedTest(name = "{0} from {1}")
    @CsvSource({"BLUE_GREEN, BLUE_GREEN", "ROLLING, LINEAR", "LINEAR, ROLLING", "CODEDEPLOY, CODEDEPLOY"})
    void aServiceSetUpForItOrNoTrafficToShiftIsFine(Strategy strategy, Strategy configured) {
        List<LoadBalancer> balancers = strategy == Strategy.LINEAR ? List.of(READY) : List.of(PLAIN);
        assertDoesNotThrow(() -> StrategySettings.checkCanShiftTraffic(strategy, configured, balancers));
    }
}
