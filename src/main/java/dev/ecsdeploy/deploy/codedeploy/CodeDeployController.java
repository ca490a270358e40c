package dev.ecsdeploy.deploy.codedeploy;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.deploy.AwsCalls;
import dev.ecsdeploy.deploy.ConsoleLinks;
import dev.ecsdeploy.deploy.DeploySettings;
import dev.ecsdeploy.deploy.DeploymentController;
import dev.ecsdeploy.deploy.Diagnosis;
import dev.ecsdeploy.deploy.Durations;
import dev.ecsdeploy.deploy.FailureEvidence;
import dev.ecsdeploy.deploy.PollLoop;
import dev.ecsdeploy.deploy.Rollout;
import dev.ecsdeploy.deploy.UpdateServiceRequests;
import dev.ecsdeploy.deploy.Strategy;
import dev.ecsdeploy.deploy.Verdict;
import dev.ecsdeploy.util.TextFile;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.StepFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.ApplicationDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentConfigDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentConfigInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentAlreadyCompletedException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentIsNotInReadyStateException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentLimitExceededException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentWaitType;
import software.amazon.awssdk.services.codedeploy.model.InvalidDeploymentIdException;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.codedeploy.model.StopDeploymentResponse;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskSet;

/**
 * The CodeDeploy deployment controller (CODE_DEPLOY services): planning checks the application, deployment group,
 * config, hooks and AppSpec template before anything changes; a deployment sends the AppSpec inline with its sha256;
 * StopDeployment with automatic rollback stops one. {@link Rollout} decides and reports the ending.
 */
public final class CodeDeployController implements DeploymentController {
    private final RunContext context;
    private final DeploySettings settings;
    private final Service service;
    private final CodeDeployClient codeDeploy;
    private String application;
    private String deploymentGroup;
    private String deploymentConfig;
    private Map<String, String> hooks;
    private String template;

    public CodeDeployController(RunContext context, DeploySettings settings, Service service) {
        this.context = context;
        this.settings = settings;
        this.service = service;
        this.codeDeploy = context.aws().codeDeploy();
    }

    /** The controller of a service: this one for a CODE_DEPLOY service, else ECS's own. */
    public static DeploymentController choose(RunContext context, DeploySettings settings, Service service,
                                              Strategy strategy) {
        return strategy == Strategy.CODEDEPLOY ? new CodeDeployController(context, settings, service)
                : DeploymentController.ecs(context, settings, strategy);
    }

    /** The default names the ECS console gives a CodeDeploy application and group: AppECS-/DgpECS-cluster-service. */
    static String defaultName(String prefix, String clusterArnOrName, String serviceName) {
        String cluster = clusterArnOrName.substring(clusterArnOrName.lastIndexOf('/') + 1);
        return prefix + "-" + cluster + "-" + serviceName;
    }

    /**
     * Checks everything CodeDeploy will need, while nothing has changed yet.
     *
     * @param renderedContainers the containers of the revision to deploy, when known while planning (else null)
     */
    public void plan(List<ContainerDefinition> renderedContainers) {
        ActionInputs inputs = context.inputs();
        String cluster = service.clusterArn() == null ? settings.cluster() : service.clusterArn();
        application = given(inputs, Input.CODEDEPLOY_APPLICATION, defaultName("AppECS", cluster,
                service.serviceName()));
        deploymentGroup = given(inputs, Input.CODEDEPLOY_DEPLOYMENT_GROUP, defaultName("DgpECS", cluster,
                service.serviceName()));
        deploymentConfig = given(inputs, Input.CODEDEPLOY_CONFIG, null);
        try {
            hooks = AppSpecs.checkHooks(inputs.keyValues(Input.CODEDEPLOY_HOOKS));
        } catch (IllegalArgumentException e) {
            throw inputs.invalid(Input.CODEDEPLOY_HOOKS, e.getMessage());
        }
        DeploymentGroupInfo group = deploymentGroup();
        checkGroupDeploysThisService(group);
        if (settings.untilReady() && !CodeDeployTimings.waitsForApproval(group.blueGreenDeploymentConfiguration())) {
            throw new BadInputException(Input.WAIT_UNTIL.inputName(), "Input wait-until: ready: deployment group "
                    + deploymentGroup + " shifts production traffic without waiting (its deploymentReadyOption is"
                    + " not STOP_DEPLOYMENT), so a deployment would never be Ready. Set the group's \"Traffic"
                    + " rerouting\" to wait (actionOnTimeout STOP_DEPLOYMENT with waitTimeInMinutes), or use"
                    + " wait-until: completed or traffic-shifted.");
        }
        DeploymentConfigInfo config = deploymentConfig != null ? checkConfig()
                : groupsConfig(group.deploymentConfigName());
        warnAboutTimings(config, group);
        Path templateFile = inputs.path(Input.APPSPEC);
        if (templateFile != null) {
            try {
                template = TextFile.read(templateFile, inputs.string(Input.APPSPEC));
            } catch (TextFile.Unreadable e) {
                throw inputs.invalid(Input.APPSPEC, "cannot read the AppSpec template: " + e.getMessage());
            }
        }
        if (renderedContainers != null) {
            appSpec("arn:aws:ecs:::task-definition/planned:0", renderedContainers);
        }
        context.log().info("CodeDeploy: application " + application + ", deployment group " + deploymentGroup
                + ", config " + (deploymentConfig == null ? group.deploymentConfigName() + " (the group's)"
                : deploymentConfig) + ".");
    }

    private DeploymentGroupInfo deploymentGroup() {
        try {
            return codeDeploy.getDeploymentGroup(r -> r.applicationName(application)
                    .deploymentGroupName(deploymentGroup)).deploymentGroupInfo();
        } catch (ApplicationDoesNotExistException e) {
            throw new BadInputException(Input.CODEDEPLOY_APPLICATION.inputName(), "Input codedeploy-application:"
                    + " there is no CodeDeploy application \"" + application + "\" in this account and region."
                    + " Set codedeploy-application to the application that deploys " + service.serviceName() + ".");
        } catch (DeploymentGroupDoesNotExistException e) {
            throw new BadInputException(Input.CODEDEPLOY_DEPLOYMENT_GROUP.inputName(), "Input"
                    + " codedeploy-deployment-group: application " + application + " has no deployment group \""
                    + deploymentGroup + "\". Set codedeploy-deployment-group to the group that deploys "
                    + service.serviceName() + ".");
        }
    }

    private void checkGroupDeploysThisService(DeploymentGroupInfo group) {
        if (!group.hasEcsServices() || group.ecsServices().isEmpty()) {
            return;
        }
        String cluster = service.clusterArn() == null ? settings.cluster()
                : service.clusterArn().substring(service.clusterArn().lastIndexOf('/') + 1);
        boolean ours = group.ecsServices().stream().anyMatch(ecs -> service.serviceName().equals(ecs.serviceName())
                && (cluster.equals(ecs.clusterName()) || cluster.equals(settings.cluster())));
        if (!ours) {
            var other = group.ecsServices().getFirst();
            throw new BadInputException(Input.CODEDEPLOY_DEPLOYMENT_GROUP.inputName(), "Input"
                    + " codedeploy-deployment-group: " + deploymentGroup + " deploys " + other.serviceName() + " in "
                    + other.clusterName() + ", not " + service.serviceName() + " in " + cluster + ".");
        }
    }

    private DeploymentConfigInfo checkConfig() {
        DeploymentConfigInfo config;
        try {
            config = codeDeploy.getDeploymentConfig(r -> r.deploymentConfigName(deploymentConfig))
                    .deploymentConfigInfo();
        } catch (DeploymentConfigDoesNotExistException e) {
            throw new BadInputException(Input.CODEDEPLOY_CONFIG.inputName(), "Input codedeploy-config: there is no"
                    + " deployment config \"" + deploymentConfig + "\". ECS ones are CodeDeployDefault.ECSAllAtOnce,"
                    + " CodeDeployDefault.ECSLinear10PercentEvery1Minutes, CodeDeployDefault.ECSLinear10PercentEvery3Minutes,"
                    + " CodeDeployDefault.ECSCanary10Percent5Minutes, CodeDeployDefault.ECSCanary10Percent15Minutes,"
                    + " or a custom one.");
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw e;
            }
            // Without codedeploy:GetDeploymentConfig the name cannot be checked here; CreateDeployment will.
            context.log().debug("Could not read deployment config " + deploymentConfig + ": " + e.getMessage());
            return null;
        }
        if (config != null && config.computePlatform() != null && !"ECS".equals(config.computePlatformAsString())) {
            throw new BadInputException(Input.CODEDEPLOY_CONFIG.inputName(), "Input codedeploy-config: "
                    + deploymentConfig + " is for " + config.computePlatformAsString() + ", not ECS. Use e.g."
                    + " CodeDeployDefault.ECSAllAtOnce or CodeDeployDefault.ECSCanary10Percent5Minutes.");
        }
        return config;
    }

    /** The group's own config, only to size the wait; not being allowed to read it is no reason to stop. */
    private DeploymentConfigInfo groupsConfig(String name) {
        if (name == null) {
            return null;
        }
        try {
            return codeDeploy.getDeploymentConfig(r -> r.deploymentConfigName(name)).deploymentConfigInfo();
        } catch (AwsServiceException e) {
            context.log().debug("Could not read deployment config " + name + ": " + e.getMessage());
            return null;
        }
    }

    private void warnAboutTimings(DeploymentConfigInfo config, DeploymentGroupInfo group) {
        // continue starts nothing: the timings of a new deployment do not matter to it.
        if (!settings.waitForCompletion() || settings.untilReady() || "continue".equals(context.command())) {
            return;
        }
        Duration least = CodeDeployTimings.minimum(config == null ? null : config.trafficRoutingConfig(),
                group.blueGreenDeploymentConfiguration(), settings.untilTrafficShifted());
        if (!least.isZero() && settings.timeout().compareTo(least) <= 0) {
            context.log().warning("Input timeout: " + Durations.words(settings.timeout()) + " is not more than the "
                    + Durations.words(least) + " this CodeDeploy deployment takes by its config and the group's"
                    + " termination wait, so it will time out and roll back. Raise timeout"
                    + (settings.untilTrafficShifted() ? "." : ", or set wait-until: traffic-shifted."));
        }
        if (CodeDeployTimings.waitsForApproval(group.blueGreenDeploymentConfiguration())) {
            context.log().warning("Deployment group " + deploymentGroup + " stops each deployment until someone"
                    + " continues it (deploymentReadyOption STOP_DEPLOYMENT); this run waits for that within its"
                    + " timeout. wait-until: ready returns once it waits, for a later command: continue to give the"
                    + " go-ahead.");
        }
    }

    /** The AppSpec for the revision: the template with its TaskDefinition replaced, or one generated. */
    private String appSpec(String taskDefinitionArn, List<ContainerDefinition> containers) {
        ActionInputs inputs = context.inputs();
        if (template != null) {
            try {
                return AppSpecs.fromTemplate(template, taskDefinitionArn, containers, hooks);
            } catch (IllegalArgumentException e) {
                throw inputs.invalid(Input.APPSPEC, e.getMessage());
            }
        }
        LoadBalancer balancer = service.loadBalancers().stream().findFirst().orElse(null);
        AppSpecs.ContainerTarget target;
        try {
            target = AppSpecs.resolveTarget(containers, balancer == null ? null
                            : new AppSpecs.ContainerTarget(balancer.containerName(),
                            balancer.containerPort() == null ? 0 : balancer.containerPort()),
                    inputs.list(Input.CONTAINER_NAME), inputs.integer(Input.CONTAINER_PORT));
        } catch (IllegalArgumentException e) {
            throw inputs.invalid(Input.CONTAINER_PORT, e.getMessage());
        }
        return AppSpecs.generate(taskDefinitionArn, target, new AppSpecs.ServiceSettings(service.platformVersion(),
                service.networkConfiguration(), service.capacityProviderStrategy()), hooks);
    }

    @Override
    public String who() {
        return "CodeDeploy";
    }

    @Override
    public String strategyName() {
        return "codedeploy";
    }

    @Override
    public String strategyDescription() {
        return "codedeploy (" + application + " / " + deploymentGroup
                + (deploymentConfig == null ? "" : ", " + deploymentConfig) + ")";
    }

    @Override
    public boolean rollsBackByItself() {
        return true;
    }

    /** Sends the AppSpec of the revision inline with its sha256. */
    @Override
    public Started start(Service current, String taskDefinitionArn) {
        String revision = Rollout.revisionName(taskDefinitionArn);
        List<ContainerDefinition> containers = context.aws().ecs()
                .describeTaskDefinition(r -> r.taskDefinition(taskDefinitionArn)).taskDefinition()
                .containerDefinitions();
        String content = appSpec(taskDefinitionArn, containers);
        context.log().debug("AppSpec: " + content);
        // The revision is CodeDeploy's to deploy, but UpdateService may still set the tag options, so tasks of the
        // replacement task set get them (ECS API reference: UpdateService, CODE_DEPLOY services).
        UpdateServiceRequests.serviceTagsOnly(current, settings.serviceTags()).ifPresent(request ->
                context.aws().ecs().updateService(request));
        String deploymentId = create(content, revision);
        if (deploymentConfig != null) {
            context.log().info("CodeDeploy deployment " + deploymentId + " uses " + deploymentConfig + ".");
        }
        return new Started(deploymentId, consoleUrl(deploymentId));
    }

    @Override
    public String consoleUrl(String deploymentId) {
        return ConsoleLinks.codeDeployDeployment(context.region(), deploymentId);
    }

    @Override
    public Watched watch(PollLoop loop, String deploymentId, String taskDefinitionArn, Instant startedAt,
                         PollLoop.Bounds bounds) {
        return new CodeDeployWatcher(codeDeploy, context.aws().ecs(), context.log()).watch(loop, deploymentId,
                taskDefinitionArn, settings, bounds);
    }

    private String create(String content, String revision) {
        try {
            return codeDeploy.createDeployment(r -> {
                r.applicationName(application).deploymentGroupName(deploymentGroup)
                        .overrideConfiguration(dev.ecsdeploy.aws.MutatingCalls.RETRIED_ONLY_WHEN_ANSWERED)
                        .description(description(revision))
                        .revision(rv -> rv.revisionType(RevisionLocationType.APP_SPEC_CONTENT)
                                .appSpecContent(ac -> ac.content(content).sha256(AppSpecs.sha256(content))));
                if (deploymentConfig != null) {
                    r.deploymentConfigName(deploymentConfig);
                }
            }).deploymentId();
        } catch (DeploymentConfigDoesNotExistException e) {
            throw new BadInputException(Input.CODEDEPLOY_CONFIG.inputName(), "Input codedeploy-config: CodeDeploy"
                    + " has no deployment config \"" + deploymentConfig + "\" (" + e.awsErrorDetails().errorMessage()
                    + ").");
        } catch (DeploymentLimitExceededException e) {
            throw new StepFailedException("CodeDeploy already runs a deployment for " + deploymentGroup + " and"
                    + " takes one at a time: wait for it to finish or stop it, then run again ("
                    + e.awsErrorDetails().errorMessage() + ").");
        }
    }

    private String description(String revision) {
        String run = context.github().runUrl();
        String text = "ecs-deploy-action: " + revision + (run == null ? "" : " from " + run);
        return text.length() <= 512 ? text : text.substring(0, 512);
    }

    /** The deployment of this group that is still running, if any (CodeDeploy runs one at a time per group). */
    @Override
    public java.util.Optional<String> ongoing(Service ignored) {
        return codeDeploy.listDeployments(r -> r.applicationName(application).deploymentGroupName(deploymentGroup)
                        .includeOnlyStatusesWithStrings("Created", "Queued", "InProgress", "Ready", "Baking"))
                .deployments().stream().findFirst();
    }

    /** The stopped tasks and events of the replacement task set: what CodeDeploy's one-line error leaves out. */
    @Override
    public Diagnosis diagnose(String taskDefinitionArn, Instant startedAt, Watched watched) {
        var ecs = context.aws().ecs();
        var events = ecs.describeServices(r -> r.cluster(settings.cluster()).services(settings.service()))
                .services().stream().findFirst().map(Service::events).orElse(List.of());
        DeploymentInfo deployment = watched != null && watched.evidence() instanceof DeploymentInfo info ? info : null;
        Verdict verdict = watched == null ? null : watched.verdict();
        String codeDeployReason = deployment == null ? null : CodeDeployVerdicts.reason(deployment);
        return new FailureEvidence(ecs, context.aws().logs()).diagnose(settings.cluster(), settings.service(),
                taskDefinitionArn, startedAt, null, events)
                .reportedBy("CodeDeploy", verdict != null && verdict.phase() == Verdict.Phase.FAILED
                        && verdict.reason() != null ? verdict.reason() : codeDeployReason);
    }

    /** StopDeployment with automatic rollback: traffic goes back to the original task set. */
    @Override
    public boolean stopWithRollback(String deploymentId) {
        try {
            StopDeploymentResponse response = codeDeploy.stopDeployment(r -> r.deploymentId(deploymentId)
                    .autoRollbackEnabled(true).overrideConfiguration(AwsCalls.STOP));
            context.log().info("Asked CodeDeploy to stop " + deploymentId + " and roll back: "
                    + response.statusAsString() + (response.statusMessage() == null ? ""
                    : " (" + response.statusMessage() + ")"));
            return true;
        } catch (DeploymentAlreadyCompletedException e) {
            return false;
        }
    }

    /**
     * The deployment of this group that waits for a go-ahead: Ready (READY_WAIT), or InProgress with the original
     * task set's termination wait started (TERMINATION_WAIT). A named one must be this group's and waiting.
     */
    @Override
    public Optional<Waiting> waiting(String deploymentId) {
        if (deploymentId != null) {
            DeploymentInfo info;
            try {
                info = codeDeploy.getDeployment(r -> r.deploymentId(deploymentId)).deploymentInfo();
            } catch (DeploymentDoesNotExistException | InvalidDeploymentIdException e) {
                throw new BadInputException(Input.DEPLOYMENT_ID.inputName(), "Input deployment-id: CodeDeploy has"
                        + " no deployment " + deploymentId + " in this account and region ("
                        + e.awsErrorDetails().errorMessage() + ").");
            }
            if (!application.equals(info.applicationName()) || !deploymentGroup.equals(info.deploymentGroupName())) {
                throw new BadInputException(Input.DEPLOYMENT_ID.inputName(), "Input deployment-id: " + deploymentId
                        + " belongs to " + info.applicationName() + " / " + info.deploymentGroupName() + ", not to "
                        + application + " / " + deploymentGroup + ", which deploys " + service.serviceName() + ".");
            }
            return waitType(info).map(type -> waiting(info, type)).or(() -> {
                throw new BadInputException(Input.DEPLOYMENT_ID.inputName(), "Input deployment-id: " + deploymentId
                        + " does not wait for a go-ahead: it is " + info.statusAsString()
                        + ("InProgress".equals(info.statusAsString()) ? " and not in its ready or termination wait"
                        : "") + ". Nothing to continue.");
            });
        }
        for (String id : codeDeploy.listDeployments(r -> r.applicationName(application)
                .deploymentGroupName(deploymentGroup).includeOnlyStatusesWithStrings("Ready", "InProgress"))
                .deployments()) {
            DeploymentInfo info = codeDeploy.getDeployment(r -> r.deploymentId(id)).deploymentInfo();
            Optional<WaitType> type = waitType(info);
            if (type.isPresent()) {
                return Optional.of(waiting(info, type.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<WaitType> waitType(DeploymentInfo info) {
        if ("Ready".equals(info.statusAsString())) {
            return Optional.of(WaitType.READY);
        }
        return "InProgress".equals(info.statusAsString())
                && Boolean.TRUE.equals(info.instanceTerminationWaitTimeStarted())
                ? Optional.of(WaitType.TERMINATION) : Optional.empty();
    }

    /** The revisions from the service's task sets: before the shift the replacement is not PRIMARY yet. */
    private Waiting waiting(DeploymentInfo info, WaitType type) {
        Service now = context.aws().ecs().describeServices(r -> r.cluster(settings.cluster())
                .services(settings.service())).services().getFirst();
        String primary = now.taskDefinition();
        String other = now.taskSets().stream().filter(set -> !"PRIMARY".equals(set.status()))
                .map(TaskSet::taskDefinition).reduce((first, second) -> second).orElse(null);
        return type == WaitType.READY ? new Waiting(info.deploymentId(), type, other, primary)
                : new Waiting(info.deploymentId(), type, primary, other);
    }

    /** ContinueDeployment with the wait type: READY_WAIT shifts production traffic, TERMINATION_WAIT ends the wait. */
    @Override
    public void proceed(Waiting waiting) {
        DeploymentWaitType type = waiting.type() == WaitType.READY ? DeploymentWaitType.READY_WAIT
                : DeploymentWaitType.TERMINATION_WAIT;
        try {
            codeDeploy.continueDeployment(r -> r.deploymentId(waiting.deploymentId()).deploymentWaitType(type));
        } catch (DeploymentIsNotInReadyStateException | DeploymentAlreadyCompletedException e) {
            throw new StepFailedException("CodeDeploy did not continue " + waiting.deploymentId() + " ("
                    + type + "): " + e.awsErrorDetails().errorMessage() + " It moved on since this run looked;"
                    + " see " + consoleUrl(waiting.deploymentId()));
        }
    }

    private static String given(ActionInputs inputs, Input input, String fallback) {
        String value = inputs.string(input);
        return value == null || value.isEmpty() ? fallback : value;
    }

}
