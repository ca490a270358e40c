package dev.ecsdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.RunnerCommands;
import dev.ecsdeploy.testing.RunnerContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile text let in wherever a scenario lets it in (inputs, the task definition file, the version file) must never
 * become a workflow command: every scenario the suite plays runs here, and all the action printed goes through the
 * runner's own parsing rule ({@link RunnerCommands}). The only commands allowed are the action's own, and no part of
 * the hostile text may open one.
 */
class InjectionTest {
    /** Every form the runner obeys: a command line, one behind the whitespace the runner trims, and the legacy form. */
    static final String HOSTILE = String.join("\n",
            "ok",
            "::warning title=INJECTED-title::INJECTED-warning",
            "  \t::add-mask::INJECTED-mask",
            "\u00A0::error::INJECTED-error",
            "build ##[warning]INJECTED-legacy",
            "::stop-commands::INJECTED-stop",
            "::set-output name=INJECTED::INJECTED-output");
    static final Set<String> ACTION_COMMANDS = Set.of("group", "endgroup", "error", "warning", "notice", "debug",
            "add-mask");

    @TempDir
    Path temp;

    /** One way into the action with hostile text: the sandbox scenario and how the step is configured. */
    record Case(String name, Scenario scenario, BiFunction<ActionHarness, Path, ActionHarness> step,
                boolean reachesTheLog) {
        Case(String name, Scenario scenario, BiFunction<ActionHarness, Path, ActionHarness> step) {
            this(name, scenario, step, true);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> everyScenario() {
        BiFunction<ActionHarness, Path, ActionHarness> deploy = (step, workspace) -> step;
        Stream<Case> rolling = Stream.of(Scenario.values()).map(scenario -> new Case("rolling, " + scenario.cliName(),
                scenario, switch (scenario) {
                    case SECRETS_ERROR -> (step, workspace) -> step.input("secrets-from", "demo/web");
                    case ALARM -> (step, workspace) -> step.input("alarms", "web-5xx");
                    case SLOW -> (step, workspace) -> step.input("timeout", "10s");
                    default -> deploy;
                }));
        Stream<Case> commands = Stream.of(
                new Case("bad input: an image with a command in it", Scenario.HEALTHY,
                        (step, workspace) -> step.input("image", "ghcr.io/a/b:1\n::warning title=x::INJECTED-image")),
                new Case("bad input: a version file with commands in it", Scenario.HEALTHY,
                        (step, workspace) -> step.input("version-file", "hostile-package.json")
                                .input("image", "")),
                new Case("bad input: a flag value with commands in it", Scenario.HEALTHY,
                        (step, workspace) -> step.input("timeout", HOSTILE)),
                new Case("render", Scenario.HEALTHY, (step, workspace) -> step.input("command", "render")
                        .input("rendered-file", workspace.resolve("rendered.json").toString())),
                new Case("diff", Scenario.HEALTHY, (step, workspace) -> step.input("command", "diff")),
                new Case("verify", Scenario.HEALTHY, (step, workspace) -> step.input("command", "verify"), false),
                new Case("status", Scenario.HEALTHY, (step, workspace) -> step.input("command", "status"), false),
                new Case("rollback", Scenario.HEALTHY, (step, workspace) -> step.input("command", "rollback"), false),
                new Case("dry run", Scenario.HEALTHY, (step, workspace) -> step.input("dry-run", "true")),
                new Case("skipped", Scenario.HEALTHY, (step, workspace) -> step.input("release-branch", "release/web1")
                        .event("pull_request", "pr-merged-feature-login.json"), false),
                new Case("on a terminal", Scenario.CRASH, (step, workspace) -> step.env("GITHUB_ACTIONS", "")),
                // The other ECS strategies, on their services' own task definitions: hostile text in the inputs.
                new Case("blue-green, unhealthy", Scenario.UNHEALTHY, (step, workspace) -> step
                        .input("service", "web-bg").input("task-definition", "")
                        .input("environment-variables", "X##[warning]INJECTED-name=1\nOTHER=::warning::INJECTED-input")),
                new Case("canary, healthy", Scenario.HEALTHY, (step, workspace) -> step
                        .input("service", "web-canary").input("task-definition", "")
                        .input("environment-variables", "X##[warning]INJECTED-name=1\nOTHER=::warning::INJECTED-input")));
        return Stream.concat(rolling, commands).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyScenario")
    void noHostileTextBecomesAWorkflowCommand(Case scenario) {
        Path workspace = hostileWorkspace();
        double timeScale = scenario.scenario() == Scenario.THROTTLE ? 0.1
                : scenario.name().startsWith("canary") ? 0.004 : 0.03;
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(scenario.scenario())
                .withTimeScale(timeScale))) {
            ActionHarness step = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .workspace(workspace)
                    .input("task-definition", "apps/web1/task-definition.json")
                    .input("environment-variables", "NOTE=##[error]INJECTED-input\nOTHER=::warning::INJECTED-input");
            ActionHarness.Run run = scenario.step().apply(step, workspace).run(args(scenario));

            List<RunnerCommands.Command> foreign = foreign(run.log());
            assertEquals(List.of(), foreign, "commands the action did not mean, in:\n" + run.log());
            assertFalse(run.log().contains("##["), "the legacy form appears nowhere:\n" + run.log());
            if (scenario.reachesTheLog()) {
                assertTrue(run.log().contains("INJECTED"), "the hostile text reached the log, so the test looked at"
                        + " it:\n" + run.log());
            }
        }
    }

    /**
     * A crashed container's last log line is text from outside the action (the sandbox's documented hook: the
     * container's SANDBOX_CRASH_MESSAGE is that line). It is shown, in the log's group of last lines and in the
     * summary, and commands nothing.
     */
    @ParameterizedTest(name = "crash log line {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"::warning::INJECTED-crash",
            "::add-mask::INJECTED-crash", "##[error]INJECTED-crash", "::stop-commands::INJECTED-crash",
            " \t::error title=INJECTED-crash::x"})
    void aCrashedContainersLogLineIsShownAndCommandsNothing(String line) {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.CRASH)
                .withTimeScale(0.03))) {
            ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .input("task-definition", "apps/web1/task-definition.json")
                    .input("environment-variables", "SANDBOX_CRASH_MESSAGE=" + line)
                    .run();

            assertEquals(1, run.exitCode(), run.log());
            assertEquals(List.of(), foreign(run.log()), "commands the action did not mean, in:\n" + run.log());
            assertFalse(run.log().contains("##["), "the legacy form appears nowhere:\n" + run.log());
            String group = lastLinesGroup(run.log());
            assertTrue(group.contains("INJECTED-crash"), "the crash line is in the log's group:\n" + run.log());
            assertTrue(run.summary().contains("INJECTED-crash"), "and in the summary:\n" + run.summary());
        }
    }

    /** The lines of the log's first "Last log lines of …" group. */
    private static String lastLinesGroup(String log) {
        int start = log.indexOf("::group::Last log lines of");
        int end = start < 0 ? -1 : log.indexOf("::endgroup::", start);
        return start < 0 || end < 0 ? "" : log.substring(start, end);
    }

    @Test
    void theRunnersRuleFindsEveryHostileCommandWhenNothingNeutralisesIt() {
        // The check above can fail: the same text printed raw opens five commands and stops command processing.
        List<RunnerCommands.Command> raw = foreign(HOSTILE + "\n" + "NOTE=##[error]INJECTED-input");
        assertEquals(List.of("warning", "add-mask", "error", "warning", "stop-commands"),
                raw.stream().map(RunnerCommands.Command::name).toList(), raw.toString());
    }

    private static String[] args(Case scenario) {
        return scenario.name().equals("on a terminal") ? new String[] {"deploy"} : new String[0];
    }

    /** Commands the action never writes, or whose data or properties come from the hostile text. */
    static List<RunnerCommands.Command> foreign(String log) {
        return RunnerCommands.parse(log).stream()
                .filter(command -> command.legacy()
                        || !ACTION_COMMANDS.contains(command.name())
                        || command.data().startsWith("INJECTED")
                        || command.properties().values().stream().anyMatch(value -> value.contains("INJECTED"))
                        || (command.name().equals("add-mask") && command.data().contains("INJECTED")))
                .toList();
    }

    /** The monorepo fixture with hostile text in the task definition (environment, labels) and in a version file. */
    private Path hostileWorkspace() {
        Path workspace = temp.resolve("workspace");
        try {
            RunnerContainer.copyTree(ActionHarness.FIXTURES.resolve("monorepo"), workspace);
            ObjectMapper json = new ObjectMapper();
            Path file = workspace.resolve("apps/web1/task-definition.json");
            ObjectNode taskDefinition = (ObjectNode) json.readTree(file.toFile());
            ArrayNode environment = (ArrayNode) taskDefinition.path("containerDefinitions").path(0)
                    .path("environment");
            environment.addObject().put("name", "HOSTILE").put("value", HOSTILE);
            // The diff prints names and non-secret values as they are.
            environment.addObject().put("name", "::warning title=INJECTED-title::INJECTED-name").put("value", "x");
            ((ObjectNode) taskDefinition.path("containerDefinitions").path(0)).putObject("dockerLabels")
                    .put("note", HOSTILE).put("##[warning]INJECTED-label", "x");
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), taskDefinition);
            Files.writeString(workspace.resolve("hostile-package.json"),
                    json.writeValueAsString(json.createObjectNode().put("version", HOSTILE)));
            return workspace;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
