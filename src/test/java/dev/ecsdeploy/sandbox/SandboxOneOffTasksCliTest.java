package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static dev.ecsdeploy.sandbox.SandboxTesting.aws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One-off tasks (RunTask, DescribeTasks, StopTask) through the AWS CLI: what ECS runs, refuses and reports. */
class SandboxOneOffTasksCliTest {
    private static final String NETWORK = "awsvpcConfiguration={subnets=[subnet-0a1b2c3d],securityGroups=[sg-0a1b2c3d]}";

    @TempDir
    Path temp;

    @BeforeAll
    static void cli() {
        SandboxTesting.assumeAwsCli();
    }

    private static JsonNode waitStopped(Sandbox sandbox, String taskArn) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            JsonNode task = aws(sandbox, "ecs", "describe-tasks", "--cluster", "demo", "--tasks", taskArn).json()
                    .at("/tasks/0");
            if ("STOPPED".equals(task.path("lastStatus").asText())) {
                return task;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the task did not stop");
    }

    static Stream<Arguments> fates() {
        return Stream.of(
                Arguments.of(Scenario.HEALTHY, 0, "Applied 2 migrations; the database is up to date."),
                Arguments.of(Scenario.TASK_FAILS, 3, "Migration failed; rolled back the transaction, exiting with"
                        + " code 3"),
                Arguments.of(Scenario.CRASH, 1, "Fatal: cannot reach the database, exiting with code 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fates")
    void aOneOffTaskRunsItsCommandAndStopsWithTheExitCodeOfItsScenario(Scenario scenario, int exitCode,
                                                                       String lastLine) throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(scenario).withTimeScale(0.02))) {
            // A new revision: revisions the world starts with always behave.
            JsonNode described = aws(sandbox, "ecs", "describe-task-definition", "--task-definition", "web").json();
            String containers = described.at("/taskDefinition/containerDefinitions").toString();
            SandboxTesting.Cli registered = aws(sandbox, "ecs", "register-task-definition", "--family", "web",
                    "--network-mode", "awsvpc", "--requires-compatibilities", "FARGATE", "--cpu", "256", "--memory",
                    "512", "--execution-role-arn", "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
                    "--container-definitions", containers);
            assertEquals(0, registered.exit(), registered.stderr());

            JsonNode run = aws(sandbox, "ecs", "run-task", "--cluster", "demo", "--task-definition", "web:2",
                    "--launch-type", "FARGATE", "--network-configuration", NETWORK, "--started-by", "migrations",
                    "--overrides", "{\"containerOverrides\":[{\"name\":\"app\",\"command\":[\"npm\",\"run\","
                            + "\"migrate\"]}]}").json();
            String taskArn = run.at("/tasks/0/taskArn").asText();
            assertEquals("migrations", run.at("/tasks/0/startedBy").asText());
            assertEquals("family:web", run.at("/tasks/0/group").asText());

            JsonNode stopped = waitStopped(sandbox, taskArn);
            assertEquals(exitCode, stopped.at("/containers/0/exitCode").asInt(), stopped.toString());
            assertEquals("EssentialContainerExited", stopped.path("stopCode").asText());
            String taskId = taskArn.substring(taskArn.lastIndexOf('/') + 1);
            JsonNode events = aws(sandbox, "logs", "get-log-events", "--log-group-name", "/ecs/web",
                    "--log-stream-name", "ecs/app/" + taskId).json().get("events");
            assertEquals("Running npm run migrate", events.get(0).path("message").asText(), events.toString());
            assertEquals(lastLine, events.get(events.size() - 1).path("message").asText(), events.toString());
            JsonNode listed = aws(sandbox, "ecs", "list-tasks", "--cluster", "demo", "--started-by", "migrations",
                    "--desired-status", "STOPPED").json();
            assertEquals(List.of(taskArn), List.of(listed.at("/taskArns/0").asText()));
        }
    }

    @Test
    void stopTaskStopsARunningTaskAsTheUserDid() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.5))) {
            String taskArn = aws(sandbox, "ecs", "run-task", "--cluster", "demo", "--task-definition", "web",
                    "--network-configuration", NETWORK).json().at("/tasks/0/taskArn").asText();
            SandboxTesting.Cli stop = aws(sandbox, "ecs", "stop-task", "--cluster", "demo", "--task", taskArn);
            assertEquals(0, stop.exit(), stop.stderr());
            assertEquals("STOPPED", stop.json().at("/task/desiredStatus").asText());

            JsonNode stopped = waitStopped(sandbox, taskArn);
            assertEquals("UserInitiated", stopped.path("stopCode").asText());
            assertEquals("Stopped by user.", stopped.path("stoppedReason").asText());
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(List.of("--task-definition", "web"),
                        "Network Configuration must be provided when networkMode 'awsvpc' is specified."),
                Arguments.of(List.of("--task-definition", "web", "--network-configuration", NETWORK,
                        "--launch-type", "FARGATE", "--capacity-provider-strategy", "capacityProvider=FARGATE_SPOT"),
                        "Specifying both a launch type and capacity provider strategy is not supported."),
                Arguments.of(List.of("--task-definition", "web", "--network-configuration", NETWORK,
                        "--overrides", "{\"containerOverrides\":[{\"name\":\"worker\",\"command\":[\"true\"]}]}"),
                        "Override for container named worker is not a container in the TaskDefinition."),
                Arguments.of(List.of("--task-definition", "web", "--network-configuration", NETWORK,
                        "--started-by", "release 1.4.2!"), "startedBy must be up to 128"),
                Arguments.of(List.of("--task-definition", "web", "--network-configuration", NETWORK,
                        "--count", "11"), "Task count can not be greater than 10."),
                Arguments.of(List.of("--task-definition", "nope"), "TaskDefinition not found."));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void runTaskRefusesWhatEcsRefuses(List<String> args, String message) {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.02))) {
            List<String> command = new java.util.ArrayList<>(List.of("ecs", "run-task", "--cluster", "demo"));
            command.addAll(args);
            SandboxTesting.Cli refused = aws(sandbox, command.toArray(String[]::new));
            assertTrue(refused.exit() != 0, "the CLI fails the call: " + refused.stderr());
            assertTrue(refused.stderr().contains(message), refused.stderr());
            assertTrue(refused.stderr().contains("InvalidParameterException")
                    || refused.stderr().contains("ClientException"), refused.stderr());
        }
    }
}
