package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.sandbox.ecs.EcsRuntime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the rolling engine moves: percentages honoured at every moment, and the documented breaker threshold. */
class RollingDeploymentTest {

    @ParameterizedTest(name = "desired {0} -> threshold {1}")
    @CsvSource({"1, 3", "2, 3", "6, 3", "7, 4", "25, 13", "400, 200", "800, 200"})
    void circuitBreakerThresholdIsHalfTheDesiredCountBetweenThreeAndTwoHundred(int desired, int threshold) {
        assertEquals(threshold, EcsRuntime.circuitBreakerThreshold(desired));
    }

    @Test
    void minimumHealthyAndMaximumPercentHoldThroughoutTheRollout() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.02));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = SandboxTesting.registerRevision(aws, "web", c -> SandboxTesting.image(c, "2.0.0"));
            // desired 4, at most 100% (4 tasks) and at least 50% (2 healthy): replace two at a time.
            aws.ecs().updateService(r -> r.cluster("demo").service("web").desiredCount(4));
            SandboxTesting.await("4 running", Duration.ofSeconds(20), () -> sandbox.state().at("/services/0")
                    .get("runningCount").asInt() == 4 && sandbox.state().at("/services/0/deployments").size() == 1);
            String deployment = aws.ecs().updateService(r -> r.cluster("demo").service("web").taskDefinition(arn)
                    .deploymentConfiguration(d -> d.maximumPercent(100).minimumHealthyPercent(50)))
                    .service().currentServiceDeployment();
            AtomicInteger mostLive = new AtomicInteger();
            AtomicInteger fewestHealthy = new AtomicInteger(Integer.MAX_VALUE);
            SandboxTesting.await("the deployment", Duration.ofSeconds(30), () -> {
                JsonNode tasks = sandbox.state().get("tasks");
                int live = 0;
                int healthy = 0;
                for (JsonNode task : tasks) {
                    if (task.get("service").asText().equals("web") && task.get("desiredStatus").asText()
                            .equals("RUNNING")) {
                        live++;
                        if (task.get("healthy").asBoolean() && task.get("lastStatus").asText().equals("RUNNING")) {
                            healthy++;
                        }
                    }
                }
                mostLive.accumulateAndGet(live, Math::max);
                fewestHealthy.accumulateAndGet(healthy, Math::min);
                return SandboxTesting.finished(SandboxTesting.deploymentStatus(aws, deployment));
            });
            assertEquals("SUCCESSFUL", SandboxTesting.deploymentStatus(aws, deployment));
            assertTrue(mostLive.get() <= 4, "never above maximumPercent: " + mostLive);
            assertTrue(fewestHealthy.get() >= 2, "never below minimumHealthyPercent: " + fewestHealthy);
            assertEquals(4, aws.ecs().listTasks(r -> r.cluster("demo").serviceName("web")).taskArns().size());
        }
    }

    @Test
    void withoutACircuitBreakerEcsKeepsTryingAndSaysItCannotStartTasks() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.CRASH)
                .withTimeScale(0.02)); AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = SandboxTesting.registerRevision(aws, "web", c -> SandboxTesting.image(c, "2.0.0"));
            String deployment = aws.ecs().updateService(r -> r.cluster("demo").service("web").taskDefinition(arn)
                    .deploymentConfiguration(d -> d.deploymentCircuitBreaker(b -> b.enable(false).rollback(false))))
                    .service().currentServiceDeployment();
            SandboxTesting.await("the start-impaired event", Duration.ofSeconds(30), () -> aws.ecs()
                    .describeServices(r -> r.cluster("demo").services("web")).services().getFirst().events().stream()
                    .anyMatch(e -> e.message().contains("is unable to consistently start tasks successfully")));
            assertEquals("IN_PROGRESS", SandboxTesting.deploymentStatus(aws, deployment), "no breaker: no verdict");
            assertTrue(aws.ecs().describeServices(r -> r.cluster("demo").services("web")).services().getFirst()
                    .deployments().getFirst().failedTasks() >= 3);
        }
    }

    @Test
    void slowMakesEverythingFiveTimesSlower() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.SLOW)
                .withTimeScale(0.02))) {
            assertEquals(0.1, sandbox.state().get("timeScale").asDouble(), 1e-9);
        }
    }
}
