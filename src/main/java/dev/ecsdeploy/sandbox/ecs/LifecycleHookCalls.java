package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Lambda hooks of an ECS-native service deployment ({@code deploymentConfiguration.lifecycleHooks}), invoked at
 * the stages they name. No function runs: each "invocation" answers from the function's name, so a test chooses the
 * result (docs/sandbox.md): a name containing {@code fail} answers FAILED, one containing {@code again} answers
 * IN_PROGRESS twice and then SUCCEEDED, any other SUCCEEDED. IN_PROGRESS calls the function again after
 * {@link #CALL_AGAIN_SECONDS} (the Lambda hooks page: "By default, the delay is 30 seconds"). Every answer is a service
 * event. Guarded by the world lock.
 */
final class LifecycleHookCalls {
    /** AWS seconds before ECS invokes a hook that answered IN_PROGRESS again (the documented default callBackDelay). */
    static final double CALL_AGAIN_SECONDS = 30;
    /** How many IN_PROGRESS answers an {@code again} function gives before SUCCEEDED. */
    static final int AGAIN_ANSWERS = 2;

    /** What the hooks of one stage (one traffic step, for PRODUCTION_TRAFFIC_SHIFT) say now. */
    enum Outcome {
        /** None, or all SUCCEEDED: the stage may end. */
        SUCCEEDED,
        /** One answered IN_PROGRESS and is called again later. */
        WAITING,
        /** One answered FAILED: the caller rolls the deployment back (already done by {@link #run}). */
        FAILED
    }

    /** One hook's calls at one stage of one service deployment. */
    static final class Call {
        int invocations;
        Instant nextAt;
        boolean succeeded;
    }

    private LifecycleHookCalls() {
    }

    /**
     * Invokes every hook configured for {@code stage} that has not yet succeeded and is due. On FAILED the
     * deployment fails with the hook and stage named and rolls back (or, during a rollback, the rollback fails).
     *
     * @param step distinguishes repeated invocations of a stage (each traffic step of linear and canary)
     */
    static Outcome run(EcsServiceState service, Deployment deployment, String stage, String step,
                       EcsRuntime runtime) {
        ServiceDeploymentRecord record = deployment.serviceDeployment;
        Instant now = runtime.clock.now();
        Outcome outcome = Outcome.SUCCEEDED;
        for (String arn : hooksAt(record.deploymentConfiguration, stage)) {
            Call call = record.hookCalls.computeIfAbsent((deployment.rollback ? "rollback " : "") + stage + " "
                    + step + " " + arn, key -> new Call());
            if (call.succeeded) {
                continue;
            }
            if (call.nextAt != null && call.nextAt.isAfter(now)) {
                outcome = Outcome.WAITING;
                continue;
            }
            call.invocations++;
            String answer = answer(arn, call.invocations);
            String hook = "lifecycle hook " + arn + " at stage " + stage;
            switch (answer) {
                case "SUCCEEDED" -> {
                    call.succeeded = true;
                    runtime.event(service, "(service " + service.name + ") " + hook + " returned SUCCEEDED.");
                }
                case "IN_PROGRESS" -> {
                    call.nextAt = runtime.clock.after(CALL_AGAIN_SECONDS);
                    runtime.event(service, "(service " + service.name + ") " + hook + " returned IN_PROGRESS;"
                            + " invoking it again in " + (long) CALL_AGAIN_SECONDS + " seconds.");
                    outcome = Outcome.WAITING;
                }
                default -> {
                    runtime.event(service, "(service " + service.name + ") " + hook + " returned FAILED.");
                    runtime.fail(service, deployment, "ECS deployment lifecycle hook " + arn + " failed at stage "
                                    + stage + ".", "lifecycle hook failed", "ECS deployment lifecycle hook",
                            hook + " returned FAILED", true);
                    return Outcome.FAILED;
                }
            }
        }
        return outcome;
    }

    /** The function's answer to its n-th invocation, from its name. */
    static String answer(String functionArn, int invocation) {
        String name = functionName(functionArn);
        if (name.contains("fail")) {
            return "FAILED";
        }
        if (name.contains("again") && invocation <= AGAIN_ANSWERS) {
            return "IN_PROGRESS";
        }
        return "SUCCEEDED";
    }

    static String functionName(String arn) {
        int at = arn.indexOf(":function:");
        String rest = at < 0 ? arn : arn.substring(at + ":function:".length());
        int colon = rest.indexOf(':');
        return colon < 0 ? rest : rest.substring(0, colon);
    }

    /** The function ARNs of the hooks configured for the stage, in the order given. */
    static List<String> hooksAt(JsonNode deploymentConfiguration, String stage) {
        List<String> arns = new ArrayList<>();
        for (JsonNode hook : deploymentConfiguration.path("lifecycleHooks")) {
            if (Wire.textList(hook, "lifecycleStages").contains(stage) && hook.hasNonNull("hookTargetArn")) {
                arns.add(hook.get("hookTargetArn").asText());
            }
        }
        return arns;
    }

    /**
     * What ECS refuses in {@code lifecycleHooks} beyond the model's enum check: a Lambda hook needs its
     * {@code hookTargetArn} and at least one stage (ECS API reference, DeploymentLifecycleHook: "You must provide
     * this parameter when configuring a deployment lifecycle hook", for both). The wording is UNVERIFIED.
     */
    static Optional<String> refusal(JsonNode deploymentConfiguration) {
        for (JsonNode hook : deploymentConfiguration.path("lifecycleHooks")) {
            if (hook.path("hookTargetArn").asText("").isBlank()) {
                return Optional.of("hookTargetArn must be provided for a deployment lifecycle hook.");
            }
            if (hook.path("lifecycleStages").isEmpty()) {
                return Optional.of("lifecycleStages must contain at least one stage for the deployment lifecycle"
                        + " hook " + hook.path("hookTargetArn").asText() + ".");
            }
        }
        return Optional.empty();
    }
}
