package dev.ecsdeploy.deploy;

import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.DeploymentReport;
import dev.ecsdeploy.pipeline.ResultKey;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.TaskDefinitionRef;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * {@code continue}: gives the service's deployment that waits for a go-ahead (CodeDeploy's ready wait, or its
 * termination wait) the go-ahead with ContinueDeployment, and follows it to its end as a deploy does. The second job
 * of a manual approval: the first deploys with {@code wait-until: ready}. Planning finds what waits; with nothing
 * waiting, or on a service ECS deploys itself, it is exit 2 and nothing is called.
 */
public final class ContinueStep implements Step {
    /** What planning found, for apply. */
    private record Planned(DeploySettings settings, DeploymentController controller,
                           DeploymentController.Waiting waiting) {
    }

    private static final ResultKey<Planned> PLANNED = ResultKey.of("the planned go-ahead", Planned.class);
    /** CodeDeploy's deployment ids: d- and nine capitals or digits. */
    private static final String DEPLOYMENT_ID = "d-[A-Z0-9]{9}";

    private final DeploymentController.Choice controllers;

    /** @param controllers picks the service's controller (the entry point wires CodeDeploy's in) */
    public ContinueStep(DeploymentController.Choice controllers) {
        this.controllers = controllers;
    }

    @Override
    public String name() {
        return "continue";
    }

    @Override
    public void plan(RunContext context) {
        DeploySettings settings = DeploySettings.from(context.inputs());
        String deploymentId = context.inputs().string(Input.DEPLOYMENT_ID);
        if (deploymentId != null && !deploymentId.isEmpty() && !deploymentId.matches(DEPLOYMENT_ID)) {
            throw context.inputs().invalid(Input.DEPLOYMENT_ID, "a CodeDeploy deployment id is d- and nine"
                    + " capital letters or digits, e.g. d-A1B2C3D4E.");
        }
        Service service = EcsServices.describe(context.aws().ecs(), settings.cluster(), settings.service());
        String controllerType = service.deploymentController() == null ? null
                : service.deploymentController().typeAsString();
        Strategy strategy = StrategyResolver.resolve("auto", controllerType, service.deploymentConfiguration() == null
                ? null : service.deploymentConfiguration().strategyAsString());
        if (strategy != Strategy.CODEDEPLOY) {
            throw new BadInputException(Input.COMMAND.inputName(), "Input command: continue gives a CodeDeploy"
                    + " deployment that waits the go-ahead; " + settings.service() + " is deployed by ECS itself ("
                    + strategy.inputName() + "), which never waits for one. Nothing to continue.");
        }
        DeploymentController controller = controllers.of(context, settings, service, strategy);
        controller.plan(null);
        DeploymentController.Waiting waiting = controller.waiting(deploymentId == null || deploymentId.isEmpty()
                ? null : deploymentId).orElseThrow(() -> new BadInputException(Input.COMMAND.inputName(),
                "Input command: continue: no CodeDeploy deployment of " + settings.service() + " waits for a"
                        + " go-ahead (none is Ready or in its termination wait). Deploy with wait-until: ready first;"
                        + " nothing was changed."));
        context.state().put(PLANNED, new Planned(settings, controller, waiting));
        context.state().put(Results.DEPLOYMENT, new DeploymentReport(settings.cluster(), settings.service(),
                strategy.inputName(), waiting.deploymentId(), null, false, null, List.of(), null));
        context.log().info(waiting.deploymentId() + " of " + Rollout.revisionName(waiting.taskDefinitionArn())
                + " waits for the go-ahead (" + (waiting.type() == DeploymentController.WaitType.READY
                ? "ready wait: production traffic not shifted yet" : "termination wait: the original task set kept")
                + "); it will be continued.");
    }

    @Override
    public void apply(RunContext context) {
        Planned planned = context.state().require(PLANNED);
        DeploymentController.Waiting waiting = planned.waiting();
        if (waiting.taskDefinitionArn() != null) {
            // family:revision from the ARN, for the summary and Slack.
            String name = Rollout.revisionName(waiting.taskDefinitionArn());
            int colon = name.lastIndexOf(':');
            context.state().put(Results.TASK_DEFINITION, new TaskDefinitionRef(waiting.taskDefinitionArn(),
                    colon < 0 ? name : name.substring(0, colon), colon < 0 ? 0
                    : Integer.parseInt(name.substring(colon + 1)), waiting.previousArn(), false));
        }
        new Rollout(context, planned.settings(), planned.controller()).continueWaiting(waiting);
    }
}
