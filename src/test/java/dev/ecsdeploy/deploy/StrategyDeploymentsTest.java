package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.SandboxAws;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Issue 7, action side, through the real wire: the strategy a deployment of web-bg, web-linear, web-canary and web-cd
 * uses, what the one UpdateService carries, and what is refused before anything changes.
 */
class StrategyDeploymentsTest {
    @TempDir
    Path temp;

    static Sandbox start(Scenario scenario) {
        return Sandbox.start(SandboxOptions.defaults().withScenario(scenario).withTimeScale(0.03));
    }

    ActionHarness deploy(Sandbox sandbox, String service) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), service);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"web-bg, blue-green, BLUE_GREEN", "web-linear, linear, LINEAR", "web-canary, canary, CANARY"})
    void autoFollowsTheServicesStrategyAndAHealthyDeploymentSucceeds(String service, String strategy,
                                                                     String ecsStrategy) {
        // Faster than the other tests: linear's default is ten 10% steps six minutes apart.
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.004))) {
            ActionHarness.Run run = deploy(sandbox, service).run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"));
            assertEquals("false", run.output("rolled-back"));
            assertTrue(run.log().contains("Deploying to " + service + " in demo (" + strategy + ")"), run.log());
            List<JsonNode> updates = operations(sandbox, "UpdateService");
            assertEquals(1, updates.size(), "one UpdateService carries revision and configuration");
            Service after = describe(sandbox.endpoint(), service);
            assertTrue(after.taskDefinition().endsWith(service + ":2"), after.taskDefinition());
            assertEquals(ecsStrategy, after.deploymentConfiguration().strategyAsString());
        }
    }

    @Test
    void anExplicitStrategyAndItsSettingsGoInTheOneUpdateService() {
        try (Sandbox sandbox = start(Scenario.HEALTHY)) {
            ActionHarness.Run run = deploy(sandbox, "web-bg").input("strategy", "linear")
                    .input("linear-step-percent", "25").input("linear-step-bake-time", "1m")
                    .input("bake-time", "2m").input("canary-percent", "20").run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals(1, operations(sandbox, "UpdateService").size());
            DeploymentConfiguration configuration = describe(sandbox.endpoint(), "web-bg").deploymentConfiguration();
            assertEquals("LINEAR", configuration.strategyAsString());
            assertEquals(25.0, configuration.linearConfiguration().stepPercent());
            assertEquals(1, configuration.linearConfiguration().stepBakeTimeInMinutes());
            assertEquals(2, configuration.bakeTimeInMinutes());
            assertTrue(run.annotations("warning").stream().anyMatch(line -> line.contains("canary-percent")),
                    "a setting the strategy ignores is named, not dropped in silence\n" + run.log());
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @CsvSource(delimiter = '|', value = {
            "web-cd | canary     | codedeploy-config",
            "web-cd | blue-green | codedeploy-config",
            "web    | blue-green | alternateTargetGroupArn",
            "web-bg | codedeploy | CODE_DEPLOY",
            "web    | rolling    | wait-until",
    })
    void aStrategyTheServiceCannotRunIsBadInputBeforeAnythingChanges(String service, String strategy,
                                                                      String explained) {
        try (Sandbox sandbox = start(Scenario.HEALTHY)) {
            ActionHarness harness = deploy(sandbox, service).input("strategy", strategy);
            if (strategy.equals("rolling")) {
                harness.input("wait-until", "traffic-shifted");
            }
            ActionHarness.Run run = harness.run();

            assertEquals(2, run.exitCode(), run.toString());
            assertEquals(1, run.annotations("error").size(), run.log());
            assertTrue(run.annotations("error").getFirst().contains(explained), run.log());
            assertTrue(sandbox.auditEntries().stream().map(entry -> entry.path("operation").asText())
                    .noneMatch(operation -> operation.equals("RegisterTaskDefinition")
                            || operation.equals("UpdateService") || operation.equals("CreateDeployment")),
                    "nothing changed in AWS");
        }
    }

    @Test
    void cancellationStopsANativeDeploymentWithRollbackAndDoesNotWaitForIt() throws Exception {
        try (Sandbox sandbox = start(Scenario.HEALTHY)) {
            ActionHarness harness = deploy(sandbox, "web-bg");
            Thread canceller = Thread.ofVirtual().start(() -> {
                waitFor(() -> !operations(sandbox, "UpdateService").isEmpty());
                harness.cancellation().cancel("SIGTERM");
            });
            long started = System.nanoTime();
            ActionHarness.Run run = harness.run();
            canceller.join();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("CANCELLED", run.output("deployment-status"), run.toString());
            assertEquals("true", run.output("rolled-back"));
            assertEquals(1, operations(sandbox, "StopServiceDeployment").size(), "stopped with rollback in ECS");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 20, "does not wait for ECS");
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static List<JsonNode> operations(Sandbox sandbox, String operation) {
        return sandbox.auditEntries().stream().filter(entry -> operation.equals(entry.path("operation").asText()))
                .toList();
    }

    static Service describe(URI endpoint, String service) {
        return SandboxAws.service(endpoint, service);
    }
}
