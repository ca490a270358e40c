package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.ecs.TaskDefinitionRecord;
import dev.ecsdeploy.sandbox.ecs.TaskFate;
import dev.ecsdeploy.sandbox.ecs.TaskFates;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What becomes of a task: the world's facts first, the scenario only for revisions registered after start. */
class TaskFatesTest {
    private static final String TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/1";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("healthy new revision", Scenario.HEALTHY, false, "ok", "/ecs/web", "RUNS", null),
                Arguments.of("unhealthy new revision", Scenario.UNHEALTHY, false, "ok", "/ecs/web",
                        "FAILS_HEALTH_CHECKS", "Task failed ELB health checks in (target-group " + TG + ")"),
                Arguments.of("unhealthy leaves revision 1 alone", Scenario.UNHEALTHY, true, "ok", "/ecs/web", "RUNS",
                        null),
                Arguments.of("crash", Scenario.CRASH, false, "ok", "/ecs/web", "CRASHES",
                        "Essential container in task exited"),
                Arguments.of("pull error", Scenario.PULL_ERROR, false, "ok", "/ecs/web", "CANNOT_PULL",
                        "CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve"
                                + " ref repo/web:2: repo/web:2: not found"),
                Arguments.of("image the registry lacks, any scenario", Scenario.HEALTHY, false, "missing-image",
                        "/ecs/web", "CANNOT_PULL", "CannotPullContainerError: not in the registry"),
                Arguments.of("missing JSON key beats every scenario", Scenario.CRASH, false, "missing-key", "/ecs/web",
                        "CANNOT_INITIALIZE", "ResourceInitializationError: unable to pull secrets or registry auth:"
                                + " execution resource retrieval failed: no key"),
                Arguments.of("missing log group", Scenario.HEALTHY, false, "ok", "/ecs/nope", "CANNOT_INITIALIZE",
                        "ResourceInitializationError: failed to validate logger args: create stream has been retried"
                                + " 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The"
                                + " specified log group does not exist. : exit status 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, Scenario scenario, boolean seeded, String world, String logGroup, String kind,
                 String reason) {
        ObjectNode json = (ObjectNode) parse("{\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"repo/web:2\","
                + "\"secrets\":[{\"name\":\"K\",\"valueFrom\":\"arn:x\"}],\"logConfiguration\":{\"logDriver\":"
                + "\"awslogs\",\"options\":{\"awslogs-group\":\"" + logGroup + "\"}}}]}");
        TaskDefinitionRecord record = new TaskDefinitionRecord("web", 2, "arn", seeded, json, null, Instant.now());
        TaskFate fate = TaskFates.decide(scenario, record, TG, new TaskFates.Facts() {
            @Override
            public Optional<String> secretProblem(String valueFrom) {
                return world.equals("missing-key") ? Optional.of("no key") : Optional.empty();
            }

            @Override
            public Optional<String> pullProblem(String image) {
                return world.equals("missing-image") ? Optional.of("not in the registry") : Optional.empty();
            }

            @Override
            public boolean logGroupExists(String group) {
                return group.equals("/ecs/web");
            }

            @Override
            public String executionRole(JsonNode taskDefinition) {
                return "role";
            }
        });
        assertEquals(kind, fate.kind().name());
        assertEquals(reason, fate.reason());
    }

    private static JsonNode parse(String text) {
        try {
            return SandboxTesting.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
