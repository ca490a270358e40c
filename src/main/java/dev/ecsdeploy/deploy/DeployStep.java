package dev.ecsdeploy.deploy;

import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.deploy.codedeploy.CodeDeployRollout;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.DeploymentReport;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.ResultKey;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.TaskDefinitionRef;
import dev.ecsdeploy.taskdef.TaskDefinitionResults;
import dev.ecsdeploy.config.Input;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Deploys the registered revision to the service with the strategy it is set up for (or the one asked for), waits
 * for the truth, and reports it. Planning checks the service and the strategy before anything changes.
 */
public final class DeployStep implements Step {
    /** What planning found, for apply. */
    private record Planned(DeploySettings settings, Strategy strategy, CodeDeployRollout codeDeploy) {
    }

    private static final ResultKey<Planned> PLANNED = ResultKey.of("the planned deployment", Planned.class);

    @Override
    public String name() {
        return "deploy";
    }

    @Override
    public void plan(RunContext context) {
        DeploySettings settings = DeploySettings.from(context.inputs());
        Service service = EcsServices.describe(context.aws().ecs(), settings.cluster(), settings.service());
        String controller = service.deploymentController() == null ? null
                : service.deploymentController().typeAsString();
        String configured = service.deploymentConfiguration() == null ? null
                : service.deploymentConfiguration().strategyAsString();
        Strategy strategy = StrategyResolver.resolve(settings.strategy(), controller, configured);
        settings.checkFitsStrategy(strategy);
        StrategySettings.checkCanShiftTraffic(strategy, StrategyResolver.resolve("auto", controller, configured),
                service.loadBalancers());
        Set<Input> given = EnumSet.noneOf(Input.class);
        for (Input input : Input.values()) {
            if (context.inputs().isGiven(input)) {
                given.add(input);
            }
        }
        for (Input ignored : StrategySettings.ignored(strategy, given)) {
            context.log().warning("Input " + ignored.inputName() + " does nothing for a " + strategy.inputName()
                    + " deployment; it is ignored.");
        }
        if (strategy.isNative() && settings.waitForCompletion()) {
            Duration least = StrategyTimings.minimum(strategy, UpdateServiceRequests.configuration(
                    service.deploymentConfiguration(), settings, strategy), settings.untilTrafficShifted());
            if (!least.isZero() && settings.timeout().compareTo(least) <= 0) {
                context.log().warning("Input timeout: " + settings.timeout().toMinutes() + " minutes is not more than"
                        + " the " + least.toMinutes() + " minutes this " + strategy.inputName() + " deployment takes"
                        + " by its own step and bake times, so it will time out and roll back. Raise timeout"
                        + (settings.untilTrafficShifted() ? "." : ", or set wait-until: traffic-shifted."));
            }
        }
        CodeDeployRollout codeDeploy = null;
        if (strategy == Strategy.CODEDEPLOY) {
            // Checked against the rendered containers when this run rendered a task definition.
            RegisterTaskDefinitionRequest rendered = context.state().get(TaskDefinitionResults.RENDERED);
            codeDeploy = new CodeDeployRollout(context, settings, service);
            codeDeploy.plan(rendered == null ? null : rendered.containerDefinitions());
        }
        context.state().put(PLANNED, new Planned(settings, strategy, codeDeploy));
        context.state().put(Results.DEPLOYMENT, new DeploymentReport(settings.cluster(), settings.service(), strategy.inputName(),
                null, null, false, null, List.of(), null));
        context.log().info("Deploying to " + settings.service() + " in " + settings.cluster() + " ("
                + strategy.inputName() + ").");
    }

    @Override
    public void apply(RunContext context) {
        Planned planned = context.state().require(PLANNED);
        DeploySettings settings = planned.settings();
        Strategy strategy = planned.strategy();
        TaskDefinitionRef taskDefinition = context.state().require(Results.TASK_DEFINITION);
        Service service = EcsServices.describe(context.aws().ecs(), settings.cluster(), settings.service());
        if (taskDefinition.arn().equals(service.taskDefinition()) && !settings.forceNewDeployment()) {
            context.log().notice(settings.service() + " already runs " + EcsRollout.revisionName(taskDefinition.arn())
                    + "; nothing to deploy (force-new-deployment restarts its tasks).");
            context.outputs().set(ActionOutput.ROLLED_BACK, false);
            context.state().put(Results.DEPLOYMENT, new DeploymentReport(settings.cluster(), settings.service(),
                    strategy.inputName(), null, DeploymentStatus.SUCCESSFUL, false, null, List.of(), null));
            return;
        }
        if (strategy == Strategy.CODEDEPLOY) {
            planned.codeDeploy().run(taskDefinition.arn(), service.taskDefinition());
            return;
        }
        new EcsRollout(context, settings, strategy).run(service, taskDefinition.arn(), service.taskDefinition());
    }
}
