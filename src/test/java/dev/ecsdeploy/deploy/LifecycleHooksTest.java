package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ecsdeploy.config.Input;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;

class LifecycleHooksTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/ecs-hooks";
    private static final String SMOKE = "arn:aws:lambda:us-east-1:123456789012:function:smoke-test";

    @Test
    void eachLineIsOneHookWithItsStagesAndTheRole() {
        List<DeploymentLifecycleHook> hooks = LifecycleHooks.parse(List.of(
                "PRE_SCALE_UP, POST_TEST_TRAFFIC_SHIFT=" + SMOKE,
                "PRODUCTION_TRAFFIC_SHIFT=arn:aws:lambda:eu-west-1:123456789012:function:check:live"), ROLE);

        assertEquals(2, hooks.size());
        assertEquals(SMOKE, hooks.get(0).hookTargetArn());
        assertEquals(List.of("PRE_SCALE_UP", "POST_TEST_TRAFFIC_SHIFT"), hooks.get(0).lifecycleStagesAsStrings());
        assertEquals(ROLE, hooks.get(0).roleArn());
        assertEquals("arn:aws:lambda:eu-west-1:123456789012:function:check:live", hooks.get(1).hookTargetArn());
        assertEquals(ROLE, hooks.get(1).roleArn());
    }

    @Test
    void notGivenKeepsTheServicesHooksAndNoneRemovesThem() {
        assertNull(LifecycleHooks.parse(List.of(), null), "null: the service's hooks stay");
        assertEquals(List.of(), LifecycleHooks.parse(List.of("none"), null), "empty: ECS drops them");
    }

    @Test
    void everyStageTheSdkKnowsIsAccepted() {
        assertEquals(List.of("RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT",
                "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT"),
                List.copyOf(LifecycleHooks.STAGES));
        for (String stage : LifecycleHooks.STAGES) {
            assertEquals(List.of(stage), LifecycleHooks.parse(List.of(stage + "=" + SMOKE), ROLE).getFirst()
                    .lifecycleStagesAsStrings());
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a stage ECS has no hooks at", List.of("SCALE_UP=" + SMOKE), ROLE,
                        Input.LIFECYCLE_HOOKS, "'SCALE_UP' is no lifecycle stage"),
                Arguments.of("a mistyped stage", List.of("POST_TEST_TRAFIC_SHIFT=" + SMOKE), ROLE,
                        Input.LIFECYCLE_HOOKS, "Did you mean POST_TEST_TRAFFIC_SHIFT?"),
                Arguments.of("a lower-case stage", List.of("pre_scale_up=" + SMOKE), ROLE,
                        Input.LIFECYCLE_HOOKS, "Did you mean PRE_SCALE_UP?"),
                Arguments.of("a stage twice", List.of("PRE_SCALE_UP,PRE_SCALE_UP=" + SMOKE), ROLE,
                        Input.LIFECYCLE_HOOKS, "names stage PRE_SCALE_UP twice"),
                Arguments.of("an empty stage", List.of("PRE_SCALE_UP,=" + SMOKE), ROLE,
                        Input.LIFECYCLE_HOOKS, "empty stage name"),
                Arguments.of("no '='", List.of("PRE_SCALE_UP " + SMOKE), ROLE,
                        Input.LIFECYCLE_HOOKS, "is not STAGE[,STAGE...]=FUNCTION_ARN"),
                Arguments.of("a function name, not its ARN", List.of("PRE_SCALE_UP=smoke-test"), ROLE,
                        Input.LIFECYCLE_HOOKS, "'smoke-test' is not a Lambda function ARN"),
                Arguments.of("another service's ARN", List.of("PRE_SCALE_UP=arn:aws:sns:us-east-1:123456789012:"
                        + "function:x"), ROLE, Input.LIFECYCLE_HOOKS, "is not a Lambda function ARN"),
                Arguments.of("an account that is not 12 digits", List.of("PRE_SCALE_UP=arn:aws:lambda:us-east-1:"
                        + "1234:function:x"), ROLE, Input.LIFECYCLE_HOOKS, "is not a Lambda function ARN"),
                Arguments.of("a function name over 64 characters", List.of("PRE_SCALE_UP=arn:aws:lambda:us-east-1:"
                        + "123456789012:function:" + "f".repeat(65)), ROLE, Input.LIFECYCLE_HOOKS,
                        "is not a Lambda function ARN"),
                Arguments.of("one function on two lines", List.of("PRE_SCALE_UP=" + SMOKE,
                        "POST_SCALE_UP=" + SMOKE), ROLE, Input.LIFECYCLE_HOOKS, "line 2 names " + SMOKE + " again"),
                Arguments.of("none beside hooks", List.of("PRE_SCALE_UP=" + SMOKE, "none"), ROLE,
                        Input.LIFECYCLE_HOOKS, "line 2 says none beside other hooks"),
                Arguments.of("hooks without the role", List.of("PRE_SCALE_UP=" + SMOKE), null,
                        Input.LIFECYCLE_HOOK_ROLE_ARN, "is required with lifecycle-hooks"),
                Arguments.of("a role that is no role ARN", List.of("PRE_SCALE_UP=" + SMOKE),
                        "arn:aws:iam::123456789012:user/deployer", Input.LIFECYCLE_HOOK_ROLE_ARN,
                        "is not an IAM role ARN"),
                Arguments.of("a role name alone", List.of("PRE_SCALE_UP=" + SMOKE), "ecs-hooks",
                        Input.LIFECYCLE_HOOK_ROLE_ARN, "is not an IAM role ARN"),
                Arguments.of("the role without hooks", List.of(), ROLE, Input.LIFECYCLE_HOOK_ROLE_ARN,
                        "is only used with lifecycle-hooks"),
                Arguments.of("the role with none", List.of("none"), ROLE, Input.LIFECYCLE_HOOK_ROLE_ARN,
                        "does nothing with lifecycle-hooks: none"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void badValuesAreRefusedNamingTheInputAndTheFix(String name, List<String> lines, String role, Input input,
                                                   String expected) {
        LifecycleHooks.Refused refused = assertThrows(LifecycleHooks.Refused.class,
                () -> LifecycleHooks.parse(lines, role));
        assertEquals(input, refused.input);
        assertTrue(refused.getMessage().contains(expected), refused.getMessage());
    }

    @Test
    void roleArnsWithAPathAndOtherPartitionsAreAccepted() {
        assertEquals("arn:aws-cn:iam::123456789012:role/service-role/ecs-hooks", LifecycleHooks.parse(
                List.of("PRE_SCALE_UP=arn:aws-cn:lambda:cn-north-1:123456789012:function:x"),
                "arn:aws-cn:iam::123456789012:role/service-role/ecs-hooks").getFirst().roleArn());
        assertEquals(1, LifecycleHooks.parse(List.of("PRE_SCALE_UP=arn:aws-us-gov:lambda:us-gov-west-1:"
                + "123456789012:function:x:$LATEST"), ROLE).size());
    }
}
