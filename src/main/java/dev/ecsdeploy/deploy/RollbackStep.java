package dev.ecsdeploy.deploy;

import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.DeploymentReport;
import dev.ecsdeploy.pipeline.ResultKey;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.TaskDefinitionRef;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * {@code rollback}: with a deployment in progress (and no {@code to-revision}), stop it with rollback and wait until
 * ECS is back on the previous revision; otherwise deploy {@code to-revision}, or the revision the service ran before
 * the current one, and wait as a deploy does. A CodeDeploy service is rolled back the same way through CodeDeploy:
 * StopDeployment with automatic rollback, or a new deployment of the earlier revision, through its {@link
 * DeploymentController}.
 */
public final class RollbackStep implements Step {
    /** What planning found, for apply: the deployment to stop, or else the revision to deploy ({@code target}). */
    private record Planned(DeploySettings settings, Strategy strategy, Service service,
                           DeploymentController controller, String inProgress, TaskDefinition target) {
    }

    private static final ResultKey<Planned> PLANNED = ResultKey.of("the planned rollback", Planned.class);

    private final DeploymentController.Choice controllers;

    /** @param controllers picks the service's controller (the entry point wires CodeDeploy's in) */
    public RollbackStep(DeploymentController.Choice controllers) {
        this.controllers = controllers;
    }

    @Override
    public String name() {
        return "rollback";
    }

    @Override
    public void plan(RunContext context) {
        DeploySettings settings = DeploySettings.from(context.inputs());
        EcsClient ecs = context.aws().ecs();
        Service service = EcsServices.describe(ecs, settings.cluster(), settings.service());
        Strategy strategy = StrategyResolver.resolve("auto",
                service.deploymentController() == null ? null : service.deploymentController().typeAsString(),
                service.deploymentConfiguration() == null ? null
                        : service.deploymentConfiguration().strategyAsString());
        String toRevision = context.inputs().string(Input.TO_REVISION);
        DeploymentController controller = controllers.of(context, settings, service, strategy);
        controller.plan(null);
        String inProgress = toRevision == null ? controller.ongoing(service).orElse(null) : null;
        if (inProgress != null) {
            context.log().info(settings.service() + " has " + controller.who() + " deployment " + inProgress
                    + " in progress; it will be stopped and rolled back.");
            context.state().put(PLANNED, new Planned(settings, strategy, service, controller, inProgress, null));
            return;
        }
        TaskDefinition current = ecs.describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition()))
                .taskDefinition();
        TaskDefinition target = toRevision != null ? named(ecs, current, toRevision)
                : previous(ecs, settings, current);
        context.state().put(PLANNED, new Planned(settings, strategy, service, controller, null, target));
        context.log().info("Rolling " + settings.service() + " back from " + current.family() + ":"
                + current.revision() + " to " + target.family() + ":" + target.revision() + ".");
    }

    @Override
    public void apply(RunContext context) {
        Planned planned = context.state().require(PLANNED);
        DeploySettings settings = planned.settings();
        Service service = planned.service();
        TaskDefinition target = planned.target();
        context.state().put(Results.DEPLOYMENT, new DeploymentReport(settings.cluster(), settings.service(),
                planned.strategy().inputName(), null, null, false, null, List.of(), null));
        Rollout rollout = new Rollout(context, settings, planned.controller());
        if (planned.inProgress() != null) {
            rollout.stopRunning(planned.inProgress(), service.taskDefinition());
            return;
        }
        context.state().put(Results.TASK_DEFINITION, new TaskDefinitionRef(target.taskDefinitionArn(),
                target.family(), target.revision(), service.taskDefinition(), false));
        context.outputs().set(ActionOutput.TASK_DEFINITION_ARN, target.taskDefinitionArn());
        context.outputs().set(ActionOutput.TASK_DEFINITION_REVISION, target.revision());
        context.outputs().set(ActionOutput.PREVIOUS_TASK_DEFINITION_ARN, service.taskDefinition());
        rollout.run(service, target.taskDefinitionArn(), service.taskDefinition(), true);
    }

    /** {@code to-revision}: a number (of the current family), family:revision, or an ARN. */
    private static TaskDefinition named(EcsClient ecs, TaskDefinition current, String toRevision) {
        String reference = toRevision.matches("\\d+") ? current.family() + ":" + toRevision : toRevision;
        try {
            return ecs.describeTaskDefinition(r -> r.taskDefinition(reference)).taskDefinition();
        } catch (ClientException e) {
            throw new BadInputException(Input.TO_REVISION.inputName(), "Input to-revision: there is no task"
                    + " definition " + reference + ".");
        }
    }

    /**
     * The revision the service ran before the current one: the newest successful service deployment to another
     * revision, else the newest ACTIVE revision of the family below the current.
     */
    private static TaskDefinition previous(EcsClient ecs, DeploySettings settings, TaskDefinition current) {
        Optional<String> fromHistory = ecs.listServiceDeployments(r -> r.cluster(settings.cluster())
                        .service(settings.service()).status(ServiceDeploymentStatus.SUCCESSFUL))
                .serviceDeployments().stream()
                .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                .map(brief -> brief.targetServiceRevisionArn())
                .filter(revisionArn -> revisionArn != null)
                .flatMap(revisionArn -> ecs.describeServiceRevisions(r -> r.serviceRevisionArns(revisionArn))
                        .serviceRevisions().stream())
                .map(revision -> revision.taskDefinition())
                .filter(arn -> !arn.equals(current.taskDefinitionArn()))
                .findFirst();
        if (fromHistory.isPresent()) {
            return ecs.describeTaskDefinition(r -> r.taskDefinition(fromHistory.get())).taskDefinition();
        }
        for (String arn : ecs.listTaskDefinitionsPaginator(r -> r.familyPrefix(current.family()).sort(SortOrder.DESC))
                .taskDefinitionArns()) {
            TaskDefinition candidate = ecs.describeTaskDefinition(r -> r.taskDefinition(arn)).taskDefinition();
            if (candidate.family().equals(current.family()) && candidate.revision() < current.revision()) {
                return candidate;
            }
        }
        throw new BadInputException(Input.TO_REVISION.inputName(), "There is no earlier revision of "
                + current.family() + " to roll back to; give to-revision.");
    }
}
