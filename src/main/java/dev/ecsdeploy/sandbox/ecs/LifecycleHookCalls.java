package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Lambda hooks of an ECS-native service deployment ({@code deploymentConfiguration.lifecycleHooks}), invoked at
 * the stages they name with the event ECS sends ({@link #event}: executionId, lifecycleStage, resourceArn,
 * executionDetails, hookDetails). No function runs ({@link LambdaFunctions}): a function answers what a test scripted,
 * else what its name says (docs/sandbox.md): a name containing {@code fail} answers FAILED, one containing
 * {@code again} answers IN_PROGRESS twice and then SUCCEEDED, any other SUCCEEDED. IN_PROGRESS calls the function
 * again after its answer's {@code callBackDelay} seconds, {@link #CALL_AGAIN_SECONDS} without one, with the
 * {@code hookDetails} it answered merged into the next event; an answer without a valid {@code hookStatus} rolls back
 * (the Lambda hooks page). Every answer is a service event. Guarded by the world lock.
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

    /** One hook's execution at one stage (one traffic step) of one service deployment. */
    static final class Call {
        final String executionId = java.util.UUID.randomUUID().toString();
        int invocations;
        Instant nextAt;
        boolean succeeded;
        /** What the function's IN_PROGRESS answers put in {@code hookDetails}, merged, for its next invocation. */
        final ObjectNode returnedDetails = Wire.object();
    }

    private LifecycleHookCalls() {
    }

    /**
     * Invokes every hook configured for {@code stage} that has not yet succeeded and is due. On FAILED (or no valid
     * hookStatus) the deployment fails with the hook and stage named and rolls back (or, during a rollback, the
     * rollback fails).
     *
     * @param step distinguishes repeated invocations of a stage (each traffic step of linear and canary)
     */
    static Outcome run(EcsServiceState service, Deployment deployment, String stage, String step,
                       EcsRuntime runtime) {
        ServiceDeploymentRecord record = deployment.serviceDeployment;
        Instant now = runtime.clock.now();
        Outcome outcome = Outcome.SUCCEEDED;
        for (JsonNode hook : hooksAt(record.deploymentConfiguration, stage)) {
            String arn = hook.get("hookTargetArn").asText();
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
            ObjectNode event = event(service, record, stage, deployment.rollback, call,
                    merged(hook.get("hookDetails"), call.returnedDetails));
            JsonNode scripted = runtime.lambdas.nextScripted(arn);
            JsonNode answer = scripted != null ? scripted
                    : Wire.object().put("hookStatus", answer(arn, call.invocations));
            runtime.lambdas.record(arn, now, event, answer);
            String hookStatus = answer.path("hookStatus").asText("");
            String named = "lifecycle hook " + arn + " at stage " + stage;
            switch (hookStatus) {
                case "SUCCEEDED" -> {
                    call.succeeded = true;
                    runtime.event(service, "(service " + service.name + ") " + named + " returned SUCCEEDED.");
                }
                case "IN_PROGRESS" -> {
                    double delay = callBackDelay(answer);
                    call.nextAt = runtime.clock.after(delay);
                    if (answer.path("hookDetails").isObject()) {
                        call.returnedDetails.setAll((ObjectNode) answer.get("hookDetails"));
                    }
                    runtime.event(service, "(service " + service.name + ") " + named + " returned IN_PROGRESS;"
                            + " invoking it again in " + (long) delay + " seconds.");
                    outcome = Outcome.WAITING;
                }
                default -> {
                    String returned = hookStatus.equals("FAILED") ? "returned FAILED"
                            : "returned no valid hookStatus";
                    runtime.event(service, "(service " + service.name + ") " + named + " " + returned + ".");
                    runtime.fail(service, deployment, "ECS deployment lifecycle hook " + arn + " failed at stage "
                                    + stage + ".", "lifecycle hook failed", "ECS deployment lifecycle hook",
                            named + " " + returned, true);
                    return Outcome.FAILED;
                }
            }
        }
        return outcome;
    }

    /** The answer's {@code callBackDelay} (seconds) when it gives a usable one, else the documented default. */
    static double callBackDelay(JsonNode answer) {
        JsonNode delay = answer.get("callBackDelay");
        return delay != null && delay.isNumber() && delay.asDouble() >= 0 ? delay.asDouble() : CALL_AGAIN_SECONDS;
    }

    /** The configured {@code hookDetails} with what the function returned on top ("Amazon ECS merges this data"). */
    static JsonNode merged(JsonNode configured, ObjectNode returned) {
        if (returned.isEmpty()) {
            return configured == null || configured.isNull() ? null : configured;
        }
        ObjectNode details = configured != null && configured.isObject() ? configured.deepCopy() : Wire.object();
        details.setAll(returned.deepCopy());
        return details;
    }

    /**
     * The event ECS invokes a hook with ("Lambda hooks for Amazon ECS service deployments", lifecycle payloads): the
     * target revision's test traffic weight at TEST_TRAFFIC_SHIFT, its production weight at
     * (PRE_)PRODUCTION_TRAFFIC_SHIFT, empty maps at the other stages; during a rollback the weights are back on the
     * source revision, and the target is still the deployment's target.
     */
    static ObjectNode event(EcsServiceState service, ServiceDeploymentRecord record, String stage, boolean rollback,
                            Call call, JsonNode hookDetails) {
        ObjectNode event = Wire.object();
        event.put("executionId", call.executionId);
        event.put("lifecycleStage", stage);
        event.put("resourceArn", record.arn);
        ObjectNode details = event.putObject("executionDetails");
        details.put("serviceArn", service.arn);
        details.put("targetServiceRevisionArn", record.targetRevisionArn);
        ObjectNode test = details.putObject("testTrafficWeights");
        ObjectNode production = details.putObject("productionTrafficWeights");
        double weight = record.productionTrafficWeight == null ? 0 : record.productionTrafficWeight;
        switch (stage) {
            case "TEST_TRAFFIC_SHIFT" -> weights(test, record, rollback ? 0 : 100);
            case "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT" -> weights(production, record,
                    rollback ? 0 : weight);
            default -> {
            }
        }
        if (hookDetails != null) {
            event.set("hookDetails", hookDetails);
        }
        return event;
    }

    /** The target revision gets {@code target}; the source revision production ran before gets the rest. */
    private static void weights(ObjectNode map, ServiceDeploymentRecord record, double target) {
        map.put(record.targetRevisionArn, (int) Math.round(target));
        List<String> sources = record.sourceRevisionArns.stream().filter(s -> !s.equals(record.targetRevisionArn))
                .toList();
        for (int i = 0; i < sources.size(); i++) {
            map.put(sources.get(i), i == sources.size() - 1 ? (int) Math.round(100 - target) : 0);
        }
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

    /** The hooks configured for the stage, in the order given. */
    static List<JsonNode> hooksAt(JsonNode deploymentConfiguration, String stage) {
        List<JsonNode> hooks = new ArrayList<>();
        for (JsonNode hook : deploymentConfiguration.path("lifecycleHooks")) {
            if (Wire.textList(hook, "lifecycleStages").contains(stage) && hook.hasNonNull("hookTargetArn")) {
                hooks.add(hook);
            }
        }
        return hooks;
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
