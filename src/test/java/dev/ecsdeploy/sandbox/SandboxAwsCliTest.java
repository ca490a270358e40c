package dev.ecsdeploy.sandbox;

import static dev.ecsdeploy.sandbox.SandboxTesting.aws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI (botocore, built on the official service models) as an independent client: what it sends the
 * sandbox must parse, and what the sandbox answers it must parse, including errors.
 */
class SandboxAwsCliTest {
    @TempDir
    Path temp;

    @BeforeAll
    static void cli() {
        SandboxTesting.assumeAwsCli();
    }

    @Test
    void healthyRollingUpdateOfWebBecomesStableOnTheNewRevision() throws Exception {
        Path audit = temp.resolve("audit.jsonl");
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05).withAudit(audit))) {
            // A task definition exported with DescribeTaskDefinition registers after dropping the read-only keys.
            JsonNode described = aws(sandbox, "ecs", "describe-task-definition", "--task-definition", "web").json();
            ObjectNode taskDefinition = (ObjectNode) described.get("taskDefinition");
            List.of("taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
                    "registeredAt", "registeredBy").forEach(taskDefinition::remove);
            ObjectNode app = (ObjectNode) taskDefinition.get("containerDefinitions").get(0);
            app.put("image", app.get("image").asText().replace(":1.0.0", ":2.0.0"));
            Path file = temp.resolve("web.json");
            Files.writeString(file, taskDefinition.toString());
            JsonNode registered = aws(sandbox, "ecs", "register-task-definition", "--cli-input-json",
                    "file://" + file).json();
            String arn = registered.at("/taskDefinition/taskDefinitionArn").asText();
            assertEquals("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2", arn);

            SandboxTesting.Cli update = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service",
                    "web", "--task-definition", "web:2");
            assertEquals(0, update.exit(), update.stderr());
            SandboxTesting.Cli wait = aws(sandbox, "ecs", "wait", "services-stable", "--cluster", "demo",
                    "--services", "web");
            assertEquals(0, wait.exit(), wait.stderr());

            var listed = CompletableFuture.supplyAsync(() -> aws(sandbox, "ecs", "list-service-deployments",
                    "--cluster", "demo", "--service", "web"));
            var runningTasks = CompletableFuture.supplyAsync(() -> aws(sandbox, "ecs", "list-tasks", "--cluster",
                    "demo", "--service-name", "web"));
            JsonNode service = aws(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", "web")
                    .json().at("/services/0");
            assertEquals(arn, service.get("taskDefinition").asText());
            assertEquals(2, service.get("runningCount").asInt());
            assertEquals(1, service.get("deployments").size());
            assertEquals("COMPLETED", service.at("/deployments/0/rolloutState").asText());
            JsonNode running = runningTasks.join().json().get("taskArns");
            assertEquals(2, running.size());
            JsonNode tasks = aws(sandbox, "ecs", "describe-tasks", "--cluster", "demo", "--tasks",
                    running.get(0).asText(), running.get(1).asText()).json().get("tasks");
            tasks.forEach(task -> assertEquals(arn, task.get("taskDefinitionArn").asText()));

            JsonNode deployments = listed.join().json().get("serviceDeployments");
            assertEquals("SUCCESSFUL", deployments.get(0).get("status").asText());
            assertEquals(2, deployments.size(), "the new deployment and the one the world started with");

            // The audit file has one line per call the CLI made.
            List<String> lines = Files.readAllLines(audit);
            assertEquals(sandbox.auditEntries().size(), lines.size());
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"operation\":\"UpdateService\"")
                    && l.contains("\"status\":200")), String.join("\n", lines));
            assertTrue(lines.stream().filter(l -> l.contains("\"operation\":\"DescribeServices\"")).count() >= 2,
                    "the waiter's DescribeServices calls are audited too");
        }
    }

    @Test
    void answersTheOtherServicesInTheirOwnProtocols() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05))) {
            String taskId = sandbox.state().get("tasks").get(0).get("id").asText();
            var identity = CompletableFuture.supplyAsync(() -> aws(sandbox, "sts", "get-caller-identity"));
            var secret = CompletableFuture.supplyAsync(() -> aws(sandbox, "secretsmanager", "get-secret-value",
                    "--secret-id", "demo/web"));
            var token = CompletableFuture.supplyAsync(() -> aws(sandbox, "ecr", "get-authorization-token"));
            var alarms = CompletableFuture.supplyAsync(() -> aws(sandbox, "cloudwatch", "describe-alarms",
                    "--alarm-names", "web-5xx"));
            var logs = CompletableFuture.supplyAsync(() -> aws(sandbox, "logs", "get-log-events", "--log-group-name",
                    "/ecs/web", "--log-stream-name", "ecs/app/" + taskId, "--start-from-head"));
            var missing = CompletableFuture.supplyAsync(() -> aws(sandbox, "ecs", "describe-services", "--cluster",
                    "nope", "--services", "web"));

            assertEquals("123456789012", identity.get().json().get("Account").asText(), identity.get().stderr());
            JsonNode value = SandboxTesting.JSON.readTree(secret.get().json().get("SecretString").asText());
            assertEquals("sandbox-secret-value", value.get("API_KEY").asText());
            JsonNode auth = token.get().json().at("/authorizationData/0");
            assertTrue(new String(Base64.getDecoder().decode(auth.get("authorizationToken").asText()),
                    StandardCharsets.UTF_8).startsWith("AWS:"));
            assertEquals("https://123456789012.dkr.ecr.us-east-1.amazonaws.com", auth.get("proxyEndpoint").asText());
            JsonNode alarm = alarms.get().json().at("/MetricAlarms/0");
            assertEquals("web-5xx", alarm.get("AlarmName").asText(), alarms.get().stderr());
            assertEquals("OK", alarm.get("StateValue").asText());
            JsonNode events = logs.get().json().get("events");
            assertEquals(2, events.size(), "each line once, however the CLI pages: " + logs.get().stdout());
            assertTrue(events.get(1).get("message").asText().contains("listening on port 8080"),
                    logs.get().stdout() + logs.get().stderr());

            SandboxTesting.Cli error = missing.get();
            assertNotEquals(0, error.exit());
            assertTrue(error.stderr().contains("(ClusterNotFoundException)")
                    && error.stderr().contains("Cluster not found."), error.stderr());
        }
    }
}
