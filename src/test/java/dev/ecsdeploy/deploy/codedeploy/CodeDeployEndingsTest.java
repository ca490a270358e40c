package dev.ecsdeploy.deploy.codedeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.testing.ActionHarness;
import dev.ecsdeploy.testing.SandboxAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.AwsVpcConfiguration;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * How a CodeDeploy deployment of web-cd ends, against the sandbox's CodeDeploy: the AppSpec sent, traffic-shifted,
 * timeout, cancellation and the rollback command, each checked in what CodeDeploy received.
 */
class CodeDeployEndingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Five minutes of canary bake: long enough at this scale to time out or cancel in the middle. */
    private static final String CANARY = "CodeDeployDefault.ECSCanary10Percent5Minutes";

    @TempDir
    Path temp;
    private Sandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.03));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private ActionHarness deploy() {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web-cd");
    }

    @Test
    void theAppSpecGoesInlineWithItsChecksumTheServicesNetworkAndTheHooks() throws Exception {
        ActionHarness.Run run = deploy().input("codedeploy-hooks", "BeforeAllowTraffic=smoke-test").run();

        assertEquals(0, run.exitCode(), run.toString());
        JsonNode create = codeDeployRequests("CreateDeployment").getFirst();
        JsonNode appSpec = create.path("revision").path("appSpecContent");
        String content = appSpec.path("content").asText();
        assertEquals(AppSpecs.sha256(content), appSpec.path("sha256").asText());
        JsonNode document = JSON.readTree(content);
        JsonNode properties = document.path("Resources").get(0).path("TargetService").path("Properties");
        assertEquals(run.output("task-definition-arn"), properties.path("TaskDefinition").asText());
        assertEquals("app", properties.path("LoadBalancerInfo").path("ContainerName").asText());
        assertEquals(8080, properties.path("LoadBalancerInfo").path("ContainerPort").asInt());
        AwsVpcConfiguration network = webCd().networkConfiguration().awsvpcConfiguration();
        assertEquals(network.subnets().toString().replace(" ", ""),
                properties.path("NetworkConfiguration").path("AwsvpcConfiguration").path("Subnets").toString()
                        .replace("\"", ""), "the service's network settings are copied");
        assertEquals("smoke-test", document.path("Hooks").get(0).path("BeforeAllowTraffic").asText());
        assertTrue(run.log().contains("AllowTraffic"), run.log());
    }

    @Test
    void waitUntilTrafficShiftedReturnsBeforeTheOriginalTaskSetIsGone() {
        ActionHarness.Run run = deploy().input("wait-until", "traffic-shifted").run();

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("TRAFFIC_SHIFTED", run.output("deployment-status"));
        assertTrue(run.log().contains("now takes all production traffic"), run.log());
        assertTrue(codeDeployRequests("StopDeployment").isEmpty());
        assertEquals(2, webCd().taskSets().size(), "CodeDeploy still keeps the original task set for its wait");
    }

    @Test
    void aTimeoutStopsTheDeploymentWithAutomaticRollback() {
        ActionHarness.Run run = deploy().input("codedeploy-config", CANARY).input("timeout", "3s").run();

        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("TIMED_OUT", run.output("deployment-status"), run.toString());
        assertEquals("true", run.output("rolled-back"), run.toString());
        JsonNode stop = codeDeployRequests("StopDeployment").getFirst();
        assertEquals(run.output("deployment-id"), stop.path("deploymentId").asText());
        assertTrue(stop.path("autoRollbackEnabled").asBoolean(), stop.toString());
        assertTrue(webCd().taskDefinition().endsWith("web-cd:1"), "back on the original revision");
    }

    @Test
    void cancellationStopsTheDeploymentWithAutomaticRollbackAtOnce() throws Exception {
        ActionHarness harness = deploy().input("codedeploy-config", CANARY).input("poll-interval", "30s");
        Thread canceller = Thread.ofVirtual().start(() -> {
            while (codeDeployRequests("CreateDeployment").isEmpty()) {
                Thread.onSpinWait();
            }
            harness.cancellation().cancel("SIGTERM");
        });
        long started = System.nanoTime();
        ActionHarness.Run run = harness.run();
        canceller.join();

        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("CANCELLED", run.output("deployment-status"), run.toString());
        assertTrue(codeDeployRequests("StopDeployment").getFirst().path("autoRollbackEnabled").asBoolean());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 20,
                "noticed at once, not after the 30 s poll interval");
    }

    @Test
    void theRollbackCommandStopsARunningDeploymentWithAutomaticRollback() {
        ActionHarness.Run started = deploy().input("codedeploy-config", CANARY).input("wait", "false").run();
        assertEquals(0, started.exitCode(), started.toString());

        ActionHarness.Run run = deploy().input("command", "rollback").run();

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("true", run.output("rolled-back"));
        assertEquals(started.output("deployment-id"), run.output("deployment-id"));
        assertTrue(codeDeployRequests("StopDeployment").getFirst().path("autoRollbackEnabled").asBoolean());
        assertEquals(1, codeDeployRequests("CreateDeployment").size(), "stopping is the rollback; no new deployment");
        assertTrue(webCd().taskDefinition().endsWith("web-cd:1"), "back on the original revision");
    }

    private List<JsonNode> codeDeployRequests(String operation) {
        return requests(sandbox, "codedeploy", operation);
    }

    /** The bodies (where the audit keeps them) of the calls of one operation the sandbox answered 200. */
    static List<JsonNode> requests(Sandbox sandbox, String service, String operation) {
        return sandbox.auditEntries().stream()
                .filter(entry -> service.equals(entry.path("service").asText())
                        && operation.equals(entry.path("operation").asText()) && entry.path("status").asInt() == 200)
                .map(entry -> entry.path("payload")).toList();
    }

    private Service webCd() {
        return SandboxAws.service(sandbox.endpoint(), "web-cd");
    }
}
