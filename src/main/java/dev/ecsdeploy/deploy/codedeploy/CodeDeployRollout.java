package dev.ecsdeploy.deploy.codedeploy;

import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.deploy.ConsoleLinks;
import dev.ecsdeploy.deploy.DeploySettings;
import dev.ecsdeploy.deploy.Diagnosis;
import dev.ecsdeploy.deploy.FailureDiagnosis;
import dev.ecsdeploy.deploy.Verdict;
import dev.ecsdeploy.deploy.PollLoop;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.util.TextFile;
import dev.ecsdeploy.pipeline.DeploymentReport;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.StepFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.ApplicationDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentConfigDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentConfigInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentLimitExceededException;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.codedeploy.model.StopDeploymentResponse;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * One CodeDeploy blue/green deployment of a revision to a CODE_DEPLOY-controller service, start to verdict. Planning
 * checks the application, deployment group, config, hooks and AppSpec template before anything changes; running
 * sends the AppSpec inline with its sha256, follows the deployment, and on a timeout or cancellation stops it with
 * automatic rollback. Success returns; every other ending throws a {@link StepFailedException}.
 */
public final class CodeDeployRollout {
    private static final int TITLE_LENGTH = 160;

    private final RunContext context;
    private final DeploySettings settings;
    private final Service service;
    private final CodeDeployClient codeDeploy;
    private String application;
    private String deploymentGroup;
    private String deploymentConfig;
    private Map<String, String> hooks;
    private String template;

    public CodeDeployRollout(RunContext context, DeploySettings settings, Service service) {
        this.context = context;
        this.settings = settings;
        this.service = service;
        this.codeDeploy = context.aws().codeDeploy();
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
        if (!settings.waitForCompletion()) {
            return;
        }
        Duration least = CodeDeployTimings.minimum(config == null ? null : config.trafficRoutingConfig(),
                group.blueGreenDeploymentConfiguration(), settings.untilTrafficShifted());
        if (!least.isZero() && settings.timeout().compareTo(least) <= 0) {
            context.log().warning("Input timeout: " + settings.timeout().toMinutes() + " minutes is not more than the "
                    + least.toMinutes() + " minutes this CodeDeploy deployment takes by its config and the group's"
                    + " termination wait, so it will time out and roll back. Raise timeout"
                    + (settings.untilTrafficShifted() ? "." : ", or set wait-until: traffic-shifted."));
        }
        if (CodeDeployTimings.waitsForApproval(group.blueGreenDeploymentConfiguration())) {
            context.log().warning("Deployment group " + deploymentGroup + " stops each deployment until someone"
                    + " continues it (deploymentReadyOption STOP_DEPLOYMENT); this run waits for that within its"
                    + " timeout.");
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

    /**
     * @param taskDefinitionArn the revision to run
     * @param previousArn       the revision the service runs now
     */
    public void run(String taskDefinitionArn, String previousArn) {
        Instant startedAt = context.clock().instant();
        String revision = revisionName(taskDefinitionArn);
        List<ContainerDefinition> containers = context.aws().ecs()
                .describeTaskDefinition(r -> r.taskDefinition(taskDefinitionArn)).taskDefinition()
                .containerDefinitions();
        String content = appSpec(taskDefinitionArn, containers);
        context.log().debug("AppSpec: " + content);
        String deploymentId = create(content, revision);
        String consoleUrl = ConsoleLinks.codeDeployDeployment(context.region(), deploymentId);
        report(deploymentId, null, false, null, List.of(), consoleUrl);
        context.outputs().set(ActionOutput.DEPLOYMENT_ID, deploymentId);
        context.outputs().set(ActionOutput.CONSOLE_URL, consoleUrl);
        context.log().info("Started CodeDeploy deployment " + deploymentId + " of " + revision + " to "
                + service.serviceName() + (deploymentConfig == null ? "" : " with " + deploymentConfig) + ".");
        if (!settings.waitForCompletion()) {
            context.log().notice("Not waiting for the deployment (wait: false); follow it at " + consoleUrl);
            context.outputs().set(ActionOutput.ROLLED_BACK, false);
            return;
        }
        CodeDeployWatcher.Result result;
        try (ActionLog.Group ignored = context.log().group("Waiting for CodeDeploy to shift "
                + service.serviceName() + " to " + revision)) {
            result = new CodeDeployWatcher(codeDeploy, context.aws().ecs(), context.log(), context.cancellation(),
                    context.clock()).watch(deploymentId, taskDefinitionArn, settings, startedAt);
        }
        conclude(result, deploymentId, taskDefinitionArn, previousArn, startedAt, consoleUrl);
    }

    private String create(String content, String revision) {
        try {
            return codeDeploy.createDeployment(r -> {
                r.applicationName(application).deploymentGroupName(deploymentGroup)
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

    private void conclude(CodeDeployWatcher.Result result, String deploymentId, String taskDefinitionArn,
                          String previousArn, Instant startedAt, String consoleUrl) {
        String revision = revisionName(taskDefinitionArn);
        Verdict.Phase phase = result.verdict().phase();
        if (result.end() == PollLoop.End.DECIDED && !phase.isFailure()) {
            String how = phase == Verdict.Phase.TRAFFIC_SHIFTED ? "now takes all production traffic (CodeDeploy"
                    + " keeps the original task set until its termination wait ends and can still roll back)"
                    : "is deployed";
            context.log().notice(revision + " " + how + " on " + service.serviceName() + " (codedeploy, "
                    + seconds(startedAt) + "s).");
            context.outputs().set(ActionOutput.ROLLED_BACK, false);
            report(deploymentId, DeploymentStatus.SUCCESSFUL, false, null, List.of(), consoleUrl);
            summary(deploymentId, revision, previousArn, "✅ " + (phase == Verdict.Phase.TRAFFIC_SHIFTED
                    ? "traffic shifted" : "successful"), startedAt, consoleUrl);
            return;
        }
        if (result.end() == PollLoop.End.CANCELLED) {
            boolean stopped = settings.rollbackOnFailure() && stopWithRollback(deploymentId);
            String reason = "Cancelled (" + context.cancellation().reason() + ") while deploying " + revision
                    + (stopped ? "; CodeDeploy is rolling back to the original task set." : ".");
            fail(DeploymentStatus.CANCELLED, stopped, reason, "Deployment cancelled", Diagnosis.of(null),
                    deploymentId, revision, previousArn, startedAt, consoleUrl);
        }
        String codeDeployReason = result.deployment() == null ? null
                : CodeDeployVerdicts.reason(result.deployment());
        Diagnosis diagnosis = diagnose(taskDefinitionArn, startedAt)
                .reportedBy("CodeDeploy", phase == Verdict.Phase.FAILED && result.verdict().reason() != null
                        ? result.verdict().reason() : codeDeployReason);
        if (result.end() == PollLoop.End.TIMED_OUT) {
            boolean stopped = settings.rollbackOnFailure() && stopWithRollback(deploymentId);
            String reason = revision + " was not deployed within " + describe(settings.timeout())
                    + (stopped ? " and CodeDeploy is rolling back" : "") + ": " + diagnosis.rootCause();
            fail(DeploymentStatus.TIMED_OUT, stopped, reason, "Timed out: " + diagnosis.rootCause(), diagnosis,
                    deploymentId, revision, previousArn, startedAt, consoleUrl);
        }
        if (phase == Verdict.Phase.ROLLED_BACK || phase == Verdict.Phase.ROLLING_BACK) {
            String reason = revision + " failed and CodeDeploy rolled " + service.serviceName() + " back"
                    + (previousArn == null ? "" : " to " + revisionName(previousArn)) + ": " + diagnosis.rootCause()
                    + (diagnosis.ecsReason() == null || diagnosis.rootCause().equals(diagnosis.ecsReason()) ? ""
                    : " (" + diagnosis.ecsReason() + ")");
            fail(DeploymentStatus.ROLLED_BACK, true, reason, "Rolled back: " + diagnosis.rootCause(), diagnosis,
                    deploymentId, revision, previousArn, startedAt, consoleUrl);
        }
        boolean stopped = phase == Verdict.Phase.STOPPED;
        String reason = revision + (stopped ? " did not finish: " + result.verdict().reason()
                : " failed and CodeDeploy did not roll it back (automatic rollback is off for "
                + deploymentGroup + "): " + diagnosis.rootCause());
        fail(DeploymentStatus.FAILED, false, reason, (stopped ? "Stopped: " : "Failed: ") + diagnosis.rootCause(),
                diagnosis, deploymentId, revision, previousArn, startedAt, consoleUrl);
    }

    /** The deployment of this group that is still running, if any (CodeDeploy runs one at a time per group). */
    public java.util.Optional<String> ongoing() {
        return codeDeploy.listDeployments(r -> r.applicationName(application).deploymentGroupName(deploymentGroup)
                        .includeOnlyStatusesWithStrings("Created", "Queued", "InProgress", "Ready", "Baking"))
                .deployments().stream().findFirst();
    }

    /**
     * {@code rollback} of a running deployment: StopDeployment with automatic rollback, then wait until CodeDeploy
     * has put the original task set back. Returns when it has; throws when it could not.
     */
    public void stopAndWait(String deploymentId) {
        String consoleUrl = ConsoleLinks.codeDeployDeployment(context.region(), deploymentId);
        context.outputs().set(ActionOutput.DEPLOYMENT_ID, deploymentId);
        context.outputs().set(ActionOutput.CONSOLE_URL, consoleUrl);
        boolean asked = stopWithRollback(deploymentId);
        CodeDeployWatcher.Result result;
        try (ActionLog.Group ignored = context.log().group("Waiting for the rollback")) {
            result = new CodeDeployWatcher(codeDeploy, context.aws().ecs(), context.log(), context.cancellation(),
                    context.clock()).watch(deploymentId, service.taskDefinition(), settings,
                    context.clock().instant());
        }
        Verdict.Phase phase = result.verdict().phase();
        boolean rolledBack = result.end() == PollLoop.End.DECIDED
                && (phase == Verdict.Phase.ROLLED_BACK || phase == Verdict.Phase.STOPPED);
        context.outputs().set(ActionOutput.ROLLED_BACK, rolledBack);
        report(deploymentId, rolledBack ? DeploymentStatus.SUCCESSFUL : DeploymentStatus.FAILED, rolledBack,
                rolledBack ? null : result.verdict().reason(), List.of(), consoleUrl);
        if (!rolledBack) {
            String reason = "The rollback of " + deploymentId + (asked ? "" : " (it had already finished)")
                    + " did not happen: " + (result.end() == PollLoop.End.DECIDED
                    ? phase + (result.verdict().reason() == null ? "" : ", " + result.verdict().reason())
                    : result.end().name());
            throw new StepFailedException(DeploymentStatus.FAILED, reason, Annotation.titled("Rollback failed"),
                    null);
        }
        context.log().notice("Stopped " + deploymentId + "; CodeDeploy moved " + service.serviceName()
                + " back to its original task set.");
    }

    /** The stopped tasks and events of the replacement task set: what CodeDeploy's one-line error leaves out. */
    private Diagnosis diagnose(String taskDefinitionArn, Instant startedAt) {
        var ecs = context.aws().ecs();
        var events = ecs.describeServices(r -> r.cluster(settings.cluster()).services(settings.service()))
                .services().stream().findFirst().map(Service::events).orElse(List.of());
        return new FailureDiagnosis(ecs, context.aws().logs()).diagnose(settings.cluster(), settings.service(),
                taskDefinitionArn, startedAt, null, events);
    }

    /** StopDeployment with automatic rollback: traffic goes back to the original task set. */
    private boolean stopWithRollback(String deploymentId) {
        try {
            StopDeploymentResponse response = codeDeploy.stopDeployment(r -> r.deploymentId(deploymentId)
                    .autoRollbackEnabled(true));
            context.log().info("Asked CodeDeploy to stop " + deploymentId + " and roll back: "
                    + response.statusAsString() + (response.statusMessage() == null ? ""
                    : " (" + response.statusMessage() + ")"));
            return true;
        } catch (software.amazon.awssdk.services.codedeploy.model.DeploymentAlreadyCompletedException e) {
            return false;
        }
    }

    private void fail(DeploymentStatus status, boolean rolledBack, String reason, String title, Diagnosis diagnosis,
                      String deploymentId, String revision, String previousArn, Instant startedAt,
                      String consoleUrl) {
        context.outputs().set(ActionOutput.ROLLED_BACK, rolledBack);
        report(deploymentId, status, rolledBack, reason, diagnosis.topCauses(3), consoleUrl);
        summary(deploymentId, revision, previousArn, "❌ " + status, startedAt, consoleUrl);
        diagnosis.appendTo(context.summary());
        throw new StepFailedException(status, reason, Annotation.titled(shorten(title)), null);
    }

    private void report(String deploymentId, DeploymentStatus status, boolean rolledBack, String reason,
                        List<String> causes, String consoleUrl) {
        context.state().put(Results.DEPLOYMENT, new DeploymentReport(settings.cluster(), settings.service(), "codedeploy",
                deploymentId, status, rolledBack, reason, causes, consoleUrl));
    }

    private void summary(String deploymentId, String revision, String previousArn, String result, Instant startedAt,
                         String consoleUrl) {
        context.summary().heading(3, "Deployment").table(List.of("", ""), List.of(
                List.of("service", "`" + settings.service() + "` in `" + settings.cluster() + "`"),
                List.of("strategy", "codedeploy (" + application + " / " + deploymentGroup
                        + (deploymentConfig == null ? "" : ", " + deploymentConfig) + ")"),
                List.of("revision", "`" + revision + "`" + (previousArn == null ? ""
                        : " (was `" + revisionName(previousArn) + "`)")),
                List.of("result", result + " after " + seconds(startedAt) + " s"),
                List.of("deployment", "[" + deploymentId + "](" + consoleUrl + ")")));
    }

    private static String given(ActionInputs inputs, Input input, String fallback) {
        String value = inputs.string(input);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private long seconds(Instant since) {
        return Duration.between(since, context.clock().instant()).toSeconds();
    }

    static String revisionName(String taskDefinitionArn) {
        return taskDefinitionArn == null ? "?" : taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }

    private static String describe(Duration duration) {
        return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + "m" : duration.toSeconds() + "s";
    }

    private static String shorten(String text) {
        return text.length() <= TITLE_LENGTH ? text : text.substring(0, TITLE_LENGTH - 1) + "…";
    }
}
