package dev.ecsdeploy.deploy.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.codedeploy.model.BlueGreenDeploymentConfiguration;
import software.amazon.awssdk.services.codedeploy.model.TrafficRoutingConfig;

class CodeDeployTimingsTest {
    @ParameterizedTest(name = "{0} {1}% every {2}m, termination wait {3}m, until shifted {4} -> {5}m")
    @CsvSource(nullValues = "-", value = {
            // CodeDeployDefault.ECSAllAtOnce
            "AllAtOnce,       -,  -,  5, false, 5",
            "AllAtOnce,       -,  -,  5, true,  0",
            // CodeDeployDefault.ECSCanary10Percent5Minutes / 15Minutes
            "TimeBasedCanary, 10, 5,  0, false, 5",
            "TimeBasedCanary, 10, 15, 60, false, 75",
            "TimeBasedCanary, 10, 15, 60, true, 15",
            // CodeDeployDefault.ECSLinear10PercentEvery3Minutes: nine waits before the tenth step
            "TimeBasedLinear, 10, 3,  0, false, 27",
            "TimeBasedLinear, 10, 1,  0, false, 9",
            "TimeBasedLinear, 33, 2,  0, false, 6",
            "-,               -,  -,  -, false, 0",
    })
    void theLeastTimeADeploymentTakes(String type, Integer percent, Integer interval, Integer terminationWait,
                                      boolean untilShifted, long expectedMinutes) {
        TrafficRoutingConfig routing = type == null ? null : switch (type) {
            case "TimeBasedCanary" -> TrafficRoutingConfig.builder().type(type)
                    .timeBasedCanary(c -> c.canaryPercentage(percent).canaryInterval(interval)).build();
            case "TimeBasedLinear" -> TrafficRoutingConfig.builder().type(type)
                    .timeBasedLinear(l -> l.linearPercentage(percent).linearInterval(interval)).build();
            default -> TrafficRoutingConfig.builder().type(type).build();
        };
        BlueGreenDeploymentConfiguration blueGreen = terminationWait == null ? null
                : BlueGreenDeploymentConfiguration.builder().terminateBlueInstancesOnDeploymentSuccess(t -> t
                        .action("TERMINATE").terminationWaitTimeInMinutes(terminationWait)).build();
        assertEquals(Duration.ofMinutes(expectedMinutes), CodeDeployTimings.minimum(routing, blueGreen, untilShifted));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {"STOP_DEPLOYMENT, true", "CONTINUE_DEPLOYMENT, false", "-, false"})
    void aGroupThatStopsAtReadyWaitsForApproval(String action, boolean expected) {
        BlueGreenDeploymentConfiguration.Builder builder = BlueGreenDeploymentConfiguration.builder();
        if (action != null) {
            builder.deploymentReadyOption(r -> r.actionOnTimeout(action).waitTimeInMinutes(30));
        }
        BlueGreenDeploymentConfiguration blueGreen = builder.build();
        assertEquals(expected, CodeDeployTimings.waitsForApproval(blueGreen));
    }
}
