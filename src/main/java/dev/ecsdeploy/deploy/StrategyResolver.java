package dev.ecsdeploy.deploy;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.util.Decision;

/**
 * The strategy a deployment uses: {@code auto} follows what the service is set up for; an explicit one must be
 * possible for the service's deployment controller. Pure.
 */
@Decision
final class StrategyResolver {
    private StrategyResolver() {
    }

    /**
     * @param requested   the strategy input (auto, rolling, blue-green, linear, canary, codedeploy)
     * @param controller  the service's deployment controller type (ECS, CODE_DEPLOY, EXTERNAL; null means ECS)
     * @param configured  the service's deploymentConfiguration.strategy (null means ROLLING)
     */
    static Strategy resolve(String requested, String controller, String configured) {
        String controllerType = controller == null ? "ECS" : controller;
        if (controllerType.equals("EXTERNAL")) {
            throw new BadInputException(Input.STRATEGY.inputName(), "The service uses the EXTERNAL deployment"
                    + " controller (task sets managed by another tool); this action deploys ECS and CodeDeploy"
                    + " services.");
        }
        boolean codeDeploy = controllerType.equals("CODE_DEPLOY");
        if (requested == null || requested.equals("auto")) {
            if (codeDeploy) {
                return Strategy.CODEDEPLOY;
            }
            return configured == null ? Strategy.ROLLING : Strategy.valueOf(configured);
        }
        Strategy strategy = Strategy.fromInput(requested);
        if (codeDeploy && strategy.isNative()) {
            throw new BadInputException(Input.STRATEGY.inputName(), "Input strategy: the service is deployed by"
                    + " CodeDeploy (deployment controller CODE_DEPLOY), so ECS cannot run a " + requested
                    + " deployment for it. Use strategy codedeploy (or auto), and codedeploy-config for canary or"
                    + " linear traffic shifting, e.g. CodeDeployDefault.ECSCanary10Percent5Minutes.");
        }
        if (!codeDeploy && strategy == Strategy.CODEDEPLOY) {
            throw new BadInputException(Input.STRATEGY.inputName(), "Input strategy: codedeploy needs a service with"
                    + " the CODE_DEPLOY deployment controller; this one uses ECS. Use auto, rolling, blue-green,"
                    + " linear or canary.");
        }
        return strategy;
    }
}
