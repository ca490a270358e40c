package dev.ecsdeploy.deploy;

import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.StepFailedException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;

/**
 * The ECS deployment controller (rolling, blue/green, linear, canary): UpdateService starts a service deployment,
 * DescribeServiceDeployments follows it, StopServiceDeployment with ROLLBACK stops it.
 */
final class EcsController implements DeploymentController {
    private static final Set<String> ONGOING = Set.of("PENDING", "IN_PROGRESS");

    private final RunContext context;
    private final DeploySettings settings;
    private final Strategy strategy;
    private final EcsClient ecs;
    private final EcsServiceDeployments deployments;

    EcsController(RunContext context, DeploySettings settings, Strategy strategy) {
        this.context = context;
        this.settings = settings;
        this.strategy = strategy;
        this.ecs = context.aws().ecs();
        this.deployments = new EcsServiceDeployments(ecs);
    }

    @Override
    public String who() {
        return "ECS";
    }

    @Override
    public String strategyName() {
        return strategy.inputName();
    }

    @Override
    public boolean rollsBackByItself() {
        return false;
    }

    @Override
    public Started start(Service service, String taskDefinitionArn) {
        Instant before = context.clock().instant().minusSeconds(5);
        String arn = deployments.start(UpdateServiceRequests.build(service, taskDefinitionArn, settings, strategy),
                        before)
                .orElseThrow(() -> new StepFailedException("UpdateService accepted "
                        + Rollout.revisionName(taskDefinitionArn) + " but ECS started no service deployment to"
                        + " follow."));
        return new Started(arn, consoleUrl(arn));
    }

    @Override
    public String consoleUrl(String deploymentId) {
        return ConsoleLinks.serviceDeployments(context.region(), settings.cluster(), settings.service());
    }

    @Override
    public Watched watch(PollLoop loop, String deploymentId, String taskDefinitionArn, Instant startedAt,
                         PollLoop.Bounds bounds) {
        return new EcsDeploymentWatcher(ecs, context.log()).watch(loop, settings.cluster(), settings.service(),
                deploymentId, taskDefinitionArn, startedAt, bounds);
    }

    @Override
    public boolean stopWithRollback(String deploymentId) {
        boolean stopped = deployments.stopWithRollback(deploymentId);
        if (stopped) {
            context.log().info("Asked ECS to stop " + deploymentId + " and roll back.");
        }
        return stopped;
    }

    @Override
    public Optional<String> ongoing(Service service) {
        String arn = service.currentServiceDeployment();
        if (arn == null) {
            return Optional.empty();
        }
        return ecs.describeServiceDeployments(r -> r.serviceDeploymentArns(arn)).serviceDeployments().stream()
                .filter(current -> ONGOING.contains(current.statusAsString()))
                .map(ServiceDeployment::serviceDeploymentArn).findFirst();
    }

    @Override
    public Diagnosis diagnose(String taskDefinitionArn, Instant since, Watched watched) {
        EcsDeploymentWatcher.Evidence evidence = watched.evidence() instanceof EcsDeploymentWatcher.Evidence e ? e
                : new EcsDeploymentWatcher.Evidence(null, null);
        return new FailureEvidence(ecs, context.aws().logs()).diagnose(settings.cluster(), settings.service(),
                taskDefinitionArn, since, evidence.deployment(),
                evidence.service() == null ? List.of() : evidence.service().events());
    }
}
