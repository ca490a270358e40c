package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static dev.ecsdeploy.sandbox.SandboxTesting.aws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.aws.AwsClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.Secret;

/**
 * Scenarios and world-implied failures as the AWS CLI sees them: the stopped reasons ECS gives, the circuit breaker
 * and the rollback. The deployment is started with the action's SDK client; what came of it is read with the CLI.
 */
class SandboxScenariosCliTest {
    private static final double SCALE = 0.02;

    @BeforeAll
    static void cli() {
        SandboxTesting.assumeAwsCli();
    }

    @Test
    void unhealthyTasksTripTheCircuitBreakerAndTheServiceRollsBack() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.UNHEALTHY)
                .withTimeScale(SCALE)); AwsClients sdk = SandboxTesting.clients(sandbox)) {
            String deployment = deploy(sdk, "web", c -> SandboxTesting.image(c, "2.0.0"));
            // While the rollback runs, the failed deployment is listed FAILED with the breaker's reason (watched
            // through the SDK: a CLI call takes longer than that moment lasts at this time scale).
            AtomicReference<Deployment> failed = new AtomicReference<>();
            SandboxTesting.await("the rollback", Duration.ofSeconds(30), () -> {
                sdk.ecs().describeServices(r -> r.cluster("demo").services("web")).services().getFirst()
                        .deployments().stream().filter(d -> "FAILED".equals(d.rolloutStateAsString()))
                        .findFirst().ifPresent(failed::set);
                return SandboxTesting.finished(SandboxTesting.deploymentStatus(sdk, deployment));
            });
            assertTrue(failed.get() != null && failed.get().taskDefinition().endsWith(":2"), String.valueOf(failed));
            assertEquals("ECS deployment circuit breaker: tasks failed to start.", failed.get().rolloutStateReason());

            var describing = CompletableFuture.supplyAsync(() -> aws(sandbox, "ecs", "describe-services",
                    "--cluster", "demo", "--services", "web"));
            var stopping = CompletableFuture.supplyAsync(() -> stoppedTasks(sandbox, sdk, "web"));
            JsonNode described = aws(sandbox, "ecs", "describe-service-deployments", "--service-deployment-arns",
                    deployment).json().at("/serviceDeployments/0");
            assertEquals("ROLLBACK_SUCCESSFUL", described.get("status").asText());
            assertEquals("TRIGGERED", described.at("/deploymentCircuitBreaker/status").asText());
            assertEquals(3, described.at("/deploymentCircuitBreaker/threshold").asInt());

            JsonNode service = describing.join().json().at("/services/0");
            assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
                    service.get("taskDefinition").asText(), "back on the previous revision");
            JsonNode events = service.get("events");
            assertTrue(events.toString().contains("deployment failed: tasks failed to start."), events.toString());
            assertTrue(events.toString().contains("is unhealthy in (target-group"), events.toString());
            assertTrue(events.toString().contains("rolling back to deployment ecs-svc/"), events.toString());
            assertTrue(described.at("/rollback/serviceRevisionArn").asText()
                    .equals(described.at("/sourceServiceRevisions/0/arn").asText()), described.toString());
            assertEquals(1, service.get("deployments").size(), "the failed deployment is gone once its tasks stopped");

            JsonNode stopped = stopping.join();
            assertTrue(stopped.size() >= 3, stopped.toString());
            for (JsonNode task : stopped) {
                // Tasks still starting when the deployment failed are scaled in, not failed.
                if (task.get("taskDefinitionArn").asText().endsWith(":2")
                        && !task.get("stoppedReason").asText().startsWith("Scaling activity")) {
                    assertTrue(task.get("stoppedReason").asText().startsWith(
                            "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:"),
                            task.toString());
                    assertEquals("ServiceSchedulerInitiated", task.get("stopCode").asText());
                }
            }
        }
    }

    @Test
    void crashPullErrorSecretsErrorAndAMissingSecretKeyStopTasksWithTheReasonsEcsGives() {
        record Case(Scenario scenario, UnaryOperator<ContainerDefinition> change, String stopCode, String reason,
                    Integer exitCode) {
        }
        List<Case> cases = List.of(
                new Case(Scenario.CRASH, c -> SandboxTesting.image(c, "2.0.0"), "EssentialContainerExited",
                        "Essential container in task exited", 1),
                new Case(Scenario.PULL_ERROR, c -> SandboxTesting.image(c, "2.0.0"), "TaskFailedToStart",
                        "CannotPullContainerError: pull image manifest has been retried", null),
                new Case(Scenario.SECRETS_ERROR, c -> SandboxTesting.image(c, "2.0.0"), "TaskFailedToStart",
                        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource"
                                + " retrieval failed: unable to retrieve secret from asm", null),
                new Case(Scenario.HEALTHY, c -> c.toBuilder().secrets(Secret.builder().name("DB_PASSWORD")
                        .valueFrom("arn:aws:secretsmanager:us-east-1:123456789012:secret:demo/web-Sb7x2Q"
                                + ":DB_PASSWORD::").build()).build(), "TaskFailedToStart",
                        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource"
                                + " retrieval failed: unable to retrieve secret from asm: service call has been"
                                + " retried 1 time(s): retrieved secret from Secrets Manager did not contain json"
                                + " key DB_PASSWORD", null),
                new Case(Scenario.HEALTHY, c -> c.toBuilder().secrets(Secret.builder().name("DB_URL")
                        .valueFrom("arn:aws:ssm:us-east-1:123456789012:parameter/demo/web/nope").build()).build(),
                        "TaskFailedToStart", "ResourceInitializationError: unable to pull secrets or registry auth:"
                                + " execution resource retrieval failed: unable to retrieve secrets from ssm: service"
                                + " call has been retried 1 time(s): invalid ssm parameters: /demo/web/nope", null),
                new Case(Scenario.HEALTHY, c -> c.toBuilder().secrets(Secret.builder().name("DB_URL")
                        .valueFrom("DB_PASSWORD").build()).build(), "TaskFailedToStart",
                        "ResourceInitializationError: unable to pull secrets or registry auth: execution resource"
                                + " retrieval failed: unable to retrieve secrets from ssm: service call has been"
                                + " retried 1 time(s): invalid ssm parameters: DB_PASSWORD", null));
        // The cases run side by side, each against its own sandbox.
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture.allOf(cases.stream().map(c -> CompletableFuture.runAsync(() -> {
            try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(c.scenario())
                    .withTimeScale(SCALE)); AwsClients sdk = SandboxTesting.clients(sandbox)) {
                String deployment = deploy(sdk, "web", c.change());
                SandboxTesting.await(c.scenario() + " deployment's end", Duration.ofSeconds(30),
                        () -> SandboxTesting.finished(SandboxTesting.deploymentStatus(sdk, deployment)));
                JsonNode failed = null;
                for (JsonNode task : stoppedTasks(sandbox, sdk, "web")) {
                    if (task.get("taskDefinitionArn").asText().endsWith(":2")
                            && !task.get("stoppedReason").asText().startsWith("Scaling activity")) {
                        failed = task;
                    }
                }
                if (failed == null) {
                    problems.add(c.scenario() + ": no stopped task of web:2");
                    return;
                }
                if (!failed.get("stopCode").asText().equals(c.stopCode())
                        || !failed.get("stoppedReason").asText().startsWith(c.reason())) {
                    problems.add(c.scenario() + ": " + failed.get("stopCode") + " " + failed.get("stoppedReason"));
                }
                JsonNode exit = failed.at("/containers/0/exitCode");
                if (c.exitCode() != null && exit.asInt(-1) != c.exitCode()) {
                    problems.add(c.scenario() + ": exit code " + exit);
                }
                if (c.scenario() == Scenario.CRASH) {
                    String taskId = failed.get("taskArn").asText().replaceAll(".*/", "");
                    var lines = sdk.logs().getLogEvents(r -> r.logGroupName("/ecs/web")
                            .logStreamName("ecs/app/" + taskId)).events();
                    if (lines.isEmpty() || !lines.getLast().message().contains("exiting with code 1")) {
                        problems.add("crash: last log lines " + lines);
                    }
                }
                assertEquals("ROLLBACK_SUCCESSFUL", SandboxTesting.deploymentStatus(sdk, deployment),
                        c.scenario() + " rolls back");
            }
        })).toArray(CompletableFuture[]::new)).join();
        assertEquals(List.of(), problems);
    }

    @Test
    void throttleMakesTheCliSeeThrottlingExceptionWhenItDoesNotRetry() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.THROTTLE))) {
            SandboxTesting.Cli throttled = null;
            for (int attempt = 0; attempt < 25 && throttled == null; attempt++) {
                SandboxTesting.Cli call = aws(sandbox, Map.of("AWS_MAX_ATTEMPTS", "1"), "ecs", "list-clusters");
                if (call.exit() != 0) {
                    throttled = call;
                }
            }
            assertTrue(throttled != null, "30% of calls are throttled; 25 calls all passed");
            assertNotEquals(0, throttled.exit());
            assertTrue(throttled.stderr().contains("(ThrottlingException)")
                    && throttled.stderr().contains("Rate exceeded"), throttled.stderr());
        }
    }

    @Test
    void throttleDrawsFromASeedSoTheSameCallsAreThrottledEveryRun() throws Exception {
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.THROTTLE))) {
                runs.add(listClustersStatuses(sandbox, 12));
            }
        }
        assertEquals(runs.get(0), runs.get(1), "the default seed repeats the draw");
        assertTrue(runs.get(0).contains(400) && runs.get(0).contains(200), runs.get(0).toString());
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.THROTTLE)
                .withSeed(7))) {
            assertNotEquals(runs.get(0), listClustersStatuses(sandbox, 12), "another seed, another draw");
        }
    }

    /** The HTTP statuses of {@code n} ListClusters calls in a row (raw HTTP: no client retries). */
    private static List<Integer> listClustersStatuses(Sandbox sandbox, int n) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            for (int i = 0; i < n; i++) {
                statuses.add(http.send(java.net.http.HttpRequest.newBuilder(sandbox.endpoint())
                        .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters")
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
            }
        }
        return statuses;
    }

    /** Registers a changed revision of the family and deploys it; returns the service deployment ARN. */
    private static String deploy(AwsClients sdk, String service, UnaryOperator<ContainerDefinition> change) {
        String arn = SandboxTesting.registerRevision(sdk, service, change);
        return sdk.ecs().updateService(r -> r.cluster("demo").service(service).taskDefinition(arn)).service()
                .currentServiceDeployment();
    }

    /** The service's stopped tasks (listed with the SDK), described with the CLI. */
    private static JsonNode stoppedTasks(Sandbox sandbox, AwsClients sdk, String service) {
        List<String> args = new ArrayList<>(List.of("ecs", "describe-tasks", "--cluster", "demo", "--tasks"));
        args.addAll(sdk.ecs().listTasks(r -> r.cluster("demo").serviceName(service).desiredStatus("STOPPED"))
                .taskArns());
        return aws(sandbox, args.toArray(String[]::new)).json().get("tasks");
    }
}
