package dev.ecsdeploy.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.sandbox.ecs.TrafficSteps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Production traffic steps and waits per strategy, as the ECS deploymentConfiguration documents them. */
class TrafficStepsTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "BLUE_GREEN | {}                                                           | 100.0                    | 0",
            "LINEAR     | {}                                                           | 10.0 20.0 30.0 40.0 50.0 60.0 70.0 80.0 90.0 100.0 | 360",
            "LINEAR     | {\"linearConfiguration\":{\"stepPercent\":33.3,\"stepBakeTimeInMinutes\":1}} | 33.3 66.6 99.9 100.0 | 60",
            "LINEAR     | {\"linearConfiguration\":{\"stepPercent\":40.0,\"stepBakeTimeInMinutes\":0}} | 40.0 80.0 100.0 | 0",
            "CANARY     | {}                                                           | 5.0 100.0                | 600",
            "CANARY     | {\"canaryConfiguration\":{\"canaryPercent\":20.0,\"canaryBakeTimeInMinutes\":3}} | 20.0 100.0 | 180",
    })
    void productionTrafficMovesInTheConfiguredSteps(String strategy, String configuration, String steps,
                                                    double waitBelow100) throws Exception {
        JsonNode config = SandboxTesting.JSON.readTree(configuration);
        List<String> seen = new ArrayList<>();
        double weight = 0;
        while (weight < 100.0) {
            weight = TrafficSteps.next(strategy, config, weight);
            seen.add(String.valueOf(weight));
            double wait = TrafficSteps.waitAfter(strategy, config, weight);
            assertEquals(weight < 100.0 ? waitBelow100 : 0.0, wait, "the wait after " + weight);
        }
        assertEquals(steps, String.join(" ", seen));
    }
}
