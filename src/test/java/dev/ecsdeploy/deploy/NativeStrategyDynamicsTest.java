package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/** Issue 7's must-shows for the ECS-native strategies: web-bg, web-linear, web-canary on the sandbox's engines. */
class NativeStrategyDynamicsTest {
    private static final Pattern PRODUCTION = Pattern.compile("traffic: production ([0-9.]+)% new");

    @TempDir
    Path temp;

    static Sandbox start(Scenario scenario, double timeScale) {
        return Sandbox.start(SandboxOptions.defaults().withScenario(scenario).withTimeScale(timeScale));
    }

    ActionHarness deploy(Sandbox sandbox, String service) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), service);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"web-bg, blue-green", "web-linear, linear", "web-canary, canary"})
    void healthyDeploymentsSucceedThroughTheirLifecycleStages(String service, String strategy) {
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.01)) {
            ActionHarness.Run run = deploy(sandbox, service).run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"));
            assertEquals("false", run.output("rolled-back"));
            assertTrue(run.log().contains("Deploying to " + service + " in demo (" + strategy + ")"), run.log());
            assertTrue(run.log().contains("stage BAKE_TIME"), run.log());
            assertTrue(run.log().contains("traffic: production 100% new"), run.log());
            assertTrue(describe(sandbox.endpoint(), service).taskDefinition().endsWith(service + ":2"));
        }
    }

    @Test
    void theLinearLogShowsTheTrafficRisingStepByStep() {
        // Each step's minute lasts 3 s here, so the 1 s polls see every step.
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.05)) {
            ActionHarness.Run run = deploy(sandbox, "web-linear").input("linear-step-percent", "25")
                    .input("linear-step-bake-time", "1m").input("bake-time", "1m").run();

            assertEquals(0, run.exitCode(), run.toString());
            List<Double> production = new ArrayList<>();
            Matcher matcher = PRODUCTION.matcher(run.log());
            while (matcher.find()) {
                production.add(Double.parseDouble(matcher.group(1)));
            }
            assertTrue(production.containsAll(List.of(25.0, 50.0, 75.0, 100.0)), run.log());
            for (int i = 1; i < production.size(); i++) {
                // a line repeats a production share only when the test traffic moved
                assertTrue(production.get(i) >= production.get(i - 1), "rising: " + production);
            }
            for (double step : List.of(25.0, 50.0, 75.0, 100.0)) {
                assertEquals(1, production.stream().filter(share -> share == step).count(),
                        "one line per step: " + production);
            }
        }
    }

    @Test
    void failedHealthChecksOnBlueGreenRollBackAndSaySo() {
        try (Sandbox sandbox = start(Scenario.UNHEALTHY, 0.01)) {
            ActionHarness.Run run = deploy(sandbox, "web-bg").run();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("ROLLED_BACK", run.output("deployment-status"), run.toString());
            assertEquals("true", run.output("rolled-back"));
            assertTrue(run.output("failure-reason").contains("health check"), run.output("failure-reason"));
            assertEquals(1, run.annotations("error").size(), run.log());
            assertTrue(describe(sandbox.endpoint(), "web-bg").taskDefinition().endsWith("web-bg:1"),
                    "production is back on the previous revision");
        }
    }

    @Test
    void waitUntilTrafficShiftedReturnsBeforeTheBakeTimeEnds() {
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.01)) {
            ActionHarness.Run run = deploy(sandbox, "web-bg").input("wait-until", "traffic-shifted")
                    .input("bake-time", "60m").run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("TRAFFIC_SHIFTED", run.output("deployment-status"));
            assertTrue(run.log().contains("now takes all production traffic"), run.log());
            ServiceDeployment deployment = describeDeployment(sandbox.endpoint(), run.output("deployment-id"));
            assertEquals("IN_PROGRESS", deployment.statusAsString(), "ECS is still baking: " + deployment);
            assertEquals(100.0, deployment.targetServiceRevision().requestedProductionTrafficWeight());
        }
    }

    @Test
    void cancellationStopsANativeDeploymentWithRollback() throws Exception {
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.05)) {
            ActionHarness harness = deploy(sandbox, "web-bg");
            Thread canceller = Thread.ofVirtual().start(() -> {
                waitFor(() -> sandbox.auditEntries().stream()
                        .anyMatch(entry -> "UpdateService".equals(entry.path("operation").asText())));
                harness.cancellation().cancel("SIGTERM");
            });
            long started = System.nanoTime();
            ActionHarness.Run run = harness.run();
            canceller.join();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("CANCELLED", run.output("deployment-status"), run.toString());
            assertTrue(sandbox.auditEntries().stream()
                    .anyMatch(entry -> "StopServiceDeployment".equals(entry.path("operation").asText())));
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 30, "does not wait for ECS");
        }
    }

    @Test
    void aNativeStrategyOnTheCodeDeployServiceIsBadInputBeforeAnythingChanges() {
        try (Sandbox sandbox = start(Scenario.HEALTHY, 0.01)) {
            ActionHarness.Run run = deploy(sandbox, "web-cd").input("strategy", "canary").run();

            assertEquals(2, run.exitCode(), run.toString());
            assertTrue(run.log().contains("codedeploy-config"), run.log());
            assertTrue(sandbox.auditEntries().stream().map(entry -> entry.path("operation").asText())
                    .noneMatch(op -> op.equals("RegisterTaskDefinition") || op.equals("UpdateService")
                            || op.equals("CreateDeployment")), "nothing changed");
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static Service describe(URI endpoint, String service) {
        return SandboxAws.service(endpoint, service);
    }

    static ServiceDeployment describeDeployment(URI endpoint, String arn) {
        try (AwsClients aws = SandboxAws.clients(endpoint)) {
            return aws.ecs().describeServiceDeployments(r -> r.serviceDeploymentArns(arn)).serviceDeployments().getFirst();
        }
    }

    static List<JsonNode> operations(Sandbox sandbox, String operation) {
        return sandbox.auditEntries().stream().filter(e -> operation.equals(e.path("operation").asText())).toList();
    }
}
