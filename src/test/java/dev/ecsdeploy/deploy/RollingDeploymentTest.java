package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.SandboxAws;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.ecs.model.Service;

/** Issue 6's must-shows: a rolling deployment of `web` in the sandbox, told truthfully for every way it can go. */
class RollingDeploymentTest {
    @TempDir
    Path temp;

    private static Sandbox start(Scenario scenario) {
        return start(scenario, 0.03);
    }

    private static Sandbox start(Scenario scenario, double timeScale) {
        return Sandbox.start(SandboxOptions.defaults().withScenario(scenario).withTimeScale(timeScale));
    }

    private ActionHarness deployWeb(Sandbox sandbox) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web")
                .input("task-definition", "apps/web1/task-definition.json");
    }

    @Test
    void healthyDeploymentSucceedsAndFillsTheOutputs() {
        try (Sandbox sandbox = start(Scenario.HEALTHY)) {
            ActionHarness.Run run = deployWeb(sandbox).run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"));
            assertEquals("false", run.output("rolled-back"));
            assertTrue(run.output("task-definition-arn").endsWith(":task-definition/web:2"), run.toString());
            assertEquals("2", run.output("task-definition-revision"));
            assertTrue(run.output("previous-task-definition-arn").endsWith("web:1"), run.toString());
            assertTrue(run.output("deployment-id").startsWith("arn:aws:ecs:us-east-1:123456789012:service-deployment/"),
                    run.toString());
            assertTrue(run.output("console-url").contains("console.aws.amazon.com/ecs"), run.toString());
            assertFalse(run.output("duration-seconds").isBlank());
            Service web = describeWeb(sandbox.endpoint());
            assertTrue(web.taskDefinition().endsWith("web:2"), web.toString());
            assertEquals(2, web.runningCount());
        }
    }

    @Test
    void failedHealthChecksRollBackAndSaySo() {
        try (Sandbox sandbox = start(Scenario.UNHEALTHY)) {
            ActionHarness.Run run = deployWeb(sandbox).run();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("ROLLED_BACK", run.output("deployment-status"), run.toString());
            assertEquals("true", run.output("rolled-back"));
            assertTrue(run.output("failure-reason").contains("ELB health checks"), run.output("failure-reason"));
            assertEquals(1, run.annotations("error").size(), run.log());
            assertTrue(describeWeb(sandbox.endpoint()).taskDefinition().endsWith("web:1"),
                    "the service is back on the previous revision");
        }
    }

    @Test
    void aCrashingContainerGivesItsExitCodeAndItsLastLogLines() {
        try (Sandbox sandbox = start(Scenario.CRASH)) {
            ActionHarness.Run run = deployWeb(sandbox).run();

            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.output("failure-reason").contains("exited with code 1"), run.output("failure-reason"));
            List<String> logged = logLines(sandbox.endpoint());
            assertFalse(logged.isEmpty(), "the crashed container wrote to /ecs/web");
            assertTrue(logged.stream().anyMatch(run.summary()::contains), "summary shows the container's log lines:\n"
                    + run.summary() + "\nlogged:\n" + logged);
        }
    }

    @Test
    void anImageThatCannotBePulledIsTheReasonGiven() {
        try (Sandbox sandbox = start(Scenario.PULL_ERROR)) {
            ActionHarness.Run run = deployWeb(sandbox).run();

            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.output("failure-reason").contains("CannotPullContainerError"), run.output("failure-reason"));
        }
    }

    @Test
    void secretsThatCannotBeFetchedAreTheReasonGiven() {
        try (Sandbox sandbox = start(Scenario.SECRETS_ERROR)) {
            ActionHarness.Run run = deployWeb(sandbox).input("secrets-from", "demo/web").run();

            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.output("failure-reason").contains("ResourceInitializationError"),
                    run.output("failure-reason"));
        }
    }

    @Test
    void anAlarmThatFiresFailsTheDeploymentAndIsNamed() {
        try (Sandbox sandbox = start(Scenario.ALARM)) {
            ActionHarness.Run run = deployWeb(sandbox).input("alarms", "web-5xx").run();

            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.output("failure-reason").contains("web-5xx"), run.output("failure-reason"));
            JsonNode update = sandbox.auditEntries().stream()
                    .filter(entry -> "UpdateService".equals(entry.path("operation").asText())).findFirst()
                    .orElseThrow();
            assertEquals(200, update.path("status").asInt(), update.toString());
        }
    }

    @Test
    void throttlingSlowsTheWatchButDoesNotChangeTheVerdict() {
        // Slower, so the watch makes enough calls that 30% throttling is sure to hit some of them.
        try (Sandbox sandbox = start(Scenario.THROTTLE, 0.2)) {
            ActionHarness.Run run = deployWeb(sandbox).run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"));
            long throttled = sandbox.auditEntries().stream()
                    .filter(entry -> "ThrottlingException".equals(entry.path("errorCode").asText())).count();
            assertTrue(throttled > 0, "the sandbox did throttle: " + sandbox.auditEntries().size() + " calls");
        }
    }

    static Service describeWeb(URI endpoint) {
        return SandboxAws.service(endpoint, "web");
    }

    private static List<String> logLines(URI endpoint) {
        try (AwsClients aws = SandboxAws.clients(endpoint)) {
            return aws.logs().filterLogEvents(request -> request.logGroupName("/ecs/web")).events().stream()
                    .map(FilteredLogEvent::message).toList();
        }
    }
}
