package dev.ecsdeploy.deploy;

import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.InputParsers;
import dev.ecsdeploy.deploy.RolloutEnding.Action;
import dev.ecsdeploy.deploy.RolloutEnding.Cause;
import dev.ecsdeploy.deploy.RolloutEnding.FollowUp;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.DeploymentReport;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.StepFailedException;
import dev.ecsdeploy.util.Annotation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * One deployment of a revision through a {@link DeploymentController}, start to verdict, for every controller: start
 * it, follow it, let {@link RolloutEnding} decide the ending, do what it says (stop with rollback and follow the
 * rollback, or deploy the previous revision again), and then, in this one place, write the outputs, the report and
 * the summary, and throw for every ending that is not a success.
 */
public final class Rollout {
    /** How long AWS may not answer before the outcome is called unknown; ECS_DEPLOY_UNREACHABLE_WINDOW overrides. */
    static final Duration UNREACHABLE_WINDOW = Duration.ofMinutes(2);
    static final String UNREACHABLE_WINDOW_ENV = "ECS_DEPLOY_UNREACHABLE_WINDOW";
    /** Following a rollback after a timeout: at most this, or the timeout when it is shorter. */
    static final Duration FOLLOW_AFTER_STOP = Duration.ofMinutes(2);
    /** After a cancellation the runner kills the container ~7.5 s after SIGTERM; the stop itself takes up to 3 s. */
    static final Duration FOLLOW_AFTER_CANCEL = Duration.ofSeconds(4);
    private static final int TITLE_LENGTH = 160;

    private final RunContext context;
    private final DeploySettings settings;
    private final DeploymentController controller;
    private final PollLoop loop;
    private final Duration unreachableWindow;

    public Rollout(RunContext context, DeploySettings settings, DeploymentController controller) {
        this.context = context;
        this.settings = settings;
        this.controller = controller;
        this.loop = new PollLoop(context.log(), context.cancellation(), context.clock());
        this.unreachableWindow = unreachableWindow(context);
    }

    /** What following a stop (or a redeployment) saw. */
    private record Followed(FollowUp followUp, PollLoop.End end, String fault) {
    }

    /**
     * @param taskDefinitionArn the revision to run
     * @param previousArn       the revision the service runs now, to go back to if this fails
     * @param rollbackCommand   this is {@code command: rollback} deploying an earlier revision
     */
    public void run(Service service, String taskDefinitionArn, String previousArn, boolean rollbackCommand) {
        Instant startedAt = context.clock().instant();
        String revision = revisionName(taskDefinitionArn);
        DeploymentController.Started started;
        try {
            started = controller.start(service, taskDefinitionArn);
        } catch (SdkClientException e) {
            throw noAnswerToStart(e, revision, startedAt);
        }
        String id = started.deploymentId();
        report(id, null, false, null, List.of(), started.consoleUrl());
        context.outputs().set(ActionOutput.DEPLOYMENT_ID, id);
        context.outputs().set(ActionOutput.CONSOLE_URL, started.consoleUrl());
        context.log().info("Started " + controller.strategyName() + " deployment of " + revision + " to "
                + settings.service() + " (" + id + ").");
        follow(id, started.consoleUrl(), taskDefinitionArn, previousArn, rollbackCommand, settings.untilReady(),
                startedAt);
    }

    /**
     * {@code command: continue}: gives a deployment waiting for the go-ahead (CodeDeploy's ready or termination
     * wait) the go-ahead, then follows it to its end as a deploy does.
     */
    public void continueWaiting(DeploymentController.Waiting waiting) {
        Instant startedAt = context.clock().instant();
        String id = waiting.deploymentId();
        String consoleUrl = controller.consoleUrl(id);
        controller.proceed(waiting);
        report(id, null, false, null, List.of(), consoleUrl);
        context.outputs().set(ActionOutput.DEPLOYMENT_ID, id);
        context.outputs().set(ActionOutput.CONSOLE_URL, consoleUrl);
        context.log().info("Continued " + id + " of " + revisionName(waiting.taskDefinitionArn()) + " on "
                + settings.service() + ": " + (waiting.type() == DeploymentController.WaitType.READY
                ? controller.who() + " now shifts production traffic." : "the original task set goes now."));
        // Already past the ready wait: wait-until: ready (say, from a config file shared with the deploy job) is
        // not an ending here, even if a look still sees Ready just after the go-ahead.
        follow(id, consoleUrl, waiting.taskDefinitionArn(), waiting.previousArn(), false, false, startedAt);
    }

    /** Follows a started deployment, decides its ending, does what that says and writes it. */
    private void follow(String id, String consoleUrl, String taskDefinitionArn, String previousArn,
                        boolean rollbackCommand, boolean untilReady, Instant startedAt) {
        String revision = revisionName(taskDefinitionArn);
        DeploymentController.Watched watched = null;
        RolloutEnding.WaitEnd end = RolloutEnding.WaitEnd.NOT_WAITED;
        if (settings.waitForCompletion()) {
            try (ActionLog.Group ignored = context.log().group("Waiting for " + settings.service() + " to run "
                    + revision)) {
                watched = controller.watch(loop, id, taskDefinitionArn, startedAt, new PollLoop.Bounds(
                        startedAt.plus(settings.timeout()), settings.pollInterval(), unreachableWindow,
                        settings.untilTrafficShifted(), true, untilReady));
            }
            end = RolloutEnding.WaitEnd.valueOf(watched.ended().end().name());
        }
        Verdict.Phase phase = watched == null ? Verdict.Phase.IN_PROGRESS : watched.verdict().phase();
        RolloutEnding.Seen seen = new RolloutEnding.Seen(end, phase, controller.rollsBackByItself(),
                settings.rollbackOnFailure(), previousArn != null, rollbackCommand,
                watched != null && watched.stoppedByRequest());
        RolloutEnding.Decision decision = RolloutEnding.decide(seen);
        Diagnosis diagnosis = needsDiagnosis(decision.cause()) ? diagnose(taskDefinitionArn, startedAt, watched)
                : Diagnosis.of(null);
        Followed followed = switch (decision.action()) {
            case NONE -> new Followed(FollowUp.NONE_NEEDED, null, null);
            case STOP_WITH_ROLLBACK -> stopAndFollow(id, previousArn);
            case REDEPLOY_PREVIOUS -> redeploy(previousArn);
        };
        RolloutEnding.Settled settled = RolloutEnding.settle(seen, decision, followed.followUp());
        String reason = reason(decision, settled, followed, watched, diagnosis, revision, previousArn, id,
                consoleUrl, startedAt);
        end(id, consoleUrl, settled, reason, title(decision.cause(), diagnosis, watched), diagnosis,
                revision, previousArn, startedAt);
    }

    /**
     * The call that starts the deployment (UpdateService, CreateDeployment) got no answer: it timed out or its
     * connection dropped, so AWS may have carried it out. Not a failure: the outcome is UNKNOWN, and the service is
     * read once more to say what it shows now (a deployment in progress, or none).
     */
    private StepFailedException noAnswerToStart(SdkClientException e, String revision, Instant startedAt) {
        String consoleUrl = ConsoleLinks.serviceDeployments(context.region(), settings.cluster(), settings.service());
        String seenNow;
        String id = null;
        try {
            Service now = context.aws().ecs().describeServices(r -> r.cluster(settings.cluster())
                    .services(settings.service()).overrideConfiguration(AwsCalls.BOUNDED)).services().stream()
                    .findFirst().orElse(null);
            id = now == null ? null : controller.ongoing(now).orElse(null);
            seenNow = now == null ? settings.service() + " is no longer found"
                    : id == null ? settings.service() + " shows no deployment in progress (it runs "
                    + revisionName(now.taskDefinition()) + ")"
                    : settings.service() + " now shows deployment " + id + " in progress, which may be this one";
        } catch (SdkException again) {
            seenNow = settings.service() + " could not be read either (" + again.getMessage() + ")";
        }
        if (id != null) {
            context.outputs().set(ActionOutput.DEPLOYMENT_ID, id);
            consoleUrl = controller.consoleUrl(id);
        }
        context.outputs().set(ActionOutput.CONSOLE_URL, consoleUrl);
        context.outputs().set(ActionOutput.ROLLED_BACK, false);
        String reason = "The outcome of " + revision + " is unknown: " + controller.who() + " did not answer the call"
                + " that starts its deployment (" + e.getMessage() + "), so the call may have taken effect. "
                + sentence(seenNow) + " Check " + settings.service() + " at " + consoleUrl + " before deploying"
                + " again.";
        report(id, DeploymentStatus.UNKNOWN, false, reason, List.of(), consoleUrl);
        summary(id == null ? "?" : id, consoleUrl, revision, null, "❌ unknown", startedAt);
        return new StepFailedException(DeploymentStatus.UNKNOWN, reason,
                Annotation.titled("Outcome unknown: the deployment call got no answer"), null);
    }

    /**
     * {@code command: rollback} of a deployment still running: stop it with rollback and follow until the service is
     * back on the previous revision. Returns when it is; throws when that was not seen.
     */
    public void stopRunning(String deploymentId, String returnToArn) {
        Instant startedAt = context.clock().instant();
        String consoleUrl = controller.consoleUrl(deploymentId);
        context.outputs().set(ActionOutput.DEPLOYMENT_ID, deploymentId);
        context.outputs().set(ActionOutput.CONSOLE_URL, consoleUrl);
        Followed followed = stopAndFollow(deploymentId, returnToArn);
        DeploymentStatus status = RolloutEnding.stopped(followed.followUp(), followed.end());
        boolean rolledBack = status == DeploymentStatus.SUCCESSFUL;
        String reason = rolledBack ? null : "The rollback of " + deploymentId + " was not seen to finish"
                + followWords(followed, consoleUrl);
        context.outputs().set(ActionOutput.ROLLED_BACK, rolledBack);
        report(deploymentId, status, rolledBack, reason, List.of(), consoleUrl);
        summary(deploymentId, consoleUrl, revisionName(returnToArn), null,
                (rolledBack ? "✅ stopped and rolled back" : "❌ " + status), startedAt);
        if (!rolledBack) {
            throw new StepFailedException(status, reason, Annotation.titled("Rollback not seen to finish"), null);
        }
        context.log().notice("Stopped " + deploymentId + "; " + controller.who() + " moved " + settings.service()
                + " back to its previous revision.");
    }

    /** Stop with rollback, then follow the rollback for a bounded time: briefly after a cancellation. */
    private Followed stopAndFollow(String deploymentId, String returnToArn) {
        boolean cancelled = context.cancellation().isCancelled();
        try {
            controller.stopWithRollback(deploymentId);
        } catch (ApiCallTimeoutException e) {
            return new Followed(FollowUp.COULD_NOT_ASK, null, "AWS did not answer within "
                    + Durations.words(AwsCalls.STOP_TIMEOUT));
        } catch (SdkException e) {
            return new Followed(FollowUp.COULD_NOT_ASK, null, e.getMessage());
        }
        Duration bound = cancelled ? FOLLOW_AFTER_CANCEL
                : FOLLOW_AFTER_STOP.compareTo(settings.timeout()) < 0 ? FOLLOW_AFTER_STOP : settings.timeout();
        Instant now = context.clock().instant();
        Duration interval = cancelled && settings.pollInterval().toSeconds() > 1 ? Duration.ofSeconds(1)
                : settings.pollInterval();
        DeploymentController.Watched watched;
        try (ActionLog.Group ignored = context.log().group("Following the rollback (up to "
                + Durations.words(bound) + ")")) {
            watched = controller.watch(cancelled ? loop.ignoringCancellation() : loop, deploymentId, returnToArn,
                    now, new PollLoop.Bounds(now.plus(bound), interval,
                            unreachableWindow.compareTo(bound) < 0 ? unreachableWindow : bound, false, !cancelled));
        } catch (SdkException e) {
            return new Followed(FollowUp.NOT_SEEN_COMPLETE, null, e.getMessage());
        }
        Verdict.Phase phase = watched.verdict().phase();
        boolean complete = watched.ended().end() == PollLoop.End.DECIDED
                && (phase == Verdict.Phase.ROLLED_BACK || phase == Verdict.Phase.STOPPED);
        return new Followed(complete ? FollowUp.SEEN_COMPLETE : FollowUp.NOT_SEEN_COMPLETE, watched.ended().end(),
                watched.ended().fault());
    }

    /** The controller left the failed revision running: deploy the previous one again and wait for it. */
    private Followed redeploy(String previousArn) {
        context.log().info(controller.who() + " did not roll back; deploying " + revisionName(previousArn)
                + " again.");
        try {
            Instant startedAt = context.clock().instant();
            Service service = EcsServices.describe(context.aws().ecs(), settings.cluster(), settings.service());
            DeploymentController.Started started = controller.start(service, previousArn);
            DeploymentController.Watched watched = controller.watch(loop, started.deploymentId(), previousArn,
                    startedAt, new PollLoop.Bounds(startedAt.plus(settings.timeout()), settings.pollInterval(),
                            unreachableWindow, false, true));
            boolean back = watched.ended().end() == PollLoop.End.DECIDED
                    && watched.verdict().phase() == Verdict.Phase.SUCCEEDED;
            return new Followed(back ? FollowUp.SEEN_COMPLETE : FollowUp.NOT_SEEN_COMPLETE, watched.ended().end(),
                    watched.ended().fault());
        } catch (SdkException | StepFailedException e) {
            return new Followed(FollowUp.COULD_NOT_ASK, null, e.getMessage());
        }
    }

    private static boolean needsDiagnosis(Cause cause) {
        return cause == Cause.TIMED_OUT || cause == Cause.FAILED || cause == Cause.ROLLED_BACK_BY_CONTROLLER
                || cause == Cause.SUPERSEDED;
    }

    /** The evidence, when AWS gives it; a diagnosis that cannot be made must not hide the ending. */
    private Diagnosis diagnose(String taskDefinitionArn, Instant startedAt, DeploymentController.Watched watched) {
        try {
            return controller.diagnose(taskDefinitionArn, startedAt, watched);
        } catch (SdkException e) {
            context.log().info("Could not gather why it failed: " + e.getMessage());
            return Diagnosis.of(null);
        }
    }

    private String reason(RolloutEnding.Decision decision, RolloutEnding.Settled settled, Followed followed,
                          DeploymentController.Watched watched, Diagnosis diagnosis, String revision,
                          String previousArn, String id, String consoleUrl, Instant startedAt) {
        String who = controller.who();
        String previous = previousArn == null ? "the previous revision" : revisionName(previousArn);
        String verdictReason = watched == null ? null : watched.verdict().reason();
        String fault = watched == null ? null : watched.ended().fault();
        return switch (decision.cause()) {
            case SUCCEEDED -> revision + " is deployed on " + settings.service() + " (" + controller.strategyName()
                    + ", " + seconds(startedAt) + "s).";
            case TRAFFIC_SHIFTED -> revision + " now takes all production traffic on " + settings.service() + " ("
                    + controller.strategyName() + ", " + seconds(startedAt) + "s); " + who + " keeps the previous"
                    + " revision until its bake or termination wait ends and can still roll back.";
            case READY -> revision + " takes the test traffic on " + settings.service() + " (" + seconds(startedAt)
                    + "s); production traffic stays on " + previous + " until command: continue gives " + who
                    + " deployment " + id + " the go-ahead (or the deployment group's ready wait ends).";
            case STARTED -> "Not waiting for the deployment (wait: false); follow it at " + consoleUrl;
            case CANCELLED -> "Cancelled (" + context.cancellation().reason() + ") while deploying " + revision
                    + followWords(followed, consoleUrl);
            case TIMED_OUT -> revision + " was not deployed within " + Durations.words(settings.timeout())
                    + followWords(followed, consoleUrl) + ". " + sentence(diagnosis.rootCause() != null
                    ? "Cause: " + diagnosis.rootCause() : "Last seen: " + lastSeen(watched));
            case ROLLED_BACK_BY_CONTROLLER -> revision + " failed and " + who + " rolled " + settings.service()
                    + " back" + (previousArn == null ? "" : " to " + previous) + ": " + cause(diagnosis, watched)
                    + (diagnosis.ecsReason() == null || diagnosis.ecsReason().equals(diagnosis.rootCause()) ? ""
                    : " (" + diagnosis.ecsReason() + ")");
            case FAILED -> revision + " failed" + switch (decision.action()) {
                case REDEPLOY_PREVIOUS -> settled.rolledBack() ? " and was rolled back to " + previous
                        : " and deploying " + previous + " again was not seen to finish"
                        + (followed.fault() == null ? "" : " (" + followed.fault() + ")");
                default -> controller.rollsBackByItself() ? " and " + who + " did not roll it back (automatic"
                        + " rollback is off for its deployment group)"
                        : settings.rollbackOnFailure() ? "" : " and was left as it is (rollback-on-failure: false)";
            } + ": " + cause(diagnosis, watched);
            case STOPPED_BY_REQUEST -> revision + " was stopped by a rollback request (command: rollback, the console"
                    + " or the CLI), not by a failure, and " + who + " rolled " + settings.service() + " back"
                    + (previousArn == null ? "." : " to " + previous + ".");
            case STOPPED_BY_REQUEST_NO_ROLLBACK -> revision + " was stopped by a stop request (command: rollback,"
                    + " the console or the CLI), not by a failure, and nothing rolled it back"
                    + (verdictReason == null ? "" : " (" + verdictReason.replaceAll("\\.$", "") + ")")
                    + "; this run rolled nothing back either: check what " + settings.service() + " runs at "
                    + consoleUrl + ".";
            case SUPERSEDED -> revision + " was stopped before it finished: " + (verdictReason == null
                    ? "another deployment or a rollback replaced it" : verdictReason.replaceAll("\\.$", ""))
                    + "; this run rolled nothing back.";
            case UNREACHABLE -> "The outcome of " + revision + " is unknown: AWS stopped answering (" + fault
                    + "). " + sentence("Last seen: " + lastSeen(watched)) + " Deployment " + id + " may still be running: check it"
                    + " at " + consoleUrl + ", and check the network, the AWS endpoint and the credentials.";
            case VANISHED -> "The outcome of " + revision + " is unknown: " + fault + " (deleted, or AWS was reset"
                    + " while the deployment was followed). " + sentence("Last seen: " + lastSeen(watched))
                    + " Deployment " + id
                    + ": " + consoleUrl;
        };
    }

    /** What was done after a stop, and what could not be: never more than was seen. */
    private String followWords(Followed followed, String consoleUrl) {
        String who = controller.who();
        return switch (followed.followUp()) {
            case NONE_NEEDED -> settings.rollbackOnFailure() ? "" : "; it was left running (rollback-on-failure:"
                    + " false)";
            case SEEN_COMPLETE -> "; " + who + " stopped it and rolled back";
            case NOT_SEEN_COMPLETE -> "; " + who + " was asked to stop it and roll back, but the rollback was not"
                    + " seen to finish" + (followed.end() == null ? "" : " (" + followed.end().name().toLowerCase()
                    .replace('_', ' ') + ")") + ": check " + consoleUrl;
            case COULD_NOT_ASK -> "; it could not be stopped (" + followed.fault() + ") and may still be running:"
                    + " stop it at " + consoleUrl;
        };
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    private static String cause(Diagnosis diagnosis, DeploymentController.Watched watched) {
        if (diagnosis.rootCause() != null) {
            return diagnosis.rootCause();
        }
        String reason = watched == null ? null : watched.verdict().reason();
        return reason != null ? reason : "nothing found; last seen: " + lastSeen(watched);
    }

    private static String lastSeen(DeploymentController.Watched watched) {
        if (watched == null || watched.seen().isEmpty()) {
            return "no answer about the deployment yet";
        }
        return String.join("; ", watched.seen());
    }

    private static String title(Cause cause, Diagnosis diagnosis, DeploymentController.Watched watched) {
        String why = cause(diagnosis, watched);
        return switch (cause) {
            case CANCELLED -> "Deployment cancelled";
            case TIMED_OUT -> "Timed out: " + (diagnosis.rootCause() != null ? why : "the deployment did not finish");
            case ROLLED_BACK_BY_CONTROLLER -> "Rolled back: " + why;
            case SUPERSEDED -> "Stopped before it finished";
            case STOPPED_BY_REQUEST -> "Stopped by a rollback request";
            case STOPPED_BY_REQUEST_NO_ROLLBACK -> "Stopped by a request";
            case UNREACHABLE -> "Outcome unknown: AWS stopped answering";
            case VANISHED -> "Outcome unknown: the deployment vanished";
            default -> "Failed: " + why;
        };
    }

    /** The one place an ending is written: rolled-back once, the report, the summary, and the throw. */
    private void end(String id, String consoleUrl, RolloutEnding.Settled settled, String reason, String title,
                     Diagnosis diagnosis, String revision, String previousArn, Instant startedAt) {
        DeploymentStatus status = settled.status();
        context.outputs().set(ActionOutput.ROLLED_BACK, settled.rolledBack());
        boolean success = status.isSuccess();
        report(id, status, settled.rolledBack(), success ? null : reason, diagnosis.topCauses(3), consoleUrl);
        summary(id, consoleUrl, revision, previousArn, (success ? "✅ " : "❌ ") + status.name().toLowerCase()
                .replace('_', ' '), startedAt);
        diagnosis.appendTo(context.summary());
        diagnosis.logTo(context.log());
        if (success) {
            context.log().notice(reason);
            return;
        }
        throw new StepFailedException(status, reason, Annotation.titled(shorten(title)), null);
    }

    private void report(String deploymentId, DeploymentStatus status, boolean rolledBack, String reason,
                        List<String> causes, String consoleUrl) {
        context.state().put(Results.DEPLOYMENT, new DeploymentReport(settings.cluster(), settings.service(),
                controller.strategyName(), deploymentId, status, rolledBack, reason, causes, consoleUrl));
    }

    private void summary(String id, String consoleUrl, String revision, String previousArn, String result,
                         Instant startedAt) {
        context.summary().heading(3, "Deployment").table(List.of("", ""), List.of(
                List.of("service", "`" + settings.service() + "` in `" + settings.cluster() + "`"),
                List.of("strategy", controller.strategyDescription()),
                List.of("revision", "`" + revision + "`" + (previousArn == null ? ""
                        : " (was `" + revisionName(previousArn) + "`)")),
                List.of("result", result + " after " + seconds(startedAt) + " s"),
                List.of("deployment", "[" + id.substring(id.lastIndexOf('/') + 1) + "](" + consoleUrl + ")")));
    }

    private long seconds(Instant since) {
        return Duration.between(since, context.clock().instant()).toSeconds();
    }

    /** How long AWS may not answer a wait before its outcome is unknown: ECS_DEPLOY_UNREACHABLE_WINDOW, or 2m. */
    public static Duration unreachableWindow(RunContext context) {
        String given = context.env().get(UNREACHABLE_WINDOW_ENV);
        if (given == null || given.isBlank()) {
            return UNREACHABLE_WINDOW;
        }
        try {
            Duration window = InputParsers.duration(given);
            return window.isZero() ? UNREACHABLE_WINDOW : window;
        } catch (IllegalArgumentException e) {
            context.log().warning(UNREACHABLE_WINDOW_ENV + "=" + given + " is not a duration (e.g. 30s, 2m); using "
                    + Durations.words(UNREACHABLE_WINDOW) + ".");
            return UNREACHABLE_WINDOW;
        }
    }

    public static String revisionName(String taskDefinitionArn) {
        return taskDefinitionArn == null ? "?" : taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
    }

    private static String shorten(String text) {
        return text.length() <= TITLE_LENGTH ? text : text.substring(0, TITLE_LENGTH - 1) + "…";
    }
}
