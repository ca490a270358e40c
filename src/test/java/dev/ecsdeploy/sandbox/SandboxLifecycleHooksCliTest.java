package dev.ecsdeploy.sandbox;

import static dev.ecsdeploy.sandbox.SandboxTesting.aws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS CLI puts Lambda lifecycle hooks on web-bg ({@code update-service --deployment-configuration}) and follows the
 * deployment through {@code describe-service-deployments} and the service events: the sandbox answers each hook from
 * its function's name (docs/sandbox.md, "Lifecycle hooks").
 */
class SandboxLifecycleHooksCliTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/ecs-lifecycle-hooks";
    private static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:";

    @BeforeAll
    static void cli() {
        SandboxTesting.assumeAwsCli();
    }

    private static String hook(String function, String... stages) {
        return "{\"hookTargetArn\":\"" + LAMBDA + function + "\",\"roleArn\":\"" + ROLE + "\",\"lifecycleStages\":[\""
                + String.join("\",\"", stages) + "\"]}";
    }

    private static SandboxTesting.Cli update(Sandbox sandbox, String... hooks) {
        return aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service", "web-bg",
                "--force-new-deployment", "--deployment-configuration", "{\"strategy\":\"BLUE_GREEN\","
                        + "\"bakeTimeInMinutes\":0,\"lifecycleHooks\":[" + String.join(",", hooks) + "]}");
    }

    /** Follows the deployment to its end; the stages seen, each once in a row. */
    private static List<String> follow(Sandbox sandbox, String arn) {
        List<String> stages = new ArrayList<>();
        SandboxTesting.await("the deployment", Duration.ofSeconds(60), () -> {
            JsonNode deployment = deployment(sandbox, arn);
            String stage = deployment.path("lifecycleStage").asText();
            if (stages.isEmpty() || !stages.getLast().equals(stage)) {
                stages.add(stage);
            }
            return SandboxTesting.finished(deployment.path("status").asText());
        });
        return stages;
    }

    private static JsonNode deployment(Sandbox sandbox, String arn) {
        return aws(sandbox, "ecs", "describe-service-deployments", "--service-deployment-arns", arn).json()
                .at("/serviceDeployments/0");
    }

    private static List<String> events(Sandbox sandbox) {
        List<String> messages = new ArrayList<>();
        aws(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", "web-bg").json()
                .at("/services/0/events").forEach(event -> messages.add(event.path("message").asText()));
        return messages.reversed();
    }

    @Test
    void aHookAskingToBeCalledAgainHoldsItsStageThenTheDeploymentSucceeds() {
        // 30 AWS seconds between calls are 1.5 s here: the CLI sees the stage held.
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05))) {
            SandboxTesting.Cli updated = update(sandbox, hook("smoke-test", "PRE_SCALE_UP"),
                    hook("soak-again", "POST_TEST_TRAFFIC_SHIFT"));
            assertEquals(0, updated.exit(), updated.stderr());
            JsonNode service = updated.json().path("service");
            assertEquals(LAMBDA + "soak-again", service.at("/deploymentConfiguration/lifecycleHooks/1/hookTargetArn")
                    .asText());
            String arn = service.path("currentServiceDeployment").asText();

            List<String> stages = follow(sandbox, arn);

            JsonNode deployment = deployment(sandbox, arn);
            assertEquals("SUCCESSFUL", deployment.path("status").asText(), stages.toString());
            assertTrue(stages.contains("POST_TEST_TRAFFIC_SHIFT"), "the CLI sees the held stage: " + stages);
            assertEquals(ROLE, deployment.at("/deploymentConfiguration/lifecycleHooks/0/roleArn").asText());
            List<String> answers = events(sandbox).stream().filter(m -> m.contains("lifecycle hook")).toList();
            String soak = "lifecycle hook " + LAMBDA + "soak-again at stage POST_TEST_TRAFFIC_SHIFT returned ";
            assertEquals(List.of(
                    "(service web-bg) lifecycle hook " + LAMBDA + "smoke-test at stage PRE_SCALE_UP returned SUCCEEDED.",
                    "(service web-bg) " + soak + "IN_PROGRESS; invoking it again in 30 seconds.",
                    "(service web-bg) " + soak + "IN_PROGRESS; invoking it again in 30 seconds.",
                    "(service web-bg) " + soak + "SUCCEEDED."), answers);
        }
    }

    @Test
    void aFailingHookRollsTheDeploymentBackAndTheStatusReasonNamesItAndItsStage() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.02))) {
            String arn = update(sandbox, hook("contract-tests-fail", "POST_TEST_TRAFFIC_SHIFT")).json()
                    .at("/service/currentServiceDeployment").asText();

            follow(sandbox, arn);

            JsonNode deployment = deployment(sandbox, arn);
            assertEquals("ROLLBACK_SUCCESSFUL", deployment.path("status").asText(), deployment.toString());
            String named = LAMBDA + "contract-tests-fail at stage POST_TEST_TRAFFIC_SHIFT returned FAILED";
            assertTrue(deployment.path("statusReason").asText().contains(named), deployment.toString());
            assertTrue(deployment.at("/rollback/reason").asText().contains(named), deployment.toString());
            assertEquals(0.0, deployment.at("/targetServiceRevision/requestedProductionTrafficWeight").asDouble());
            assertTrue(events(sandbox).contains("(service web-bg) lifecycle hook " + named + "."), events(sandbox)
                    .toString());
        }
    }

    @Test
    void aHookFailingAtATrafficShiftFailsTheRollbackTooBecauseEcsRunsThoseStagesHooksAgain() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.02))) {
            String arn = update(sandbox, hook("shift-check-fail", "TEST_TRAFFIC_SHIFT")).json()
                    .at("/service/currentServiceDeployment").asText();

            follow(sandbox, arn);

            JsonNode deployment = deployment(sandbox, arn);
            assertEquals("ROLLBACK_FAILED", deployment.path("status").asText(), deployment.toString());
            assertTrue(deployment.path("statusReason").asText().startsWith("Service deployment rollback failed"
                    + " because lifecycle hook " + LAMBDA + "shift-check-fail at stage TEST_TRAFFIC_SHIFT"),
                    deployment.toString());
            long failures = events(sandbox).stream().filter(m -> m.contains("shift-check-fail at stage"
                    + " TEST_TRAFFIC_SHIFT returned FAILED")).count();
            assertEquals(2, failures, "once forward, once in the rollback: " + events(sandbox));
        }
    }

    @Test
    void ecsRefusesAStageWithoutHooksAndAHookWithoutItsFunction() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.02))) {
            SandboxTesting.Cli badStage = update(sandbox, hook("smoke-test", "BAKE_TIME"));
            assertNotEquals(0, badStage.exit());
            assertTrue(badStage.stderr().contains("Value 'BAKE_TIME' at 'deploymentConfiguration.lifecycleHooks.1"
                    + ".lifecycleStages' failed to satisfy constraint"), badStage.stderr());

            SandboxTesting.Cli noTarget = update(sandbox, "{\"roleArn\":\"" + ROLE
                    + "\",\"lifecycleStages\":[\"PRE_SCALE_UP\"]}");
            assertNotEquals(0, noTarget.exit());
            assertTrue(noTarget.stderr().contains("InvalidParameterException") && noTarget.stderr()
                    .contains("hookTargetArn"), noTarget.stderr());

            SandboxTesting.Cli noStages = aws(sandbox, "ecs", "update-service", "--cluster", "demo", "--service",
                    "web-bg", "--deployment-configuration", "{\"lifecycleHooks\":[{\"hookTargetArn\":\"" + LAMBDA
                            + "x\",\"roleArn\":\"" + ROLE + "\",\"lifecycleStages\":[]}]}");
            assertNotEquals(0, noStages.exit());
            assertTrue(noStages.stderr().contains("lifecycleStages"), noStages.stderr());
            assertEquals(0, aws(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", "web-bg")
                    .json().at("/services/0/deploymentConfiguration/lifecycleHooks").size(), "nothing was kept");
        }
    }
}
