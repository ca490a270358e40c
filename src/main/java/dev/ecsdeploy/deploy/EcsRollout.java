package dev.ecsdeploy.deploy;

import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.pipeline.DeploymentReport;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.StepFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * One deployment of a revision to an ECS-controller service (rolling, blue/green, linear or canary), start to verdict:
 * the UpdateService call, the wait, and the truth about how it ended. Success returns; every other ending throws a
 * {@link StepFailedException} with the status, the root cause and the evidence in the job summary. On a timeout,
 * a cancellation, or a failure ECS did not roll back itself, it rolls back when {@code rollback-on-failure} says so.
 */
final class EcsRollout {
    private static final int TITLE_LENGTH = 160;

    private final RunContext context;
    private final DeploySettings settings;
    private final Strategy strategy;
    private final EcsClient ecs;
    private final EcsServiceDeployments deployments;

    EcsRollout(RunContext context, DeploySettings settings, Strategy strategy) {
        this.context = context;
        this.settings = settings;
        this.strategy = strategy;
        this.ecs = context.aws().ecs();
        this.deployments = new EcsServiceDeployments(ecs);
    }

    /**
     * @param taskDefinitionArn the revision to run
     * @param previousArn       the revision the service runs now, to go back to if this fails
     */
    void run(Service service, String taskDefinitionArn, String previousArn) {
        Instant startedAt = context.clock().instant();
        String revision = revisionName(taskDefinitionArn);
        String deploymentArn = deployments.start(
                        UpdateServiceRequests.build(service, taskDefinitionArn, settings, strategy),
                        startedAt.minusSeconds(5))
                .orElseThrow(() -> new StepFailedException("UpdateService accepted " + revision + " but ECS started"
                        + " no service deployment to follow."));
        String consoleUrl = ConsoleLinks.serviceDeployments(context.region(), settings.cluster(), settings.service());
        report(deploymentArn, null, false, null, List.of(), consoleUrl);
        context.outputs().set(ActionOutput.DEPLOYMENT_ID, deploymentArn);
        context.outputs().set(ActionOutput.CONSOLE_URL, consoleUrl);
        context.log().info("Started " + strategy.inputName() + " deployment of " + revision + " to "
                + settings.service() + " (" + deploymentArn + ").");
        if (!settings.waitForCompletion()) {
            context.log().notice("Not waiting for the deployment (wait: false); follow it at " + consoleUrl);
            context.outputs().set(ActionOutput.ROLLED_BACK, false);
            return;
        }
        EcsDeploymentWatcher.Result result;
        try (ActionLog.Group ignored = context.log().group("Waiting for " + settings.service() + " to run "
                + revision)) {
            result = new EcsDeploymentWatcher(ecs, context.log(), context.cancellation(), context.clock())
                    .watch(settings.cluster(), settings.service(), deploymentArn, taskDefinitionArn, settings,
                            startedAt);
        }
        conclude(result, deploymentArn, taskDefinitionArn, previousArn, startedAt, consoleUrl);
    }

    private void conclude(EcsDeploymentWatcher.Result result, String deploymentArn, String taskDefinitionArn,
                          String previousArn, Instant startedAt, String consoleUrl) {
        String revision = revisionName(taskDefinitionArn);
        Verdict.Phase phase = result.verdict().phase();
        if (result.end() == PollLoop.End.DECIDED && !phase.isFailure()) {
            String how = phase == Verdict.Phase.TRAFFIC_SHIFTED ? "now takes all production traffic (ECS keeps the"
                    + " previous revision through the bake time and can still roll back if an alarm fires)"
                    : "is deployed";
            context.log().notice(revision + " " + how + " on " + settings.service() + " ("
                    + strategy.inputName() + ", " + seconds(startedAt) + "s).");
            context.outputs().set(ActionOutput.ROLLED_BACK, false);
            report(deploymentArn, DeploymentStatus.SUCCESSFUL, false, null, List.of(), consoleUrl);
            summary(deploymentArn, revision, previousArn, "✅ " + (phase == Verdict.Phase.TRAFFIC_SHIFTED
                    ? "traffic shifted" : "successful"), startedAt, consoleUrl);
            return;
        }
        if (result.end() == PollLoop.End.CANCELLED) {
            boolean stopped = settings.rollbackOnFailure() && deployments.stopWithRollback(deploymentArn);
            String reason = "Cancelled (" + context.cancellation().reason() + ") while deploying " + revision
                    + (stopped ? "; ECS is rolling back to the previous revision." : ".");
            fail(DeploymentStatus.CANCELLED, stopped, reason, "Deployment cancelled", Diagnosis.of(null),
                    deploymentArn, revision, previousArn, startedAt, consoleUrl);
        }
        Diagnosis diagnosis = new FailureDiagnosis(ecs, context.aws().logs()).diagnose(settings.cluster(),
                settings.service(), taskDefinitionArn, startedAt, result.deployment(),
                result.service() == null ? List.of() : result.service().events());
        if (result.end() == PollLoop.End.TIMED_OUT) {
            boolean stopped = settings.rollbackOnFailure() && deployments.stopWithRollback(deploymentArn);
            String reason = revision + " was not deployed within " + describe(settings.timeout())
                    + (stopped ? " and ECS is rolling back" : "") + ": " + diagnosis.rootCause();
            fail(DeploymentStatus.TIMED_OUT, stopped, reason, "Timed out: " + diagnosis.rootCause(), diagnosis,
                    deploymentArn, revision, previousArn, startedAt, consoleUrl);
        }
        if (phase == Verdict.Phase.ROLLED_BACK || phase == Verdict.Phase.ROLLING_BACK) {
            String reason = revision + " failed and ECS rolled " + settings.service() + " back"
                    + (previousArn == null ? "" : " to " + revisionName(previousArn)) + ": " + diagnosis.rootCause()
                    + (diagnosis.ecsReason() == null || diagnosis.rootCause().equals(diagnosis.ecsReason()) ? ""
                    : " (" + diagnosis.ecsReason() + ")");
            fail(DeploymentStatus.ROLLED_BACK, true, reason, "Rolled back: " + diagnosis.rootCause(), diagnosis,
                    deploymentArn, revision, previousArn, startedAt, consoleUrl);
        }
        boolean superseded = phase == Verdict.Phase.STOPPED;
        boolean rolledBack = !superseded && settings.rollbackOnFailure() && previousArn != null
                && rollBackTo(previousArn);
        String reason = revision + (superseded ? " did not finish: " + result.verdict().reason()
                : " failed" + (rolledBack ? " and was rolled back to " + revisionName(previousArn) : "") + ": "
                + diagnosis.rootCause());
        fail(rolledBack ? DeploymentStatus.ROLLED_BACK : DeploymentStatus.FAILED, rolledBack, reason,
                (superseded ? "Stopped: " : "Failed: ") + diagnosis.rootCause(), diagnosis, deploymentArn, revision,
                previousArn, startedAt, consoleUrl);
    }

    /** ECS left the failed deployment in place: deploy the previous revision again and wait for it. */
    private boolean rollBackTo(String previousArn) {
        context.log().info("ECS did not roll back; deploying " + revisionName(previousArn) + " again.");
        Instant startedAt = context.clock().instant();
        Service service = ecs.describeServices(r -> r.cluster(settings.cluster()).services(settings.service()))
                .services().getFirst();
        var arn = deployments.start(UpdateServiceRequests.build(service, previousArn, settings, strategy),
                startedAt.minusSeconds(5));
        if (arn.isEmpty()) {
            return false;
        }
        EcsDeploymentWatcher.Result result = new EcsDeploymentWatcher(ecs, context.log(), context.cancellation(),
                context.clock()).watch(settings.cluster(), settings.service(), arn.get(), previousArn, settings,
                startedAt);
        return result.end() == PollLoop.End.DECIDED
                && result.verdict().phase() == Verdict.Phase.SUCCEEDED;
    }

    private void fail(DeploymentStatus status, boolean rolledBack, String reason, String title, Diagnosis diagnosis,
                      String deploymentArn, String revision, String previousArn, Instant startedAt,
                      String consoleUrl) {
        context.outputs().set(ActionOutput.ROLLED_BACK, rolledBack);
        report(deploymentArn, status, rolledBack, reason, diagnosis.topCauses(3), consoleUrl);
        summary(deploymentArn, revision, previousArn, "❌ " + status, startedAt, consoleUrl);
        diagnosis.appendTo(context.summary());
        throw new StepFailedException(status, reason, Annotation.titled(shorten(title)), null);
    }

    private void report(String deploymentId, DeploymentStatus status, boolean rolledBack, String reason,
                        List<String> causes, String consoleUrl) {
        context.state().put(Results.DEPLOYMENT, new DeploymentReport(settings.cluster(), settings.service(), strategy.inputName(),
                deploymentId, status, rolledBack, reason, causes, consoleUrl));
    }

    private void summary(String deploymentArn, String revision, String previousArn, String result, Instant startedAt,
                         String consoleUrl) {
        context.summary().heading(3, "Deployment").table(List.of("", ""), List.of(
                List.of("service", "`" + settings.service() + "` in `" + settings.cluster() + "`"),
                List.of("strategy", strategy.inputName()),
                List.of("revision", "`" + revision + "`" + (previousArn == null ? ""
                        : " (was `" + revisionName(previousArn) + "`)")),
                List.of("result", result + " after " + seconds(startedAt) + " s"),
                List.of("deployment", "[" + deploymentArn.substring(deploymentArn.lastIndexOf('/') + 1) + "]("
                        + consoleUrl + ")")));
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
