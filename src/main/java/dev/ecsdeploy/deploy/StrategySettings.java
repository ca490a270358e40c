package dev.ecsdeploy.deploy;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.util.Decision;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;

/**
 * Which deploy settings mean something for which strategy, and what a service needs before ECS can shift its traffic.
 * A setting given for a strategy that has no use for it is named in a warning rather than dropped in silence. Pure.
 */
@Decision
final class StrategySettings {
    private static final Set<Input> LINEAR = EnumSet.of(Input.LINEAR_STEP_PERCENT, Input.LINEAR_STEP_BAKE_TIME);
    private static final Set<Input> CANARY = EnumSet.of(Input.CANARY_PERCENT, Input.CANARY_BAKE_TIME);
    /** ECS runs lifecycle hooks only for the strategies that shift traffic. */
    private static final Set<Input> HOOKS = EnumSet.of(Input.LIFECYCLE_HOOKS, Input.LIFECYCLE_HOOK_ROLE_ARN);
    private static final Set<Input> CODEDEPLOY = EnumSet.of(Input.CODEDEPLOY_APPLICATION,
            Input.CODEDEPLOY_DEPLOYMENT_GROUP, Input.CODEDEPLOY_CONFIG, Input.APPSPEC, Input.CONTAINER_PORT,
            Input.CODEDEPLOY_HOOKS);

    private StrategySettings() {
    }

    /** The given inputs that do nothing for this strategy, in catalog order. */
    static List<Input> ignored(Strategy strategy, Set<Input> given) {
        Set<Input> unused = EnumSet.noneOf(Input.class);
        switch (strategy) {
            case ROLLING -> {
                unused.add(Input.BAKE_TIME);
                unused.addAll(HOOKS);
                unused.addAll(LINEAR);
                unused.addAll(CANARY);
                unused.addAll(CODEDEPLOY);
            }
            case BLUE_GREEN -> {
                unused.add(Input.CIRCUIT_BREAKER);
                unused.addAll(LINEAR);
                unused.addAll(CANARY);
                unused.addAll(CODEDEPLOY);
            }
            case LINEAR -> {
                unused.add(Input.CIRCUIT_BREAKER);
                unused.addAll(CANARY);
                unused.addAll(CODEDEPLOY);
            }
            case CANARY -> {
                unused.add(Input.CIRCUIT_BREAKER);
                unused.addAll(LINEAR);
                unused.addAll(CODEDEPLOY);
            }
            case CODEDEPLOY -> {
                // CodeDeploy owns the rollout: its group's config, alarms and rollback settings apply instead.
                unused.addAll(List.of(Input.CIRCUIT_BREAKER, Input.MINIMUM_HEALTHY_PERCENT, Input.MAXIMUM_PERCENT,
                        Input.ALARMS, Input.BAKE_TIME, Input.DESIRED_COUNT, Input.FORCE_NEW_DEPLOYMENT));
                // Its own hooks are codedeploy-hooks, in the AppSpec.
                unused.addAll(HOOKS);
                unused.addAll(LINEAR);
                unused.addAll(CANARY);
            }
        }
        List<Input> ignored = new ArrayList<>();
        for (Input input : Input.values()) {
            if (unused.contains(input) && given.contains(input)) {
                ignored.add(input);
            }
        }
        return ignored;
    }

    /**
     * Switching a load-balanced service to blue/green, linear or canary needs the load balancer's advanced
     * configuration (the alternate target group and the production listener rule); without it ECS refuses the
     * UpdateService, so say so before anything changes.
     *
     * @param configured the service's current strategy (ROLLING when not set)
     */
    static void checkCanShiftTraffic(Strategy strategy, Strategy configured, List<LoadBalancer> loadBalancers) {
        if (strategy == Strategy.ROLLING || strategy == Strategy.CODEDEPLOY || strategy == configured) {
            return;
        }
        for (LoadBalancer balancer : loadBalancers) {
            if (balancer.targetGroupArn() == null) {
                continue;
            }
            var advanced = balancer.advancedConfiguration();
            if (advanced == null || advanced.alternateTargetGroupArn() == null
                    || advanced.productionListenerRule() == null) {
                throw new BadInputException(Input.STRATEGY.inputName(), "Input strategy: a " + strategy.inputName()
                        + " deployment shifts traffic between two target groups, but the service's load balancer"
                        + " (container " + balancer.containerName() + ") has no advancedConfiguration with an"
                        + " alternateTargetGroupArn and a productionListenerRule. Add them to the service (console,"
                        + " Terraform, CloudFormation), or deploy with strategy rolling.");
            }
        }
    }
}
