package dev.ecsdeploy.deploy;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.DeploymentLifecycleHook;

/** The deploy inputs, read once and checked together while planning. */
public record DeploySettings(
        String cluster,
        String service,
        String strategy,
        Integer desiredCount,
        boolean forceNewDeployment,
        CircuitBreaker circuitBreaker,
        Integer minimumHealthyPercent,
        Integer maximumPercent,
        List<String> alarms,
        Integer bakeTimeMinutes,
        Double linearStepPercent,
        Integer linearStepBakeTimeMinutes,
        Double canaryPercent,
        Integer canaryBakeTimeMinutes,
        boolean waitForCompletion,
        boolean untilTrafficShifted,
        Duration timeout,
        Duration pollInterval,
        boolean rollbackOnFailure,
        /** {@code wait-until: ready}: return once CodeDeploy waits for the go-ahead to shift production traffic. */
        boolean untilReady,
        ServiceTags serviceTags,
        /** Null keeps the service's lifecycle hooks; empty removes them. */
        List<DeploymentLifecycleHook> lifecycleHooks) {

    /** The {@code alarms} value that turns the service's deployment alarms off. */
    public static final String NO_ALARMS = "none";

    /**
     * {@code propagate-tags} and {@code enable-ecs-managed-tags}; null where not given, so the service's stay.
     * UpdateService can change both on every deployment controller (ECS API reference: UpdateService).
     */
    public record ServiceTags(String propagateTags, Boolean enableEcsManagedTags) {
        public boolean given() {
            return propagateTags != null || enableEcsManagedTags != null;
        }
    }

    /** {@code alarms: none}: send the alarms switched off, with no names. */
    public boolean clearsAlarms() {
        return alarms.equals(List.of(NO_ALARMS));
    }

    static DeploySettings from(ActionInputs inputs) {
        // Built-in defaults (10%, 5%) are ECS's own; send them only when given, so a service's settings stay.
        // Bounds (3-100 % per linear step, poll-interval 1s-5m, bake times 0-1440 whole minutes) are checked with
        // every input's, in config.InputBounds.
        Double stepPercent = inputs.isGiven(Input.LINEAR_STEP_PERCENT) ? inputs.percent(Input.LINEAR_STEP_PERCENT)
                : null;
        Duration pollInterval = inputs.duration(Input.POLL_INTERVAL);
        return new DeploySettings(
                inputs.string(Input.CLUSTER),
                inputs.require(Input.SERVICE, "to deploy"),
                inputs.string(Input.STRATEGY),
                inputs.integer(Input.DESIRED_COUNT),
                inputs.bool(Input.FORCE_NEW_DEPLOYMENT),
                CircuitBreaker.of(inputs.string(Input.CIRCUIT_BREAKER)),
                inputs.integer(Input.MINIMUM_HEALTHY_PERCENT),
                inputs.integer(Input.MAXIMUM_PERCENT),
                alarms(inputs),
                minutes(inputs, Input.BAKE_TIME),
                stepPercent,
                minutes(inputs, Input.LINEAR_STEP_BAKE_TIME),
                inputs.isGiven(Input.CANARY_PERCENT) ? inputs.percent(Input.CANARY_PERCENT) : null,
                minutes(inputs, Input.CANARY_BAKE_TIME),
                inputs.bool(Input.WAIT),
                "traffic-shifted".equals(inputs.string(Input.WAIT_UNTIL)),
                inputs.duration(Input.TIMEOUT),
                pollInterval,
                inputs.bool(Input.ROLLBACK_ON_FAILURE),
                "ready".equals(inputs.string(Input.WAIT_UNTIL)),
                new ServiceTags(inputs.isGiven(Input.PROPAGATE_TAGS) ? inputs.string(Input.PROPAGATE_TAGS) : null,
                        inputs.isGiven(Input.ENABLE_ECS_MANAGED_TAGS) ? inputs.bool(Input.ENABLE_ECS_MANAGED_TAGS)
                                : null),
                lifecycleHooks(inputs));
    }

    /** The alarm names, or just {@code none}; {@code none} beside a name is a contradiction, not a name. */
    private static List<String> alarms(ActionInputs inputs) {
        List<String> names = inputs.list(Input.ALARMS);
        if (names.size() > 1 && names.contains(NO_ALARMS)) {
            throw inputs.invalid(Input.ALARMS, "none turns the deployment alarms off, so it cannot stand beside"
                    + " alarm names. Give either none or the names.");
        }
        return names;
    }

    /** Null keeps the service's hooks; empty removes them. */
    private static List<DeploymentLifecycleHook> lifecycleHooks(ActionInputs inputs) {
        try {
            return LifecycleHooks.parse(inputs.list(Input.LIFECYCLE_HOOKS),
                    inputs.string(Input.LIFECYCLE_HOOK_ROLE_ARN));
        } catch (LifecycleHooks.Refused refused) {
            throw inputs.invalid(refused.input, refused.getMessage());
        }
    }

    /** ECS takes bake times in whole minutes; 90s would be silently rounded by anything less strict. */
    private static Integer minutes(ActionInputs inputs, Input input) {
        Duration duration = inputs.duration(input);
        if (duration == null) {
            return null;
        }
        return (int) duration.toMinutes();
    }

    /** Errors for settings that make no sense for the strategy, so they fail before anything changes. */
    void checkFitsStrategy(Strategy resolved) {
        if (untilReady && resolved != Strategy.CODEDEPLOY) {
            throw new BadInputException(Input.WAIT_UNTIL.inputName(), "Input wait-until: ready needs a CodeDeploy"
                    + " service (deployment controller CODE_DEPLOY) whose deployment group waits before shifting"
                    + " traffic; this " + resolved.inputName() + " deployment never waits for a go-ahead. Use"
                    + " wait-until: completed" + (resolved == Strategy.ROLLING ? "." : " or traffic-shifted."));
        }
        if (untilTrafficShifted && resolved == Strategy.ROLLING) {
            throw new BadInputException(Input.WAIT_UNTIL.inputName(), "Input wait-until: traffic-shifted needs a"
                    + " blue-green, linear, canary or codedeploy deployment; a rolling one has no traffic shift.");
        }
    }
}
