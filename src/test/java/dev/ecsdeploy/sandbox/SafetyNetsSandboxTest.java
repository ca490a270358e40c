package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static dev.ecsdeploy.sandbox.SandboxTesting.assumeAwsCli;
import static dev.ecsdeploy.sandbox.SandboxTesting.aws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.aws.AwsClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * The sandbox's side of issue 17's safety nets and service tags, driven by the AWS CLI: a circuit breaker without
 * rollback fails the deployment and leaves the service as it is; deployment alarms turned off; propagateTags and
 * enableECSManagedTags stored, shown, and carried onto the tasks started after.
 */
class SafetyNetsSandboxTest {
    @BeforeAll
    static void cli() {
        assumeAwsCli();
    }

    private static JsonNode web(Sandbox sandbox, String name) {
        return aws(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", name).json()
                .path("services").get(0);
    }

    @Test
    void aBreakerWithoutRollbackFailsTheDeploymentAndLeavesTheOldTasksRunning() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.UNHEALTHY)
                .withTimeScale(0.03)); AwsClients sdk = SandboxTesting.clients(sandbox)) {
            String revision = SandboxTesting.registerRevision(sdk, "web", c -> SandboxTesting.image(c, "2.0.0"));
            var update = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web",
                    "--task-definition", revision, "--deployment-configuration",
                    "deploymentCircuitBreaker={enable=true,rollback=false}");
            assertEquals(0, update.exit(), update.stderr());
            String serviceDeployment = update.json().path("service").path("currentServiceDeployment").asText();

            SandboxTesting.await("the breaker to trip", Duration.ofSeconds(60),
                    () -> "FAILED".equals(web(sandbox, "web").path("deployments").get(0).path("rolloutState")
                            .asText()));
            JsonNode service = web(sandbox, "web");
            JsonNode primary = service.path("deployments").get(0);
            assertEquals(revision, primary.path("taskDefinition").asText(), "no rollback: the failed one stays PRIMARY");
            assertEquals("ECS deployment circuit breaker: tasks failed to start.",
                    primary.path("rolloutStateReason").asText());
            JsonNode old = service.path("deployments").get(1);
            assertEquals("ACTIVE", old.path("status").asText());
            assertEquals(2, old.path("runningCount").asInt(), "the old revision's tasks keep serving");

            JsonNode record = aws(sandbox, "ecs", "describe-service-deployments", "--service-deployment-arns",
                    serviceDeployment).json().path("serviceDeployments").get(0);
            assertEquals("STOPPED", record.path("status").asText(), record.toString());
            assertEquals("TRIGGERED", record.path("deploymentCircuitBreaker").path("status").asText());
            assertTrue(record.path("rollback").isMissingNode(), "ECS did not roll back: " + record);
        }
    }

    @Test
    void deploymentAlarmsCanBeTurnedOff() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05))) {
            assertEquals(0, aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web",
                    "--deployment-configuration", "alarms={alarmNames=[web-5xx],enable=true,rollback=true}").exit());
            assertEquals("[\"web-5xx\"]", web(sandbox, "web").path("deploymentConfiguration").path("alarms")
                    .path("alarmNames").toString());

            var off = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web",
                    "--deployment-configuration", "alarms={alarmNames=[],enable=false,rollback=false}");
            assertEquals(0, off.exit(), off.stderr());
            JsonNode alarms = web(sandbox, "web").path("deploymentConfiguration").path("alarms");
            assertEquals("[]", alarms.path("alarmNames").toString());
            assertFalse(alarms.path("enable").asBoolean(true));
        }
    }

    @Test
    void tagSettingsAreStoredShownAndCarriedOntoNewTasks() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
             AwsClients sdk = SandboxTesting.clients(sandbox)) {
            JsonNode before = web(sandbox, "web");
            assertEquals("NONE", before.path("propagateTags").asText());
            assertTrue(before.path("enableECSManagedTags").asBoolean());

            String revision = SandboxTesting.registerRevision(sdk, "web", c -> SandboxTesting.image(c, "2.0.0"),
                    List.of(Tag.builder().key("team").value("payments").build()));
            var update = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web",
                    "--task-definition", revision, "--propagate-tags", "TASK_DEFINITION",
                    "--no-enable-ecs-managed-tags");
            assertEquals(0, update.exit(), update.stderr());
            JsonNode after = web(sandbox, "web");
            assertEquals("TASK_DEFINITION", after.path("propagateTags").asText());
            assertFalse(after.path("enableECSManagedTags").asBoolean(true));

            List<String> tasks = new ArrayList<>();
            SandboxTesting.await("a task of the new revision", Duration.ofSeconds(30), () -> {
                tasks.clear();
                sdk.ecs().listTasks(r -> r.cluster("demo").serviceName("web")).taskArns().forEach(tasks::add);
                return sdk.ecs().describeTasks(r -> r.cluster("demo").tasks(tasks)).tasks().stream()
                        .anyMatch(t -> t.taskDefinitionArn().equals(revision));
            });
            List<String> args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", "demo", "--include",
                    "TAGS", "--tasks"));
            args.addAll(tasks);
            JsonNode described = aws(sandbox, args.toArray(String[]::new)).json().path("tasks");
            for (JsonNode task : described) {
                String tags = task.path("tags").toString();
                if (task.path("taskDefinitionArn").asText().equals(revision)) {
                    assertEquals("[{\"key\":\"team\",\"value\":\"payments\"}]", tags, "the revision's tags only");
                } else {
                    assertTrue(tags.contains("aws:ecs:serviceName"), "older tasks keep what they started with: " + tags);
                    assertFalse(tags.contains("team"), tags);
                }
            }
        }
    }

    @Test
    void aCodeDeployServiceTakesTagSettingsButNotARevisionAndABadValueIsRefused() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05))) {
            var tags = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web-cd",
                    "--propagate-tags", "SERVICE");
            assertEquals(0, tags.exit(), tags.stderr());
            assertEquals("SERVICE", web(sandbox, "web-cd").path("propagateTags").asText());

            var revision = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web-cd",
                    "--task-definition", "web-cd:1", "--force-new-deployment");
            assertNotEquals(0, revision.exit());
            assertTrue(revision.stderr().contains("CODE_DEPLOY"), revision.stderr());

            var bad = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web",
                    "--propagate-tags", "ALL");
            assertNotEquals(0, bad.exit());
            assertTrue(bad.stderr().contains("propagateTags") && bad.stderr().contains("enum value set"),
                    bad.stderr());
            assertEquals("NONE", web(sandbox, "web").path("propagateTags").asText(), "nothing changed");
        }
    }
}
