package dev.ecsdeploy.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
