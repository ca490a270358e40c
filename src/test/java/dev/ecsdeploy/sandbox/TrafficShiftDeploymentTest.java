package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.aws.AwsClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * ECS-native BLUE_GREEN / LINEAR / CANARY through the action's SDK clients: lifecycle stages in order, traffic
 * weights moving per the strategy, bake time, and rollbacks that put production traffic back on blue.
 */
class TrafficShiftDeploymentTest {
    static final List<String> STAGES = List.of("RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP",
            "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT",
            "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP");

    /** What polling DescribeServiceDeployments saw: "STAGE prod/test" whenever it changed. */
    record Watch(List<String> stages, List<Double> productionWeights, ServiceDeployment last) {
    }

    static Watch follow(AwsClients aws, String arn, Duration timeout) {
        List<String> stages = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        ServiceDeployment[] last = new ServiceDeployment[1];
        SandboxTesting.await("service deployment " + arn, timeout, () -> {
            ServiceDeployment sd = aws.ecs().describeServiceDeployments(r -> r.serviceDeploymentArns(arn))
                    .serviceDeployments().getFirst();
            last[0] = sd;
            String stage = sd.lifecycleStageAsString();
            if (stages.isEmpty() || !stages.getLast().equals(stage)) {
                stages.add(stage);
            }
            Double weight = sd.targetServiceRevision().requestedProductionTrafficWeight();
            if (weights.isEmpty() || !weights.getLast().equals(weight)) {
                weights.add(weight);
            }
            return SandboxTesting.finished(sd.statusAsString());
        });
        return new Watch(stages, weights, last[0]);
    }

    static String deploy(AwsClients aws, String service, Consumer<DeploymentConfiguration.Builder> config) {
        String arn = SandboxTesting.registerRevision(aws, service, c -> SandboxTesting.image(c, "2.0.0"));
        return aws.ecs().updateService(r -> r.cluster("demo").service(service).taskDefinition(arn)
                .deploymentConfiguration(config)).service().currentServiceDeployment();
    }

    @Test
    void linearWalksTheStagesInOrderAndRaisesProductionTrafficStepByStep() {
        // Slower than the other tests: the test-traffic stages last two AWS seconds, and a busy machine's polls must
        // still land in one of them.
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = deploy(aws, "web-linear", c -> c.linearConfiguration(l -> l.stepPercent(25.0)
                    .stepBakeTimeInMinutes(1)).bakeTimeInMinutes(1));
            Watch watch = follow(aws, arn, Duration.ofSeconds(30));

            assertEquals("SUCCESSFUL", watch.last().statusAsString());
            int previous = -1;
            for (String stage : watch.stages()) {
                int index = STAGES.indexOf(stage);
                assertTrue(index >= previous, "stages in order: " + watch.stages());
                previous = index;
            }
            assertTrue(watch.stages().containsAll(List.of("SCALE_UP", "PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME",
                    "CLEAN_UP")), "the stages seen: " + watch.stages());
            assertTrue(watch.stages().contains("TEST_TRAFFIC_SHIFT") || watch.stages().contains("POST_TEST_TRAFFIC_SHIFT"),
                    "test traffic shifted before production: " + watch.stages());
            assertTrue(watch.productionWeights().containsAll(List.of(25.0, 50.0, 75.0, 100.0)),
                    "production traffic in 25 % steps: " + watch.productionWeights());
            assertEquals(watch.productionWeights().stream().sorted().toList(), watch.productionWeights(),
                    "production traffic only rises");
            assertEquals(0.0, watch.last().sourceServiceRevisions().getFirst().requestedProductionTrafficWeight());
            var service = aws.ecs().describeServices(r -> r.cluster("demo").services("web-linear")).services()
                    .getFirst();
            assertEquals(1, service.deployments().size(), "blue is gone after CLEAN_UP");
            assertTrue(service.taskDefinition().endsWith("web-linear:2"));
            assertEquals(2, service.runningCount());
        }
    }

    @Test
    void blueGreenShiftsAllTrafficAtOnceAndKeepsBlueRunningThroughTheBakeTime() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = deploy(aws, "web-bg", c -> { });
            SandboxTesting.await("the bake time", Duration.ofSeconds(20), () -> "BAKE_TIME".equals(aws.ecs()
                    .describeServiceDeployments(r -> r.serviceDeploymentArns(arn)).serviceDeployments().getFirst()
                    .lifecycleStageAsString()));
            ServiceDeployment baking = aws.ecs().describeServiceDeployments(r -> r.serviceDeploymentArns(arn))
                    .serviceDeployments().getFirst();
            assertEquals("IN_PROGRESS", baking.statusAsString());
            assertEquals(100.0, baking.targetServiceRevision().requestedProductionTrafficWeight());
            assertEquals(100.0, baking.targetServiceRevision().requestedTestTrafficWeight());
            assertEquals(2, baking.targetServiceRevision().runningTaskCount(), "green at the full desired count");
            assertEquals(2, baking.sourceServiceRevisions().getFirst().runningTaskCount(), "blue still runs");
            Watch watch = follow(aws, arn, Duration.ofSeconds(20));
            assertEquals("SUCCESSFUL", watch.last().statusAsString());
            assertEquals(List.of(100.0), watch.productionWeights().stream().filter(w -> w > 0).distinct().toList(),
                    "all at once");
        }
    }

    @Test
    void unhealthyGreenRollsBackWithProductionTrafficOnBlue() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.UNHEALTHY)
                .withTimeScale(0.01)); AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = deploy(aws, "web-bg", c -> { });
            Watch watch = follow(aws, arn, Duration.ofSeconds(30));
            ServiceDeployment end = watch.last();
            assertEquals("ROLLBACK_SUCCESSFUL", end.statusAsString());
            assertTrue(end.statusReason().contains("circuit breaker threshold was exceeded"), end.statusReason());
            assertEquals(end.sourceServiceRevisions().getFirst().arn(), end.rollback().serviceRevisionArn());
            assertEquals(0.0, end.targetServiceRevision().requestedProductionTrafficWeight());
            assertEquals(100.0, end.sourceServiceRevisions().getFirst().requestedProductionTrafficWeight());
            assertFalse(watch.productionWeights().contains(100.0), "production traffic never left blue");
            var service = aws.ecs().describeServices(r -> r.cluster("demo").services("web-bg")).services()
                    .getFirst();
            assertTrue(service.taskDefinition().endsWith("web-bg:1"), service.taskDefinition());
            assertEquals(1, service.deployments().size());
            var stopped = aws.ecs().listTasks(r -> r.cluster("demo").serviceName("web-bg").desiredStatus("STOPPED"))
                    .taskArns();
            List<String> healthCheckFailures = aws.ecs().describeTasks(r -> r.cluster("demo").tasks(stopped)).tasks()
                    .stream().filter(t -> t.taskDefinitionArn().endsWith("web-bg:2"))
                    .map(t -> t.stoppedReason()).filter(reason -> reason.contains("ELB health checks")).toList();
            assertFalse(healthCheckFailures.isEmpty());
            assertTrue(healthCheckFailures.stream().allMatch(reason -> reason.contains("targetgroup/web-bg-green/")),
                    "green tasks fail in the green target group: " + healthCheckFailures);
        }
    }

    @Test
    void aDeploymentAlarmRollsBackACanary() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.ALARM)
                .withTimeScale(0.01)); AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = deploy(aws, "web-canary", c -> c.alarms(a -> a.enable(true).rollback(true)
                    .alarmNames("web-5xx")));
            ServiceDeployment end = follow(aws, arn, Duration.ofSeconds(30)).last();
            assertEquals("ROLLBACK_SUCCESSFUL", end.statusAsString());
            assertEquals(List.of("web-5xx"), end.alarms().triggeredAlarmNames());
            assertTrue(end.statusReason().contains("web-5xx"), end.statusReason());
        }
    }

    @Test
    void stopServiceDeploymentRollsBackEvenDuringTheBakeTime() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01));
             AwsClients aws = SandboxTesting.clients(sandbox)) {
            String arn = deploy(aws, "web-bg", c -> { });
            SandboxTesting.await("the bake time", Duration.ofSeconds(20), () -> "BAKE_TIME".equals(aws.ecs()
                    .describeServiceDeployments(r -> r.serviceDeploymentArns(arn)).serviceDeployments().getFirst()
                    .lifecycleStageAsString()));
            aws.ecs().stopServiceDeployment(r -> r.serviceDeploymentArn(arn).stopType("ROLLBACK"));
            ServiceDeployment end = follow(aws, arn, Duration.ofSeconds(20)).last();
            assertEquals("ROLLBACK_SUCCESSFUL", end.statusAsString());
            assertEquals(0.0, end.targetServiceRevision().requestedProductionTrafficWeight());
            assertTrue(aws.ecs().describeServices(r -> r.cluster("demo").services("web-bg")).services().getFirst()
                    .taskDefinition().endsWith("web-bg:1"));
        }
    }
}
