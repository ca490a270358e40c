package dev.ecsdeploy.sandbox;

import dev.ecsdeploy.sandbox.core.Scenario;

import static dev.ecsdeploy.sandbox.SandboxTesting.aws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI against the strategies: the source documents' own {@code aws ecs deploy} with a CodeDeploy AppSpec,
 * {@code aws deploy} reading the deployment, an ECS blue/green deployment followed through
 * {@code describe-service-deployments}, and unhealthy revisions rolled back both ways.
 */
class SandboxStrategiesCliTest {
    private static final String APPSPEC = """
            version: 0.0
            Resources:
              - TargetService:
                  Type: AWS::ECS::Service
                  Properties:
                    TaskDefinition: "replaced by aws ecs deploy"
                    LoadBalancerInfo:
                      ContainerName: "app"
                      ContainerPort: 8080
            """;

    @TempDir
    Path temp;

    @BeforeAll
    static void cli() {
        SandboxTesting.assumeAwsCli();
    }

    /** web-cd's task definition as a register-task-definition input with a new image, and the AppSpec file. */
    private List<Path> deployFiles(Sandbox sandbox) throws Exception {
        ObjectNode taskDefinition = (ObjectNode) aws(sandbox, "ecs", "describe-task-definition", "--task-definition",
                "web-cd").json().get("taskDefinition");
        List.of("taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt",
                "registeredBy").forEach(taskDefinition::remove);
        ObjectNode app = (ObjectNode) taskDefinition.get("containerDefinitions").get(0);
        app.put("image", app.get("image").asText().replace(":1.0.0", ":2.0.0"));
        Path definition = temp.resolve("task-definition.json");
        Files.writeString(definition, taskDefinition.toString());
        Path appSpec = temp.resolve("appspec.yaml");
        Files.writeString(appSpec, APPSPEC);
        return List.of(definition, appSpec);
    }

    private SandboxTesting.Cli ecsDeploy(Sandbox sandbox) throws Exception {
        List<Path> files = deployFiles(sandbox);
        return aws(sandbox, "ecs", "deploy", "--service", "web-cd", "--cluster", "demo", "--task-definition",
                files.get(0).toString(), "--codedeploy-appspec", files.get(1).toString(),
                "--codedeploy-application", "AppECS-demo-web-cd", "--codedeploy-deployment-group",
                "DgpECS-demo-web-cd");
    }

    @Test
    void theSourceDocumentsEcsDeployCommandRegistersDeploysAndWaitsForSuccess() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.01))) {
            SandboxTesting.Cli deploy = ecsDeploy(sandbox);
            assertEquals(0, deploy.exit(), deploy.stdout() + deploy.stderr());
            assertTrue(deploy.stdout().contains("Successfully deployed"), deploy.stdout());

            String id = aws(sandbox, "deploy", "list-deployments", "--application-name", "AppECS-demo-web-cd",
                    "--deployment-group-name", "DgpECS-demo-web-cd").json().at("/deployments/0").asText();
            assertTrue(deploy.stdout().contains(id), deploy.stdout());
            JsonNode info = aws(sandbox, "deploy", "get-deployment", "--deployment-id", id).json()
                    .get("deploymentInfo");
            assertEquals("Succeeded", info.get("status").asText());
            assertEquals("CodeDeployDefault.ECSAllAtOnce", info.get("deploymentConfigName").asText());
            assertEquals(1, info.at("/deploymentOverview/Succeeded").asInt());
            assertTrue(info.has("completeTime") && info.has("startTime"), info.toString());

            String targetId = aws(sandbox, "deploy", "list-deployment-targets", "--deployment-id", id).json()
                    .at("/targetIds/0").asText();
            JsonNode target = aws(sandbox, "deploy", "get-deployment-target", "--deployment-id", id, "--target-id",
                    targetId).json().at("/deploymentTarget/ecsTarget");
            List<String> events = new ArrayList<>();
            target.get("lifecycleEvents").forEach(e -> events.add(e.get("lifecycleEventName").asText() + ":"
                    + e.get("status").asText()));
            assertEquals(List.of("BeforeInstall:Succeeded", "Install:Succeeded", "AfterInstall:Succeeded",
                    "AllowTestTraffic:Succeeded", "AfterAllowTestTraffic:Succeeded", "BeforeAllowTraffic:Succeeded",
                    "AllowTraffic:Succeeded", "AfterAllowTraffic:Succeeded"), events);

            JsonNode service = aws(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", "web-cd")
                    .json().at("/services/0");
            assertTrue(service.get("taskDefinition").asText().endsWith("task-definition/web-cd:2"),
                    service.get("taskDefinition").asText());
            assertEquals(1, service.get("taskSets").size());
            assertEquals("PRIMARY", service.at("/taskSets/0/status").asText());
        }
    }

    @Test
    void anUnhealthyRevisionMakesEcsDeployFailAndCodeDeployRollsBack() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.UNHEALTHY)
                .withTimeScale(0.01))) {
            SandboxTesting.Cli deploy = ecsDeploy(sandbox);
            assertEquals(255, deploy.exit(), deploy.stdout() + deploy.stderr());
            assertTrue(deploy.stderr().contains("Waiter DeploymentSuccessful failed"), deploy.stderr());

            JsonNode ids = aws(sandbox, "deploy", "list-deployments", "--application-name", "AppECS-demo-web-cd",
                    "--deployment-group-name", "DgpECS-demo-web-cd", "--include-only-statuses", "Failed").json()
                    .get("deployments");
            assertEquals(1, ids.size(), ids.toString());
            JsonNode failed = aws(sandbox, "deploy", "get-deployment", "--deployment-id", ids.get(0).asText())
                    .json().get("deploymentInfo");
            assertEquals("ECS_UPDATE_ERROR", failed.at("/errorInformation/code").asText());
            String rollbackId = failed.at("/rollbackInfo/rollbackDeploymentId").asText();
            SandboxTesting.await("the rollback", Duration.ofSeconds(30), () -> "Succeeded".equals(aws(sandbox,
                    "deploy", "get-deployment", "--deployment-id", rollbackId).json()
                    .at("/deploymentInfo/status").asText()));
            JsonNode service = aws(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", "web-cd")
                    .json().at("/services/0");
            assertTrue(service.get("taskDefinition").asText().endsWith("web-cd:1"), service.toString());
        }
    }

    @Test
    void anUpdateOfWebBgShowsItsStagesAndTrafficMovingThroughDescribeServiceDeployments() {
        // UpdateService may switch the strategy too: LINEAR in 50 % steps, so that the CLI (a second or two per
        // call) sees production traffic split, then all on green while it bakes.
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05))) {
            JsonNode updated = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web-bg",
                    "--force-new-deployment", "--deployment-configuration", "strategy=LINEAR,bakeTimeInMinutes=1,"
                    + "linearConfiguration={stepPercent=50,stepBakeTimeInMinutes=1}").json();
            String arn = updated.at("/service/currentServiceDeployment").asText();
            assertEquals("LINEAR", updated.at("/service/deploymentConfiguration/strategy").asText());
            List<String> seen = new ArrayList<>();
            JsonNode[] last = new JsonNode[1];
            SandboxTesting.await("the deployment", Duration.ofSeconds(60), () -> {
                JsonNode deployment = aws(sandbox, "ecs", "describe-service-deployments",
                        "--service-deployment-arns", arn).json().at("/serviceDeployments/0");
                last[0] = deployment;
                String line = deployment.get("lifecycleStage").asText() + " "
                        + deployment.at("/targetServiceRevision/requestedProductionTrafficWeight").asDouble() + "/"
                        + deployment.at("/sourceServiceRevisions/0/requestedProductionTrafficWeight").asDouble();
                if (seen.isEmpty() || !seen.getLast().equals(line)) {
                    seen.add(line);
                }
                return SandboxTesting.finished(deployment.get("status").asText());
            });
            assertEquals("SUCCESSFUL", last[0].get("status").asText(), seen.toString());
            assertTrue(seen.contains("PRODUCTION_TRAFFIC_SHIFT 50.0/50.0"), "half the traffic first: " + seen);
            assertTrue(seen.contains("BAKE_TIME 100.0/0.0"), "then all of it, and it bakes: " + seen);
            assertEquals("CLEAN_UP 100.0/0.0", seen.getLast());
            List<String> order = TrafficShiftDeploymentTest.STAGES;
            List<Integer> indexes = seen.stream().map(s -> order.indexOf(s.substring(0, s.indexOf(' ')))).toList();
            assertEquals(indexes.stream().sorted().toList(), indexes, "stages in order: " + seen);
        }
    }

    @Test
    void anUnhealthyBlueGreenRollsBackAndSaysWhy() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.UNHEALTHY)
                .withTimeScale(0.02))) {
            String family = aws(sandbox, "ecs", "describe-task-definition", "--task-definition", "web-bg").json()
                    .at("/taskDefinition/family").asText();
            JsonNode containers = aws(sandbox, "ecs", "describe-task-definition", "--task-definition", "web-bg")
                    .json().at("/taskDefinition/containerDefinitions");
            ((ObjectNode) containers.get(0)).put("image", containers.get(0).get("image").asText()
                    .replace(":1.0.0", ":2.0.0"));
            SandboxTesting.Cli registered = aws(sandbox, "ecs", "register-task-definition", "--family", family,
                    "--container-definitions", containers.toString(), "--requires-compatibilities", "FARGATE",
                    "--network-mode", "awsvpc", "--cpu", "256", "--memory", "512",
                    // The containers read secrets and log to awslogs: ECS requires the execution role for both.
                    "--execution-role-arn", "arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
            assertEquals(0, registered.exit(), registered.stderr());
            String arn = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web-bg",
                    "--task-definition", "web-bg:2").json().at("/service/currentServiceDeployment").asText();
            SandboxTesting.await("the rollback", Duration.ofSeconds(60), () -> SandboxTesting.finished(aws(sandbox,
                    "ecs", "describe-service-deployments", "--service-deployment-arns", arn).json()
                    .at("/serviceDeployments/0/status").asText()));
            JsonNode deployment = aws(sandbox, "ecs", "describe-service-deployments", "--service-deployment-arns",
                    arn).json().at("/serviceDeployments/0");
            assertEquals("ROLLBACK_SUCCESSFUL", deployment.get("status").asText());
            assertTrue(deployment.get("statusReason").asText().contains("circuit breaker"), deployment.toString());
            assertEquals(0.0, deployment.at("/targetServiceRevision/requestedProductionTrafficWeight").asDouble());
            assertEquals(deployment.at("/sourceServiceRevisions/0/arn").asText(),
                    deployment.at("/rollback/serviceRevisionArn").asText());
            JsonNode service = aws(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", "web-bg")
                    .json().at("/services/0");
            assertTrue(service.get("taskDefinition").asText().endsWith("web-bg:1"), service.toString());
        }
    }
}
