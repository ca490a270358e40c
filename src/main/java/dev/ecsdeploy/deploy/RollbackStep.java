package dev.ecsdeploy.deploy;

import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.deploy.codedeploy.CodeDeployRollout;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.pipeline.DeploymentReport;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.ResultKey;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.StepFailedException;
import dev.ecsdeploy.pipeline.TaskDefinitionRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.SortOrder;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * {@code rollback}: with a deployment in progress (and no {@code to-revision}), stop it with rollback and wait until
 * ECS is back on the previous revision; otherwise deploy {@code to-revision}, or the revision the service ran before
 * the current one, and wait as a deploy does. A CodeDeploy service is rolled back the same way through CodeDeploy:
 * StopDeployment with automatic rollback, or a new deployment of the earlier revision.
 */
public final class RollbackStep implements Step {
    private static final Set<String> ONGOING = Set.of("PENDING", "IN_PROGRESS");

    private static final ResultKey<Planned> PLANNED = ResultKey.of("the planned rollback", Planned.class);

    /**
     * What planning found, for apply: the deployment to stop ({@code inProgress} for ECS, {@code codeDeployInProgress}
     * for CodeDeploy), or else the revision to deploy ({@code target}).
     */
    private record Planned(DeploySettings settings, Strategy strategy, Service service, ServiceDeployment inProgress,
                           TaskDefinition target, CodeDeployRollout codeDeploy, String codeDeployInProgress) {
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
        CodeDeployRollout codeDeploy = null;
        String codeDeployInProgress = null;
        if (strategy == Strategy.CODEDEPLOY) {
            codeDeploy = new CodeDeployRollout(context, settings, service);
            codeDeploy.plan(null);
            codeDeployInProgress = toRevision == null ? codeDeploy.ongoing().orElse(null) : null;
        }
        ServiceDeployment inProgress = toRevision == null && strategy != Strategy.CODEDEPLOY
                ? currentIfOngoing(ecs, service) : null;
        if (codeDeployInProgress != null) {
            context.log().info(settings.service() + " has CodeDeploy deployment " + codeDeployInProgress
                    + " in progress; it will be stopped and rolled back.");
            context.state().put(PLANNED, new Planned(settings, strategy, service, null, null, codeDeploy,
                    codeDeployInProgress));
            return;
        }
        if (inProgress != null) {
            context.log().info(settings.service() + " has a deployment in progress (" + inProgress.statusAsString()
                    + "); it will be stopped and rolled back.");
            context.state().put(PLANNED, new Planned(settings, strategy, service, inProgress, null, codeDeploy, null));
            return;
        }
        TaskDefinition current = ecs.describeTaskDefinition(r -> r.taskDefinition(service.taskDefinition()))
                .taskDefinition();
        TaskDefinition target = toRevision != null ? named(ecs, current, toRevision)
                : previous(ecs, settings, current);
        context.state().put(PLANNED, new Planned(settings, strategy, service, null, target, codeDeploy, null));
        context.log().info("Rolling " + settings.service() + " back from " + current.family() + ":"
                + current.revision() + " to " + target.family() + ":" + target.revision() + ".");
    }

    @Override
    public void apply(RunContext context) {
        Planned planned = context.state().require(PLANNED);
        DeploySettings settings = planned.settings();
        Strategy strategy = planned.strategy();
        Service service = planned.service();
        TaskDefinition target = planned.target();
        CodeDeployRollout codeDeploy = planned.codeDeploy();
        context.state().put(Results.DEPLOYMENT, new DeploymentReport(settings.cluster(), settings.service(),
                strategy.inputName(), null, null, false, null, List.of(), null));
        if (planned.codeDeployInProgress() != null) {
            codeDeploy.stopAndWait(planned.codeDeployInProgress());
            return;
        }
        if (planned.inProgress() != null) {
            stopInProgress(context, planned);
            return;
        }
        context.state().put(Results.TASK_DEFINITION, new TaskDefinitionRef(target.taskDefinitionArn(),
                target.family(), target.revision(), service.taskDefinition(), false));
        context.outputs().set(ActionOutput.TASK_DEFINITION_ARN, target.taskDefinitionArn());
        context.outputs().set(ActionOutput.TASK_DEFINITION_REVISION, target.revision());
        context.outputs().set(ActionOutput.PREVIOUS_TASK_DEFINITION_ARN, service.taskDefinition());
        if (codeDeploy != null) {
            codeDeploy.run(target.taskDefinitionArn(), service.taskDefinition());
        } else {
            new EcsRollout(context, settings, strategy).run(service, target.taskDefinitionArn(),
                    service.taskDefinition());
        }
        context.outputs().set(ActionOutput.ROLLED_BACK, true);
    }

    private static void stopInProgress(RunContext context, Planned planned) {
        DeploySettings settings = planned.settings();
        Service service = planned.service();
        String arn = planned.inProgress().serviceDeploymentArn();
        String consoleUrl = ConsoleLinks.serviceDeployments(context.region(), settings.cluster(), settings.service());
        context.outputs().set(ActionOutput.DEPLOYMENT_ID, arn);
        context.outputs().set(ActionOutput.CONSOLE_URL, consoleUrl);
        new EcsServiceDeployments(context.aws().ecs()).stopWithRollback(arn);
        context.log().info("Asked ECS to stop " + arn + " and roll back.");
        EcsDeploymentWatcher.Result result;
        try (ActionLog.Group ignored = context.log().group("Waiting for the rollback")) {
            result = new EcsDeploymentWatcher(context.aws().ecs(), context.log(), context.cancellation(),
                    context.clock()).watch(settings.cluster(), settings.service(), arn, service.taskDefinition(),
                    settings, context.clock().instant());
        }
        Verdict.Phase phase = result.verdict().phase();
        boolean rolledBack = phase == Verdict.Phase.ROLLED_BACK || phase == Verdict.Phase.STOPPED;
        context.outputs().set(ActionOutput.ROLLED_BACK, rolledBack);
        context.state().put(Results.DEPLOYMENT, new DeploymentReport(settings.cluster(), settings.service(),
                planned.strategy().inputName(), arn, rolledBack ? DeploymentStatus.SUCCESSFUL
                : DeploymentStatus.FAILED, rolledBack, rolledBack ? null : result.verdict().reason(), List.of(), consoleUrl));
        if (!rolledBack) {
            String reason = "The rollback of " + arn + " did not finish: " + (result.end()
                    == PollLoop.End.DECIDED ? result.verdict().reason() : result.end().name());
            throw new StepFailedException(DeploymentStatus.FAILED, reason, Annotation.titled("Rollback failed"),
                    null);
        }
        context.log().notice("Stopped the deployment; " + settings.service() + " is back on the previous revision.");
    }

    private static ServiceDeployment currentIfOngoing(EcsClient ecs, Service service) {
        String arn = service.currentServiceDeployment();
        if (arn == null) {
            return null;
        }
        ServiceDeployment current = ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arn))
                .serviceDeployments().stream().findFirst().orElse(null);
        return current != null && ONGOING.contains(current.statusAsString()) ? current : null;
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
