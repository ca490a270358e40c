package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.BadInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrategyResolverTest {
    @ParameterizedTest(name = "{0} on {1}/{2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            "auto,       -,           -,          ROLLING",
            "auto,       ECS,         ROLLING,    ROLLING",
            "auto,       ECS,         BLUE_GREEN, BLUE_GREEN",
            "auto,       ECS,         LINEAR,     LINEAR",
            "auto,       ECS,         CANARY,     CANARY",
            "auto,       CODE_DEPLOY, -,          CODEDEPLOY",
            "-,          CODE_DEPLOY, -,          CODEDEPLOY",
            "blue-green, ECS,         ROLLING,    BLUE_GREEN",
            "linear,     ECS,         BLUE_GREEN, LINEAR",
            "rolling,    ECS,         CANARY,     ROLLING",
            "codedeploy, CODE_DEPLOY, -,          CODEDEPLOY",
    })
    void resolves(String requested, String controller, String configured, Strategy expected) {
        assertEquals(expected, StrategyResolver.resolve(requested, controller, configured));
    }

    @ParameterizedTest
    @CsvSource({"rolling", "blue-green", "linear", "canary"})
    void aNativeStrategyOnACodeDeployServiceIsAClearError(String requested) {
        BadInputException error = assertThrows(BadInputException.class,
                () -> StrategyResolver.resolve(requested, "CODE_DEPLOY", null));
        assertEquals("strategy", error.input());
        assertTrue(error.getMessage().contains("codedeploy-config"), error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"codedeploy,ECS", "auto,EXTERNAL"})
    void impossibleCombinationsAreErrors(String requested, String controller) {
        assertThrows(BadInputException.class, () -> StrategyResolver.resolve(requested, controller, null));
    }
}
