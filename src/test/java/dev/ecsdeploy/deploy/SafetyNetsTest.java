package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.AwsCli;
import dev.ecsdeploy.testing.SandboxAws;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Issue 17's items 6, 7 and 3 as a user meets them, the action run against the sandbox: the circuit breaker that
 * detects without rolling back, deployment alarms turned off, the tag settings of the official deploy action, and
 * the outputs of {@code status}. What the sandbox holds afterwards is read with the AWS CLI.
 */
class SafetyNetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static Sandbox start(Scenario scenario, double timeScale) {
        return Sandbox.start(SandboxOptions.defaults().withScenario(scenario).withTimeScale(timeScale));
    }

    private ActionHarness web(Sandbox sandbox) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("task-definition", "apps/web1/task-definition.json");
    }

    private static JsonNode cli(Sandbox sandbox, String... args) {
        AwsCli.Result result = AwsCli.run(sandbox.endpoint(), Map.of(), args);
        assertEquals(0, result.exit(), result.stderr());
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new AssertionError(result.stdout(), e);
        }
    }

    private static JsonNode describe(Sandbox sandbox, String service) {
        return cli(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", service)
                .path("services").get(0);
    }

    private static List<JsonNode> calls(Sandbox sandbox, String operation) {
        return sandbox.auditEntries().stream().filter(e -> operation.equals(e.path("operation").asText())).toList();
    }

    @ParameterizedTest(name = "circuit-breaker: detect, rollback-on-failure: {0} -> {1}")
    @CsvSource({"true, ROLLED_BACK, true, web:1", "false, FAILED, false, web:2"})
    void aBreakerThatOnlyDetectsIsReportedAsAFailureAndTheActionsOwnRollbackDecides(
            String rollbackOnFailure, String status, String rolledBack, String runs) {
        AwsCli.assumeInstalled();
        try (Sandbox sandbox = start(Scenario.UNHEALTHY, 0.03)) {
            ActionHarness.Run run = web(sandbox).input("circuit-breaker", "detect")
                    .input("rollback-on-failure", rollbackOnFailure).run();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals(status, run.output("deployment-status"), run.toString());
            assertEquals(rolledBack, run.output("rolled-back"));
            assertTrue(run.output("failure-reason").contains("failed ELB health checks"),
                    run.output("failure-reason"));
            assertEquals(rollbackOnFailure.equals("false"), run.output("failure-reason").startsWith(
                    "web:2 failed and was left as it is (rollback-on-failure: false): "), run.output("failure-reason"));
            assertTrue(run.log().contains("deployment failed: tasks failed to start."), "ECS's words are shown:\n"
                    + run.log());
            assertEquals(rollbackOnFailure.equals("true"), run.log().contains("ECS did not roll back; deploying web:1"
                    + " again."), run.log());
            assertEquals(1, run.annotations("error").size(), run.log());

            JsonNode service = describe(sandbox, "web");
            assertEquals("{\"enable\":true,\"rollback\":false}",
                    service.path("deploymentConfiguration").path("deploymentCircuitBreaker").toString());
            assertTrue(service.path("taskDefinition").asText().endsWith(runs), service.toString());
            if (rollbackOnFailure.equals("false")) {
                // Nobody rolled back: ECS's deployment is FAILED, and the old revision still serves beside it.
                assertEquals(1, calls(sandbox, "UpdateService").size(), "the action did not deploy again");
                JsonNode primary = service.path("deployments").get(0);
                assertEquals("FAILED", primary.path("rolloutState").asText(), primary.toString());
                JsonNode old = service.path("deployments").get(1);
                assertTrue(old.path("taskDefinition").asText().endsWith("web:1"));
                assertEquals(2, old.path("runningCount").asInt(), service.toString());
            } else {
                assertEquals(2, calls(sandbox, "UpdateService").size(), "the action deployed web:1 again");
            }
        }
    }

    @Test
    void alarmsNoneTurnsTheServicesDeploymentAlarmsOffAndNotGivingThemKeepsThem() {
        AwsCli.assumeInstalled();
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.03)) {
            cli(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web",
                    "--deployment-configuration", "alarms={alarmNames=[web-5xx],enable=true,rollback=true}");

            ActionHarness.Run kept = web(sandbox).run();
            assertEquals(0, kept.exitCode(), kept.toString());
            JsonNode alarms = describe(sandbox, "web").path("deploymentConfiguration").path("alarms");
            assertEquals("[\"web-5xx\"]", alarms.path("alarmNames").toString(), "not given: the service's stay");
            assertTrue(alarms.path("enable").asBoolean());

            ActionHarness.Run cleared = web(sandbox).input("alarms", "none").input("force-new-deployment", "true")
                    .run();
            assertEquals(0, cleared.exitCode(), cleared.toString());
            assertEquals("SUCCESSFUL", cleared.output("deployment-status"));
            alarms = describe(sandbox, "web").path("deploymentConfiguration").path("alarms");
            assertEquals("[]", alarms.path("alarmNames").toString(), alarms.toString());
            assertFalse(alarms.path("enable").asBoolean(true));
            assertFalse(alarms.path("rollback").asBoolean(true));
            assertFalse(cleared.log().contains("CloudWatch has no alarm"), "none is no alarm name: " + cleared.log());
        }
    }

    @Test
    void tagSettingsReachTheServiceAndTheTasksItStarts() {
        AwsCli.assumeInstalled();
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.03)) {
            ActionHarness.Run run = web(sandbox).input("propagate-tags", "TASK_DEFINITION")
                    .input("enable-ecs-managed-tags", "false").input("task-definition-tags", "team=payments").run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals(1, calls(sandbox, "UpdateService").size(), "sent in the one UpdateService");
            JsonNode service = describe(sandbox, "web");
            assertEquals("TASK_DEFINITION", service.path("propagateTags").asText());
            assertFalse(service.path("enableECSManagedTags").asBoolean(true));

            List<String> args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", "demo", "--include",
                    "TAGS", "--tasks"));
            args.addAll(cli(sandbox, "ecs", "list-tasks", "--cluster", "demo", "--service-name", "web")
                    .path("taskArns").valueStream().map(JsonNode::asText).toList());
            JsonNode tasks = cli(sandbox, args.toArray(String[]::new)).path("tasks");
            assertEquals(2, tasks.size(), tasks.toString());
            for (JsonNode task : tasks) {
                assertTrue(task.path("taskDefinitionArn").asText().endsWith("web:2"));
                assertEquals("[{\"key\":\"team\",\"value\":\"payments\"}]", task.path("tags").toString(),
                        "the revision's tags, and no aws:ecs: ones");
            }
        }
    }

    @Test
    void aCodeDeployServiceGetsItsTagSettingsAndStatusNamesItsCodeDeployDeployment() {
        AwsCli.assumeInstalled();
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.01)) {
            ActionHarness.Run before = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web-cd")
                    .input("command", "status").run();
            assertEquals(0, before.exitCode(), before.toString());
            assertEquals("codedeploy", before.output("strategy"));
            assertNull(before.output("deployment-id"), "no CodeDeploy deployment made the seeded task set");

            ActionHarness.Run run = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web-cd")
                    .input("propagate-tags", "SERVICE").run();
            assertEquals(0, run.exitCode(), run.toString());
            // Accepted: ECS refuses an UpdateService that changes a CODE_DEPLOY service's revision.
            List<JsonNode> updates = calls(sandbox, "UpdateService");
            assertEquals(1, updates.size());
            assertEquals(200, updates.getFirst().path("status").asInt(), updates.toString());
            assertEquals(1, calls(sandbox, "CreateDeployment").size(), "CodeDeploy deployed the revision");
            assertEquals("SERVICE", describe(sandbox, "web-cd").path("propagateTags").asText());

            ActionHarness.Run status = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web-cd")
                    .input("command", "status").run();
            assertEquals(0, status.exitCode(), status.toString());
            assertEquals(run.output("deployment-id"), status.output("deployment-id"), status.toString());
            assertEquals("Succeeded", status.output("deployment-state"));
            assertEquals("codedeploy", status.output("strategy"));
            assertEquals(run.output("task-definition-arn"), status.output("task-definition-arn"));
            assertEquals("2", status.output("task-definition-revision"));
        }
    }

    @Test
    void statusWritesTheRevisionTheStrategyAndTheLastDeploymentForLaterSteps() {
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.03)) {
            ActionHarness.Run deploy = web(sandbox).run();
            assertEquals(0, deploy.exitCode(), deploy.toString());

            ActionHarness.Run status = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                    .input("command", "status").run();

            assertEquals(0, status.exitCode(), status.toString());
            assertEquals(deploy.output("task-definition-arn"), status.output("task-definition-arn"));
            assertEquals("2", status.output("task-definition-revision"));
            assertEquals("rolling", status.output("strategy"));
            assertEquals(deploy.output("deployment-id"), status.output("deployment-id"));
            assertEquals("SUCCESSFUL", status.output("deployment-state"));
            try (AwsClients aws = SandboxAws.clients(sandbox.endpoint())) {
                assertEquals("SUCCESSFUL", aws.ecs().describeServiceDeployments(r -> r.serviceDeploymentArns(
                        status.output("deployment-id"))).serviceDeployments().getFirst().statusAsString());
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1} -> exit 2")
    @CsvSource(delimiter = '|', value = {
            "circuit-breaker         | maybe            | is not one of true, false, detect",
            "propagate-tags          | ALL              | is not one of SERVICE, TASK_DEFINITION, NONE",
            "propagate-tags          | task_definition  | is not one of SERVICE, TASK_DEFINITION, NONE",
            "enable-ecs-managed-tags | yes              | is not a boolean",
            "alarms                  | none, web-5xx    | cannot stand beside alarm names",
    })
    void badValuesAreRefusedBeforeAnythingChanges(String input, String value, String says) {
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.03)) {
            ActionHarness.Run run = web(sandbox).input(input, value).run();

            assertEquals(2, run.exitCode(), run.toString());
            List<String> errors = run.annotations("error");
            assertTrue(errors.stream().anyMatch(e -> e.contains(input) && e.contains(says)), run.log());
            assertTrue(sandbox.auditEntries().stream().map(e -> e.path("operation").asText())
                    .noneMatch(op -> op.startsWith("Update") || op.startsWith("Register")
                            || op.startsWith("Create")), "nothing changed in AWS");
            Service web = SandboxAws.service(sandbox.endpoint(), "web");
            assertEquals(List.of("web:1"), web.deployments().stream().map(Deployment::taskDefinition)
                    .map(Rollout::revisionName).toList());
        }
    }
}
