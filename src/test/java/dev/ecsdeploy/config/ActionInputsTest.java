package dev.ecsdeploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionInputsTest {
    @TempDir
    Path workspace;

    private final List<String> secrets = new ArrayList<>();

    private ActionInputs resolve(Map<String, String> flags, Map<String, String> env, String refName) {
        return ActionInputs.resolve(flags, env, workspace, refName, secrets::add).validate();
    }

    private void config(String yaml) throws Exception {
        Files.writeString(workspace.resolve("deploy.yml"), yaml);
    }

    @Test
    void precedenceIsFlagThenInputThenEnvironmentSectionThenDefaultsThenBuiltIn() throws Exception {
        config("""
                defaults:
                  cluster: from-defaults
                  service: from-defaults
                  timeout: 10m
                  desired-count: 4
                environments:
                  production:
                    branches: [main]
                    service: from-production
                    timeout: 20m
                """);
        Map<String, String> env = new HashMap<>(Map.of("INPUT_CONFIG", "deploy.yml", "INPUT_TIMEOUT", "45m",
                "INPUT_DESIRED-COUNT", "5"));
        ActionInputs inputs = resolve(Map.of("desired-count", "6"), env, "main");

        assertEquals(6, inputs.integer(Input.DESIRED_COUNT), "a flag wins over the input");
        assertEquals(java.time.Duration.ofMinutes(45), inputs.duration(Input.TIMEOUT), "the input wins over config");
        assertEquals("from-production", inputs.string(Input.SERVICE), "the environment wins over defaults");
        assertEquals("from-defaults", inputs.string(Input.CLUSTER));
        assertEquals("production", inputs.environmentName());
        assertEquals(java.time.Duration.ofSeconds(5), inputs.duration(Input.POLL_INTERVAL), "built-in default last");
    }

    @Test
    void anEmptyInputVariableCountsAsNotGivenSoTheConfigFileStillApplies() throws Exception {
        config("defaults:\n  cluster: demo\n");
        ActionInputs inputs = resolve(Map.of(), Map.of("INPUT_CONFIG", "deploy.yml", "INPUT_CLUSTER", ""), null);

        assertEquals("demo", inputs.string(Input.CLUSTER));
    }

    @Test
    void theEnvironmentIsPickedByBranchGlob() throws Exception {
        config("""
                environments:
                  production: {branches: [main], service: web}
                  development: {branches: [develop, "feature/*"], service: web-dev}
                """);
        assertEquals("web-dev", resolve(Map.of(), Map.of("INPUT_CONFIG", "deploy.yml"), "feature/login")
                .string(Input.SERVICE));
        ActionInputs none = resolve(Map.of(), Map.of("INPUT_CONFIG", "deploy.yml"), "hotfix/x");
        assertNull(none.string(Input.SERVICE));
        assertNull(none.environmentName());
    }

    @Test
    void twoEnvironmentsMatchingTheBranchAreAnErrorNamingBoth() throws Exception {
        config("""
                environments:
                  production:
                    branches: [main]
                    service: web
                  everything:
                    branches: ["*"]
                    service: web-dev
                """);
        BadInputException error = assertThrows(BadInputException.class,
                () -> resolve(Map.of(), Map.of("INPUT_CONFIG", "deploy.yml"), "main"));
        assertEquals("config", error.input());
        assertTrue(error.getMessage().contains("the branch \"main\" matches the branches of both production (line 2)"
                + " and everything (line 5)"), error.getMessage());
        assertEquals(5, error.where().line());
        assertEquals("web", resolve(Map.of(), Map.of("INPUT_CONFIG", "deploy.yml", "INPUT_ENVIRONMENT", "production"),
                "main").string(Input.SERVICE), "naming the environment settles it");
        assertEquals("web-dev", resolve(Map.of(), Map.of("INPUT_CONFIG", "deploy.yml"), "develop")
                .string(Input.SERVICE), "one match is no ambiguity");
    }

    @Test
    void anExplicitEnvironmentThatDoesNotExistIsAnError() throws Exception {
        config("environments:\n  production: {service: web}\n");
        BadInputException error = assertThrows(BadInputException.class, () -> resolve(Map.of(),
                Map.of("INPUT_CONFIG", "deploy.yml", "INPUT_ENVIRONMENT", "prodution"), "main"));
        assertEquals("environment", error.input());
        assertTrue(error.getMessage().contains("Did you mean production?"), error.getMessage());
    }

    @Test
    void anUnknownKeyInTheConfigFileIsAnErrorAtItsLine() {
        Map<String, String> env = Map.of("INPUT_CONFIG", "config-unknown-input.yml");
        BadInputException error = assertThrows(BadInputException.class, () -> ActionInputs.resolve(Map.of(), env,
                Path.of("test-fixtures/bad-inputs").toAbsolutePath(), "main", secrets::add));
        assertEquals(7, error.where().line());
        assertTrue(error.getMessage().contains("servce-count"), error.getMessage());
    }

    @Test
    void aBadValueFromTheConfigFilePointsAtItsLine() throws Exception {
        config("defaults:\n  cluster: demo\n  wait: maybe\n");
        BadInputException error = assertThrows(BadInputException.class,
                () -> resolve(Map.of(), Map.of("INPUT_CONFIG", "deploy.yml"), null));
        assertEquals("wait", error.input());
        assertEquals("deploy.yml", error.where().file());
        assertEquals(3, error.where().line());
    }

    @Test
    void mappingsAndListsInTheConfigFileBecomeLines() throws Exception {
        config("""
                defaults:
                  environment-variables:
                    NODE_ENV: production
                    API_URL: https://api.example.test/?a=b
                  alarms: [web-5xx, web-latency]
                """);
        ActionInputs inputs = resolve(Map.of(), Map.of("INPUT_CONFIG", "deploy.yml"), null);
        assertEquals(Map.of("NODE_ENV", "production", "API_URL", "https://api.example.test/?a=b"),
                inputs.keyValues(Input.ENVIRONMENT_VARIABLES));
        assertEquals(List.of("web-5xx", "web-latency"), inputs.list(Input.ALARMS));
    }

    @Test
    void anUnknownFlagIsAnErrorWithASuggestion() {
        BadInputException error = assertThrows(BadInputException.class,
                () -> resolve(Map.of("sevice", "web"), Map.of(), null));
        assertTrue(error.getMessage().contains("Did you mean service?"), error.getMessage());
    }

    @Test
    void secretInputsAreHandedToTheMaskerAsTheyAreRead() {
        resolve(Map.of(), Map.of("INPUT_SLACK-BOT-TOKEN", "xoxb-123-secret"), null);
        assertEquals(List.of("xoxb-123-secret"), secrets);
    }
}
