package dev.ecsdeploy.deploy;

import dev.ecsdeploy.util.Decision;
import dev.ecsdeploy.pipeline.DeploymentStatus;

/**
 * How a rollout ends, decided once for every controller: from what was seen (how the wait ended and the verdict's
 * phase), whether the controller rolls back by itself, and {@code rollback-on-failure}, the status, what to do about
 * it, and why. Then, once that action has been followed, the status and {@code rolled-back} that are true. Pure;
 * table-tested in {@code RolloutEndingTest}.
 */
@Decision
public final class RolloutEnding {
    private RolloutEnding() {
    }

    /** How the wait ended; NOT_WAITED for {@code wait: false}. */
    public enum WaitEnd { NOT_WAITED, DECIDED, TIMED_OUT, CANCELLED, UNREACHABLE, VANISHED }

    /** What the action does about the ending before it reports it. */
    public enum Action {
        NONE,
        /** Stop the deployment with rollback, then follow the rollback for a bounded time. */
        STOP_WITH_ROLLBACK,
        /** The controller left the failed revision running: deploy the previous one again and wait for it. */
        REDEPLOY_PREVIOUS
    }

    /** Why, in one word the reason sentence is built from. */
    public enum Cause {
        SUCCEEDED, STARTED, TRAFFIC_SHIFTED,
        /** Test traffic on the new revision; CodeDeploy waits for the go-ahead ({@code wait-until: ready}). */
        READY, CANCELLED, TIMED_OUT, ROLLED_BACK_BY_CONTROLLER, FAILED, SUPERSEDED,
        /** Someone else stopped it with rollback (command: rollback, the console): not a failure of the revision. */
        STOPPED_BY_REQUEST,
        /** Someone else stopped it and nothing rolled it back (CodeDeploy: a stop before any change, or without). */
        STOPPED_BY_REQUEST_NO_ROLLBACK, UNREACHABLE, VANISHED
    }

    /** How following the action went. */
    public enum FollowUp {
        /** Nothing was to be followed. */
        NONE_NEEDED,
        /** The rollback (or the redeployment of the previous revision) was seen to finish. */
        SEEN_COMPLETE,
        /** Asked for, but not seen to finish within the bound. */
        NOT_SEEN_COMPLETE,
        /** AWS could not be asked (it did not answer). */
        COULD_NOT_ASK
    }

    /**
     * @param phase              the last verdict's phase
     * @param rollsBackByItself  the controller's own rollback is the only one (CodeDeploy: the group's automatic
     *                           rollback); false for ECS, where the action deploys the previous revision again
     * @param hasPrevious        a previous revision is known to go back to
     * @param rollbackCommand    this rollout is {@code command: rollback} deploying an earlier revision
     * @param stoppedByRequest   the controller says a stop request, not a failure, started its rollback
     */
    public record Seen(WaitEnd end, Verdict.Phase phase, boolean rollsBackByItself, boolean rollbackOnFailure,
                       boolean hasPrevious, boolean rollbackCommand, boolean stoppedByRequest) {
    }

    public record Decision(DeploymentStatus status, Action action, Cause cause) {
    }

    public record Settled(DeploymentStatus status, boolean rolledBack) {
    }

    public static Decision decide(Seen seen) {
        Action stop = seen.rollbackOnFailure() ? Action.STOP_WITH_ROLLBACK : Action.NONE;
        return switch (seen.end()) {
            case NOT_WAITED -> new Decision(DeploymentStatus.STARTED, Action.NONE, Cause.STARTED);
            case CANCELLED -> new Decision(DeploymentStatus.CANCELLED, stop, Cause.CANCELLED);
            case TIMED_OUT -> new Decision(DeploymentStatus.TIMED_OUT, stop, Cause.TIMED_OUT);
            // AWS is not answering or the deployment is gone: there is nothing to stop and no outcome to claim.
            case UNREACHABLE -> new Decision(DeploymentStatus.UNKNOWN, Action.NONE, Cause.UNREACHABLE);
            case VANISHED -> new Decision(DeploymentStatus.UNKNOWN, Action.NONE, Cause.VANISHED);
            case DECIDED -> decided(seen);
        };
    }

    private static Decision decided(Seen seen) {
        return switch (seen.phase()) {
            case SUCCEEDED -> new Decision(DeploymentStatus.SUCCESSFUL, Action.NONE, Cause.SUCCEEDED);
            case TRAFFIC_SHIFTED -> new Decision(DeploymentStatus.TRAFFIC_SHIFTED, Action.NONE,
                    Cause.TRAFFIC_SHIFTED);
            case READY -> new Decision(DeploymentStatus.READY, Action.NONE, Cause.READY);
            case ROLLED_BACK, ROLLING_BACK -> new Decision(DeploymentStatus.ROLLED_BACK, Action.NONE,
                    seen.stoppedByRequest() ? Cause.STOPPED_BY_REQUEST : Cause.ROLLED_BACK_BY_CONTROLLER);
            // Superseded or stopped by someone: going back would undo their deployment.
            case STOPPED -> new Decision(DeploymentStatus.FAILED, Action.NONE,
                    seen.stoppedByRequest() ? Cause.STOPPED_BY_REQUEST_NO_ROLLBACK : Cause.SUPERSEDED);
            case FAILED, IN_PROGRESS -> !seen.rollsBackByItself() && seen.rollbackOnFailure() && seen.hasPrevious()
                    ? new Decision(DeploymentStatus.FAILED, Action.REDEPLOY_PREVIOUS, Cause.FAILED)
                    : new Decision(DeploymentStatus.FAILED, Action.NONE, Cause.FAILED);
        };
    }

    /** The status and {@code rolled-back} once the action has been followed: rolled back only when seen so. */
    public static Settled settle(Seen seen, Decision decision, FollowUp followUp) {
        return switch (decision.action()) {
            case NONE -> new Settled(decision.status(), decision.cause() == Cause.ROLLED_BACK_BY_CONTROLLER
                    || decision.cause() == Cause.STOPPED_BY_REQUEST
                    || seen.rollbackCommand() && decision.status() == DeploymentStatus.SUCCESSFUL);
            case STOP_WITH_ROLLBACK -> new Settled(decision.status(), followUp == FollowUp.SEEN_COMPLETE);
            case REDEPLOY_PREVIOUS -> followUp == FollowUp.SEEN_COMPLETE
                    ? new Settled(DeploymentStatus.ROLLED_BACK, true)
                    : new Settled(DeploymentStatus.FAILED, false);
        };
    }

    /**
     * {@code command: rollback} of a running deployment: SUCCESSFUL only once the rollback was seen to finish;
     * UNKNOWN when AWS stopped answering or the deployment vanished; CANCELLED when cancelled meanwhile.
     *
     * @param end how following the rollback ended; null when it was not followed
     */
    public static DeploymentStatus stopped(FollowUp followUp, PollLoop.End end) {
        if (followUp == FollowUp.SEEN_COMPLETE) {
            return DeploymentStatus.SUCCESSFUL;
        }
        if (followUp == FollowUp.COULD_NOT_ASK || end == PollLoop.End.UNREACHABLE || end == PollLoop.End.VANISHED) {
            return DeploymentStatus.UNKNOWN;
        }
        return end == PollLoop.End.CANCELLED ? DeploymentStatus.CANCELLED : DeploymentStatus.FAILED;
    }
}
