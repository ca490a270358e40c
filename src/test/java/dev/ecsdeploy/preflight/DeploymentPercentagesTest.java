package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.Service;

/** Whether a rolling deployment can start or stop a task, by ECS's rounding (min up, max down). */
class DeploymentPercentagesTest {
    @ParameterizedTest(name = "min {0} max {1} desired {2}: {3}")
    @CsvSource({
            "100, 200, 2, progresses",
            "50, 100, 2, progresses",
            "0, 100, 1, progresses",
            "100, 150, 2, progresses",
            "100, 100, 3, stuck",
            "150, 120, 2, min above max",
            "100, 140, 2, stuck",
            "60, 100, 1, stuck",
            "50, 100, 1, stuck",
            "100, 100, 0, progresses",
            "120, 150, 4, progresses",
            "100, 199, 1, stuck"})
    void aDeploymentMustBeAbleToStartOrStopATask(int minimum, int maximum, int desired, String expected) {
        String actual = DeploymentPercentages.problem(minimum, maximum, desired)
                .map(message -> message.contains("is above maximum-percent") ? "min above max"
                        : message.contains("could never progress") ? "stuck" : message)
                .orElse("progresses");
        assertEquals(expected, actual);
    }

    /** The service's own settings unless inputs say otherwise; only rolling replica services of the ECS controller. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "the service's 100/100 with 2 tasks     | ECS         | -         | REPLICA | 100 | 100 | -      | -   | -   | minimum-healthy-percent",
            "inputs fix the service's 100/100       | ECS         | -         | REPLICA | 100 | 100 | -      | 50  | -   | -",
            "only maximum-percent given, still stuck | ECS        | -         | REPLICA | 100 | 100 | -      | -   | 100 | maximum-percent",
            "defaults 100/200                       | ECS         | -         | -       | -   | -   | -      | -   | -   | -",
            "150/120 given                          | ECS         | ROLLING   | REPLICA | 100 | 200 | auto   | 150 | 120 | minimum-healthy-percent",
            "blue/green ignores the percentages     | ECS         | BLUE_GREEN | REPLICA | 100 | 100 | -     | -   | -   | -",
            "rolling asked of a blue/green service  | ECS         | BLUE_GREEN | REPLICA | 100 | 100 | rolling | -  | -   | minimum-healthy-percent",
            "CodeDeploy controller                  | CODE_DEPLOY | -         | REPLICA | 100 | 100 | -      | -   | -   | -",
            "DAEMON service                         | ECS         | -         | DAEMON  | 100 | 100 | -      | -   | -   | -"})
    void theServiceSettingsAndTheInputsTogether(String name, String controller, String strategy, String scheduling,
                                                Integer serviceMin, Integer serviceMax, String strategyInput,
                                                Integer minInput, Integer maxInput, String faultyInput) {
        Service service = Service.builder().serviceName("web").desiredCount(2).schedulingStrategy(scheduling)
                .deploymentController(c -> c.type(controller))
                .deploymentConfiguration(c -> c.strategy(strategy).minimumHealthyPercent(serviceMin)
                        .maximumPercent(serviceMax))
                .build();
        String actual = DeploymentPercentages.forService(new DeploymentPercentages.Given(strategyInput, minInput,
                maxInput, null), service).map(Problem::input).orElse(null);
        assertEquals(faultyInput, actual);
    }
}
