package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.sandbox.Sandbox;
import dev.ecsdeploy.sandbox.SandboxOptions;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.testing.ActionHarness;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;

/**
 * Issue 17.4's must-shows: ECS-native lifecycle hooks on the sandbox's blue/green and canary services. The sandbox
 * answers each hook from its function's name (docs/sandbox.md): {@code fail} FAILED, {@code again} IN_PROGRESS twice,
 * anything else SUCCEEDED.
 */
class LifecycleHookDeploymentsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/ecs-lifecycle-hooks";
    private static final String LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:";
    private static final Set<String> MUTATING = Set.of("RegisterTaskDefinition", "UpdateService", "CreateService",
            "StopServiceDeployment", "RunTask", "CreateDeployment");

    @TempDir
    Path temp;

    private ActionHarness deploy(Sandbox sandbox, String service, String hooks) {
        return ActionHarness.deployToSandbox(temp, sandbox.endpoint(), service).input("lifecycle-hooks", hooks)
                .input("lifecycle-hook-role-arn", ROLE);
    }

    private static Sandbox start() {
        return Sandbox.start(SandboxOptions.defaults().withScenario(Scenario.HEALTHY).withTimeScale(0.01));
    }

    private static int hooksOf(Sandbox sandbox) {
        return NativeStrategyDynamicsTest.describe(sandbox.endpoint(), "web-bg").deploymentConfiguration()
                .lifecycleHooks().size();
    }

    @Test
    void hooksThatSucceedLetTheBlueGreenDeploymentThroughAndTheProgressShowsEachAnswer() {
        try (Sandbox sandbox = start()) {
            ActionHarness.Run run = deploy(sandbox, "web-bg", "PRE_SCALE_UP,POST_TEST_TRAFFIC_SHIFT=" + LAMBDA
                    + "smoke-test\nPOST_PRODUCTION_TRAFFIC_SHIFT=" + LAMBDA + "verify-prod").run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"));
            for (String answered : List.of("smoke-test at stage PRE_SCALE_UP returned SUCCEEDED",
                    "smoke-test at stage POST_TEST_TRAFFIC_SHIFT returned SUCCEEDED",
                    "verify-prod at stage POST_PRODUCTION_TRAFFIC_SHIFT returned SUCCEEDED")) {
                assertTrue(run.log().contains(answered), answered + " in\n" + run.log());
            }
            List<DeploymentLifecycleHook> hooks = NativeStrategyDynamicsTest.describe(sandbox.endpoint(), "web-bg")
                    .deploymentConfiguration().lifecycleHooks();
            assertEquals(2, hooks.size(), hooks.toString());
            assertEquals(LAMBDA + "smoke-test", hooks.get(0).hookTargetArn());
            assertEquals(ROLE, hooks.get(0).roleArn());
            assertEquals(List.of("PRE_SCALE_UP", "POST_TEST_TRAFFIC_SHIFT"), hooks.get(0).lifecycleStagesAsStrings());
        }
    }

    @Test
    void aFailingHookRollsBackWithTheHookNamed() {
        try (Sandbox sandbox = start()) {
            ActionHarness.Run run = deploy(sandbox, "web-bg", "POST_TEST_TRAFFIC_SHIFT=" + LAMBDA
                    + "integration-tests-fail")
                    .input("slack-webhook-url", sandbox.endpoint() + "/slack/webhook/T000/B000/XXXXhooksecret")
                    .run();

            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("ROLLED_BACK", run.output("deployment-status"), run.toString());
            assertEquals("true", run.output("rolled-back"));
            String reason = run.output("failure-reason");
            assertTrue(reason.contains(LAMBDA + "integration-tests-fail") && reason.contains("POST_TEST_TRAFFIC_SHIFT")
                    && reason.contains("FAILED"), reason);
            assertTrue(run.summary().contains("integration-tests-fail"), run.summary());
            assertTrue(run.log().contains("integration-tests-fail at stage POST_TEST_TRAFFIC_SHIFT returned FAILED"),
                    run.log());
            String slack = sandbox.auditEntries().stream().filter(e -> "slack".equals(e.path("service").asText()))
                    .map(e -> e.path("payload").toString()).reduce("", String::concat);
            assertTrue(slack.contains("integration-tests-fail"), slack);
            assertTrue(NativeStrategyDynamicsTest.describe(sandbox.endpoint(), "web-bg").taskDefinition().endsWith("web-bg:1"),
                    "production is back on the previous revision");
        }
    }

    @Test
    void aHookThatAsksToBeCalledAgainHoldsEachCanaryStepAndThenSucceeds() {
        try (Sandbox sandbox = start()) {
            ActionHarness.Run run = deploy(sandbox, "web-canary", "PRODUCTION_TRAFFIC_SHIFT=" + LAMBDA
                    + "wait-for-metrics-again").input("canary-bake-time", "3m").run();

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals("SUCCESSFUL", run.output("deployment-status"));
            Matcher asked = Pattern.compile("wait-for-metrics-again at stage PRODUCTION_TRAFFIC_SHIFT returned"
                    + " IN_PROGRESS; invoking it again in 30 seconds").matcher(run.log());
            int times = 0;
            while (asked.find()) {
                times++;
            }
            assertEquals(4, times, "twice at the canary step and twice at 100%:\n" + run.log());
            int firstAgain = run.log().indexOf("returned IN_PROGRESS");
            int succeeded = run.log().indexOf("wait-for-metrics-again at stage PRODUCTION_TRAFFIC_SHIFT returned"
                    + " SUCCEEDED");
            assertTrue(firstAgain >= 0 && succeeded > firstAgain, run.log());
            assertTrue(run.log().contains("stage PRODUCTION_TRAFFIC_SHIFT, waiting for lifecycle hook"
                    + " wait-for-metrics-again"), "the progress says what the stage waits for:\n" + run.log());
        }
    }

    @Test
    void noneClearsTheServicesHooksAndLeavingTheInputOutKeepsThem() {
        try (Sandbox sandbox = start()) {
            assertEquals(0, deploy(sandbox, "web-bg", "PRE_SCALE_UP=" + LAMBDA + "smoke-test").run().exitCode());
            assertEquals(1, hooksOf(sandbox));

            ActionHarness.Run kept = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web-bg")
                    .input("environment-variables", "RELEASE=2").run();
            assertEquals(0, kept.exitCode(), kept.toString());
            assertTrue(kept.log().contains("smoke-test at stage PRE_SCALE_UP returned SUCCEEDED"),
                    "the service's hook still runs:\n" + kept.log());

            ActionHarness.Run cleared = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web-bg")
                    .input("environment-variables", "RELEASE=3").input("lifecycle-hooks", "none").run();
            assertEquals(0, cleared.exitCode(), cleared.toString());
            assertEquals(0, hooksOf(sandbox));
            assertFalse(cleared.log().contains("returned SUCCEEDED"), cleared.log());
        }
    }

    @Test
    void hooksOnARollingDeploymentAreWarnedAboutAndNotSent() {
        try (Sandbox sandbox = start()) {
            ActionHarness.Run run = deploy(sandbox, "web", "PRE_SCALE_UP=" + LAMBDA + "smoke-test").run();

            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.annotations("warning").stream().anyMatch(w -> w.contains("lifecycle-hooks does nothing"
                    + " for a rolling deployment")), run.log());
            assertEquals(List.of(), NativeStrategyDynamicsTest.describe(sandbox.endpoint(), "web").deploymentConfiguration()
                    .lifecycleHooks(), "ECS holds no hooks for the rolling service");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a stage ECS has no hooks at | BAKE_TIME=" + LAMBDA + "x | " + ROLE + " | lifecycle-hooks",
            "a function name, not an ARN | PRE_SCALE_UP=smoke-test | " + ROLE + " | lifecycle-hooks",
            "hooks without a role | PRE_SCALE_UP=" + LAMBDA + "x | '' | lifecycle-hook-role-arn",
            "a user ARN as the role | PRE_SCALE_UP=" + LAMBDA + "x | arn:aws:iam::123456789012:user/ci"
                    + " | lifecycle-hook-role-arn",
            "a role without hooks | '' | " + ROLE + " | lifecycle-hook-role-arn",
    })
    void badValuesExit2NamingTheInputBeforeAnythingChanges(String name, String hooks, String role, String input) {
        try (Sandbox sandbox = start()) {
            ActionHarness harness = ActionHarness.deployToSandbox(temp, sandbox.endpoint(), "web-bg");
            if (!hooks.isEmpty()) {
                harness.input("lifecycle-hooks", hooks);
            }
            if (!role.isEmpty()) {
                harness.input("lifecycle-hook-role-arn", role);
            }
            ActionHarness.Run run = harness.run();

            assertEquals(2, run.exitCode(), run.toString());
            List<String> errors = run.annotations("error");
            assertEquals(1, errors.size(), run.toString());
            assertTrue(errors.getFirst().contains("Input " + input), errors.getFirst());
            assertEquals(List.of(), sandbox.auditEntries().stream().map(e -> e.path("operation").asText())
                    .filter(MUTATING::contains).toList(), "no call that changes anything");
        }
    }
}
