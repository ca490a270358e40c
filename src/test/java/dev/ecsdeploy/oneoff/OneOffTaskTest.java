package dev.ecsdeploy.oneoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.ActionProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17's one-off task: the new revision runs once before the deploy (a database migration) in the sandbox, and
 * only a clean exit lets the deploy go on.
 */
class OneOffTaskTest {
    private static final Set<String> MUTATING = Set.of("RegisterTaskDefinition", "UpdateService", "RunTask",
            "StopTask", "CreateDeployment", "StopServiceDeployment");

    @TempDir
    Path temp;

    private ActionHarness migrateThenDeploy(Sandbox sandbox) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("task-definition", "apps/web1/task-definition.json")
                .input("run-task-command", "npm run migrate");
    }

    private static List<String> operations(Sandbox sandbox) {
        return sandbox.auditEntries().stream().map(entry -> entry.path("operation").asText()).toList();
    }

    @Test
    void aCleanMigrationRunsTheNewRevisionFirstThenDeploys() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03))) {
            ActionHarness.Run run = migrateThenDeploy(sandbox).run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"), run.toString());
            assertEquals("0", run.output("run-task-exit-code"), run.toString());
            assertTrue(run.output("run-task-arn").startsWith("arn:aws:ecs:us-east-1:123456789012:task/demo/"));
            List<String> calls = operations(sandbox);
            assertTrue(calls.indexOf("RegisterTaskDefinition") < calls.indexOf("RunTask")
                    && calls.indexOf("RunTask") < calls.indexOf("UpdateService"), calls.toString());
            assertTrue(run.log().contains("Applied 2 migrations"), run.log());
            JsonNode runTask = sandbox.auditEntries().stream()
                    .filter(entry -> "RunTask".equals(entry.path("operation").asText())).findFirst().orElseThrow();
            assertEquals(200, runTask.path("status").asInt(), runTask.toString());
        }
    }

    @Test
    void aMigrationThatExits3StopsTheDeployWithItsLogLinesAndLeavesTheServiceAlone() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.TASK_FAILS)
                .withTimeScale(0.03))) {
            ActionHarness.Run run = migrateThenDeploy(sandbox)
                    .input("slack-webhook-url", sandbox.endpoint() + "/slack/webhook/T000/B000/XXXXhooksecret")
                    .run();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("FAILED", run.output("deployment-status"), run.toString());
            assertEquals("3", run.output("run-task-exit-code"), run.toString());
            assertTrue(run.output("failure-reason").contains("essential container app exited with code 3"),
                    run.output("failure-reason"));
            assertTrue(run.log().contains("::group::Last log lines of app in the one-off task"), run.log());
            assertTrue(run.log().contains("relation \"orders_customer_id_idx\" already exists"), run.log());
            assertTrue(run.summary().contains("relation \"orders_customer_id_idx\" already exists"), run.summary());
            assertFalse(operations(sandbox).contains("UpdateService"), "the service was not touched");
            String slack = sandbox.auditEntries().stream()
                    .filter(entry -> "slack".equals(entry.path("service").asText()))
                    .map(entry -> entry.path("payload").toString()).findFirst().orElseThrow();
            assertTrue(slack.contains("exited with code 3"), slack);
        }
    }

    @Test
    void cancellingTheRunStopsTheOneOffTaskAndNeverDeploys() throws Exception {
        // Real time, so the task is still running when the signal comes.
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(1.0));
             ActionProcess action = ActionProcess.start(temp, sandbox.endpoint(), List.of("deploy",
                     "--version-file", "apps/web1/package.json", "--image", ActionHarness.SANDBOX_IMAGE,
                     "--task-definition", "apps/web1/task-definition.json", "--cluster", "demo", "--service", "web",
                     "--poll-interval", "1s", "--run-task-command", "npm run migrate"))) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!operations(sandbox).contains("RunTask") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1500);
            assertTrue(action.process().isAlive(), "still waiting for the one-off task\n" + action.log());

            double seconds = action.terminateAndWait(10);

            assertTrue(seconds >= 0, "exits within 10 s of SIGTERM\n" + action.log());
            assertEquals(1, action.process().exitValue(), action.log());
            assertEquals("CANCELLED", action.outputs().get("deployment-status"), action.log());
            assertTrue(operations(sandbox).contains("StopTask"), "the one-off task was stopped\n" + action.log());
            assertFalse(operations(sandbox).contains("UpdateService"), "the service was not touched");
        }
    }

    @Test
    void awsFallingSilentWhileTheOneOffTaskRunsEndsUnknownNotFailed() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03))) {
            // The sandbox takes the calls and never answers: a network that drops the answers.
            dev.ecsdeploy.testing.SandboxAws.noAnswerTo(sandbox.endpoint(), "DescribeTasks");
            long started = System.nanoTime();

            ActionHarness.Run run = migrateThenDeploy(sandbox).env("ECS_DEPLOY_UNREACHABLE_WINDOW", "5s").run();

            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("UNKNOWN", run.output("deployment-status"), run.toString());
            assertTrue(run.output("run-task-arn").startsWith("arn:aws:ecs:"), run.toString());
            assertTrue(run.log().contains("whether it finished, and how, is unknown"), run.log());
            assertTrue(run.log().contains("may still run. The service was not changed."), run.log());
            assertFalse(run.log().contains("AWS call failed"), run.log());
            assertFalse(operations(sandbox).contains("UpdateService"), "the service was not touched");
            // The silence window and one abandoned look, not the SDK's ten attempts of about 30 s.
            assertTrue(seconds < 20, "ended " + seconds + " s after it started\n" + run.log());
        }
    }

    @Test
    void aRunTaskThatGetsNoAnswerEndsUnknownSayingWhatEcsListsAndNeverDeploys() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03))) {
            dev.ecsdeploy.testing.SandboxAws.noAnswerTo(sandbox.endpoint(), "RunTask");

            ActionHarness.Run run = migrateThenDeploy(sandbox).run();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("UNKNOWN", run.output("deployment-status"), run.toString());
            assertTrue(run.log().contains("::error title=Outcome unknown%3A RunTask got no answer::Starting the one-off"
                    + " task of web:2 got no answer from ECS"), run.log());
            // The sandbox carried the calls out: one task, for all the SDK's retries, is listed.
            assertTrue(run.log().matches("(?s).*ECS lists tasks of web started by ecs-deploy-action \\([0-9a-f]{32}\\),"
                    + " which may include this one\\. The service was not changed\\..*"), run.log());
            assertFalse(run.log().contains("AWS call failed"), run.log());
            assertFalse(operations(sandbox).contains("UpdateService"), "the service was not touched");
        }
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("run-task-command", "[\"npm\", 3]", "run-task-timeout", null, "run-task-command"),
                Arguments.of("run-task-command", "npm run migrate", "run-task-container", "worker",
                        "run-task-container"),
                Arguments.of("run-task-command", "npm run migrate", "run-task-timeout", "0s", "run-task-timeout"),
                Arguments.of("run-task-command", "npm run migrate", "run-task-started-by", "release 1.4.2!",
                        "run-task-started-by"),
                Arguments.of("run-task-timeout", "5m", "run-task-container", null, "run-task-timeout"));
    }

    @ParameterizedTest(name = "{0}={1}, {2}={3}")
    @MethodSource("badInputs")
    void badValuesAreRefusedBeforeAnythingChanges(String input, String value, String other, String otherValue,
                                                  String named) {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03))) {
            ActionHarness harness = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .input("task-definition", "apps/web1/task-definition.json")
                    .input(input, value);
            if (otherValue != null) {
                harness.input(other, otherValue);
            }
            ActionHarness.Run run = harness.run();

            assertEquals(2, run.exitCode(), run.toString());
            assertEquals("INVALID", run.output("deployment-status"), run.toString());
            assertTrue(run.annotations("error").stream().anyMatch(line -> line.contains(named)), run.log());
            assertTrue(operations(sandbox).stream().noneMatch(MUTATING::contains), operations(sandbox).toString());
        }
    }
}
