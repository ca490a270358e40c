package dev.ecsdeploy.deploy;

import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.util.Decision;
import dev.ecsdeploy.util.Suggestions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHookStage;

/**
 * The {@code lifecycle-hooks} and {@code lifecycle-hook-role-arn} inputs as ECS's {@code DeploymentLifecycleHook}s:
 * one {@code STAGE[,STAGE...]=arn:aws:lambda:REGION:ACCOUNT:function:NAME} per line, every hook invoked through the
 * one role. Stages are the SDK's {@code DeploymentLifecycleHookStage} values (the ECS API reference,
 * DeploymentLifecycleHook: "You can use a lifecycle hook for this stage" for each of them); the function ARN has the
 * shape of Lambda's FunctionName pattern (Lambda API reference, Invoke) with the full ARN required, since ECS takes an
 * ARN. Pure; table-tested.
 */
@Decision
final class LifecycleHooks {
    /** Removes the service's hooks. */
    static final String NONE = "none";
    static final Set<String> STAGES = stages();
    private static final Pattern LAMBDA_ARN = Pattern.compile(
            "arn:aws[a-zA-Z-]*:lambda:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d:\\d{12}:function:[a-zA-Z0-9_-]{1,64}"
                    + "(:(\\$LATEST|[a-zA-Z0-9_-]{1,128}))?");
    /** IAM role ARN: optional path, name of 1-64 of {@code \w+=,.@-} (IAM User Guide, IAM identifiers). */
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:aws[a-zA-Z-]*:iam::\\d{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

    private LifecycleHooks() {
    }

    /** A value refused, with the input it belongs to and how to fix it. */
    static final class Refused extends RuntimeException {
        final transient Input input;

        Refused(Input input, String problem) {
            super(problem, null, false, false);
            this.input = input;
        }
    }

    /**
     * The hooks to send: null keeps the service's (no {@code lifecycle-hooks} given), empty removes them
     * ({@code none}), else the given ones, each with the role.
     *
     * @throws Refused naming the input and the line at fault
     */
    static List<DeploymentLifecycleHook> parse(List<String> lines, String roleArn) {
        boolean roleGiven = roleArn != null && !roleArn.isBlank();
        if (lines.isEmpty()) {
            if (roleGiven) {
                throw new Refused(Input.LIFECYCLE_HOOK_ROLE_ARN, "is only used with lifecycle-hooks; give the hooks"
                        + " (one STAGE=function ARN per line) or remove it.");
            }
            return null;
        }
        if (lines.size() == 1 && NONE.equalsIgnoreCase(lines.getFirst())) {
            if (roleGiven) {
                throw new Refused(Input.LIFECYCLE_HOOK_ROLE_ARN, "does nothing with lifecycle-hooks: none (the"
                        + " service's hooks are removed); remove it.");
            }
            return List.of();
        }
        if (!roleGiven) {
            throw new Refused(Input.LIFECYCLE_HOOK_ROLE_ARN, "is required with lifecycle-hooks: ECS assumes this IAM"
                    + " role to invoke the functions. Give its ARN, e.g. arn:aws:iam::123456789012:role/ecs-hooks.");
        }
        if (!ROLE_ARN.matcher(roleArn.trim()).matches()) {
            throw new Refused(Input.LIFECYCLE_HOOK_ROLE_ARN, "'" + roleArn.trim() + "' is not an IAM role ARN; write"
                    + " arn:aws:iam::ACCOUNT:role/NAME.");
        }
        List<DeploymentLifecycleHook> hooks = new ArrayList<>();
        Set<String> functions = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = "line " + (i + 1) + " ";
            int equals = line.indexOf('=');
            if (NONE.equalsIgnoreCase(line)) {
                throw new Refused(Input.LIFECYCLE_HOOKS, where + "says none beside other hooks; give none alone to"
                        + " remove the service's hooks, or only hooks to replace them.");
            }
            if (equals < 0) {
                throw new Refused(Input.LIFECYCLE_HOOKS, where + "'" + line + "' is not STAGE[,STAGE...]=FUNCTION_ARN,"
                        + " e.g. POST_TEST_TRAFFIC_SHIFT=arn:aws:lambda:us-east-1:123456789012:function:smoke-test.");
            }
            String arn = line.substring(equals + 1).trim();
            if (!LAMBDA_ARN.matcher(arn).matches()) {
                throw new Refused(Input.LIFECYCLE_HOOKS, where + "'" + arn + "' is not a Lambda function ARN; write"
                        + " arn:aws:lambda:REGION:ACCOUNT:function:NAME (a name alone is not enough: ECS takes the ARN).");
            }
            if (!functions.add(arn)) {
                throw new Refused(Input.LIFECYCLE_HOOKS, where + "names " + arn + " again; list all its stages on one"
                        + " line, e.g. PRE_SCALE_UP,POST_TEST_TRAFFIC_SHIFT=" + arn + ".");
            }
            hooks.add(DeploymentLifecycleHook.builder().hookTargetArn(arn).roleArn(roleArn.trim())
                    .lifecycleStagesWithStrings(stagesOf(line.substring(0, equals), where)).build());
        }
        return List.copyOf(hooks);
    }

    private static List<String> stagesOf(String text, String where) {
        Set<String> stages = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String stage = part.trim();
            if (stage.isEmpty()) {
                throw new Refused(Input.LIFECYCLE_HOOKS, where + "has an empty stage name before '='.");
            }
            if (!STAGES.contains(stage)) {
                throw new Refused(Input.LIFECYCLE_HOOKS, where + "'" + stage + "' is no lifecycle stage ECS runs"
                        + " hooks at." + Suggestions.didYouMean(stage, STAGES) + " Stages: "
                        + String.join(", ", STAGES) + ".");
            }
            if (!stages.add(stage)) {
                throw new Refused(Input.LIFECYCLE_HOOKS, where + "names stage " + stage + " twice.");
            }
        }
        return List.copyOf(stages);
    }

    private static Set<String> stages() {
        Set<String> names = new LinkedHashSet<>();
        for (DeploymentLifecycleHookStage stage : EnumSet.allOf(DeploymentLifecycleHookStage.class)) {
            if (stage != DeploymentLifecycleHookStage.UNKNOWN_TO_SDK_VERSION) {
                names.add(stage.toString());
            }
        }
        return java.util.Collections.unmodifiableSet(names);
    }
}
