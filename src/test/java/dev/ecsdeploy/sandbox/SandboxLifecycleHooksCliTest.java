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
    void aHookGetsEcsEventWithItsHookDetailsAndIsAskedAgainAfterTheCallBackDelayItAnswered() throws Exception {
        // 60 AWS seconds are 3 s here, the default 30 would be 1.5 s.
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05))) {
            sandbox.scriptLambda("approval", List.of(
                    SandboxTesting.JSON.readTree("{\"hookStatus\":\"IN_PROGRESS\",\"callBackDelay\":60,"
                            + "\"hookDetails\":{\"approvalChecked\":true}}"),
                    SandboxTesting.JSON.readTree("{\"hookStatus\":\"SUCCEEDED\"}")));
            String approval = "{\"hookTargetArn\":\"" + LAMBDA + "approval\",\"roleArn\":\"" + ROLE + "\","
                    + "\"lifecycleStages\":[\"POST_TEST_TRAFFIC_SHIFT\"],"
                    + "\"hookDetails\":{\"S3_BUCKET_NAME\":\"my-approval-bucket\"}}";
            SandboxTesting.Cli updated = update(sandbox, approval, hook("shift-check", "TEST_TRAFFIC_SHIFT"));
            assertEquals(0, updated.exit(), updated.stderr());
            String arn = updated.json().at("/service/currentServiceDeployment").asText();

            follow(sandbox, arn);

            assertEquals("SUCCESSFUL", deployment(sandbox, arn).path("status").asText());
            JsonNode invocations = sandbox.state().path("lambdaInvocations");
            List<JsonNode> asked = new ArrayList<>();
            invocations.forEach(i -> {
                if (i.path("function").asText().endsWith(":approval")) {
                    asked.add(i);
                }
            });
            assertEquals(2, asked.size(), invocations.toString());
            JsonNode first = asked.get(0).path("event");
            JsonNode second = asked.get(1).path("event");
            JsonNode service = aws(sandbox, "ecs", "describe-services", "--cluster", "demo", "--services", "web-bg")
                    .json().at("/services/0");
            assertEquals("POST_TEST_TRAFFIC_SHIFT", first.path("lifecycleStage").asText());
            assertEquals(arn, first.path("resourceArn").asText());
            assertEquals(service.path("serviceArn").asText(), first.at("/executionDetails/serviceArn").asText());
            assertEquals(deployment(sandbox, arn).at("/targetServiceRevision/arn").asText(),
                    first.at("/executionDetails/targetServiceRevisionArn").asText());
            assertEquals("{}", first.at("/executionDetails/testTrafficWeights").toString());
            assertEquals("{\"S3_BUCKET_NAME\":\"my-approval-bucket\"}", first.path("hookDetails").toString());
            assertEquals("{\"S3_BUCKET_NAME\":\"my-approval-bucket\",\"approvalChecked\":true}",
                    second.path("hookDetails").toString(), "what the function returned comes back, merged");
            assertEquals(first.path("executionId").asText(), second.path("executionId").asText(),
                    "one hook execution, invoked twice");
            java.time.Duration between = java.time.Duration.between(
                    java.time.Instant.parse(asked.get(0).path("at").asText()),
                    java.time.Instant.parse(asked.get(1).path("at").asText()));
            assertTrue(between.toMillis() >= 2_850, "asked again after 60 AWS seconds (3 s here): " + between);
            assertTrue(events(sandbox).contains("(service web-bg) lifecycle hook " + LAMBDA + "approval at stage"
                    + " POST_TEST_TRAFFIC_SHIFT returned IN_PROGRESS; invoking it again in 60 seconds."),
                    events(sandbox).toString());
            JsonNode shift = null;
            for (JsonNode invocation : invocations) {
                if (invocation.path("function").asText().endsWith(":shift-check")) {
                    shift = invocation.path("event");
                }
            }
            assertTrue(shift != null, invocations.toString());
            assertEquals(100, shift.at("/executionDetails/testTrafficWeights").path(
                    first.at("/executionDetails/targetServiceRevisionArn").asText()).asInt(),
                    "TEST_TRAFFIC_SHIFT's event: all test traffic on the target: " + shift);
            assertTrue(shift.path("hookDetails").isMissingNode(), "no hookDetails configured, none sent: " + shift);
        }
    }

    @Test
    void reconcileServiceRunsItsHooksOnlyWhenMoreThanOneRevisionIsActive() {
        try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withTimeScale(0.05))) {
            String first = update(sandbox, hook("reconcile-check", "RECONCILE_SERVICE"),
                    hook("hold-again", "POST_SCALE_UP")).json().at("/service/currentServiceDeployment").asText();
            SandboxTesting.await("the first deployment to hold at POST_SCALE_UP", Duration.ofSeconds(30),
                    () -> "POST_SCALE_UP".equals(deployment(sandbox, first).path("lifecycleStage").asText()));
            assertTrue(events(sandbox).stream().noneMatch(m -> m.contains("reconcile-check")),
                    "one active revision at its start: no RECONCILE_SERVICE: " + events(sandbox));

            // A second deployment while the first runs beside its source: two active revisions.
            String second = update(sandbox, hook("reconcile-check", "RECONCILE_SERVICE")).json()
                    .at("/service/currentServiceDeployment").asText();
            List<String> stages = follow(sandbox, second);

            assertEquals("SUCCESSFUL", deployment(sandbox, second).path("status").asText(), stages.toString());
            assertTrue(events(sandbox).contains("(service web-bg) lifecycle hook " + LAMBDA + "reconcile-check at"
                    + " stage RECONCILE_SERVICE returned SUCCEEDED."), events(sandbox).toString());
            assertEquals(2, deployment(sandbox, second).path("sourceServiceRevisions").size(),
                    deployment(sandbox, second).toString());
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
