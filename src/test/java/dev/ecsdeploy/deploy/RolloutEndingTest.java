package dev.ecsdeploy.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ecsdeploy.deploy.RolloutEnding.Action;
import dev.ecsdeploy.deploy.RolloutEnding.Cause;
import dev.ecsdeploy.deploy.RolloutEnding.FollowUp;
import dev.ecsdeploy.deploy.RolloutEnding.WaitEnd;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a rollout ends, for both controllers. The rows marked "today" are the behaviour EcsRollout and
 * CodeDeployRollout had in their conclude/fail paths; the rest are issue 15's endings (STARTED, TRAFFIC_SHIFTED,
 * UNKNOWN, rolled-back only once seen).
 */
class RolloutEndingTest {
    @ParameterizedTest(name = "{0}/{1} by-itself={2} rof={3} prev={4} cmd={5}, {9} → {6} {7} {8}, {10}"
            + " rolled-back={11}")
    @CsvSource(delimiter = '|', value = {
            // end       | phase           |self |rof  |prev |cmd  | status          | action             | cause                    | follow-up        | settled        | rolled back
            // today: success, both controllers
            "DECIDED     | SUCCEEDED       |false|true |true |false| SUCCESSFUL      | NONE               | SUCCEEDED                | NONE_NEEDED      | SUCCESSFUL     | false",
            "DECIDED     | SUCCEEDED       |true |true |true |false| SUCCESSFUL      | NONE               | SUCCEEDED                | NONE_NEEDED      | SUCCESSFUL     | false",
            // today: command rollback deploying an earlier revision writes rolled-back=true on success
            "DECIDED     | SUCCEEDED       |false|true |true |true | SUCCESSFUL      | NONE               | SUCCEEDED                | NONE_NEEDED      | SUCCESSFUL     | true",
            // new: wait-until traffic-shifted (today SUCCESSFUL)
            "DECIDED     | TRAFFIC_SHIFTED |false|true |true |false| TRAFFIC_SHIFTED | NONE               | TRAFFIC_SHIFTED          | NONE_NEEDED      | TRAFFIC_SHIFTED| false",
            "DECIDED     | TRAFFIC_SHIFTED |true |true |true |false| TRAFFIC_SHIFTED | NONE               | TRAFFIC_SHIFTED          | NONE_NEEDED      | TRAFFIC_SHIFTED| false",
            // issue 17.5: wait-until ready, CodeDeploy waits for the go-ahead: exit 0, nothing to stop
            "DECIDED     | READY           |true |true |true |false| READY           | NONE               | READY                    | NONE_NEEDED      | READY          | false",
            // a ready wait that outlasts the timeout is a timeout like any other: stop with rollback
            "TIMED_OUT   | READY           |true |true |true |false| TIMED_OUT       | STOP_WITH_ROLLBACK | TIMED_OUT                | SEEN_COMPLETE    | TIMED_OUT      | true",
            "CANCELLED   | READY           |true |true |true |false| CANCELLED       | STOP_WITH_ROLLBACK | CANCELLED                | NOT_SEEN_COMPLETE| CANCELLED      | false",
            // new: wait false (today SUCCESSFUL)
            "NOT_WAITED  | IN_PROGRESS     |false|true |true |false| STARTED         | NONE               | STARTED                  | NONE_NEEDED      | STARTED        | false",
            "NOT_WAITED  | IN_PROGRESS     |true |true |true |false| STARTED         | NONE               | STARTED                  | NONE_NEEDED      | STARTED        | false",
            // today: cancelled with rollback-on-failure stops with rollback; new: rolled-back only once seen
            "CANCELLED   | IN_PROGRESS     |false|true |true |false| CANCELLED       | STOP_WITH_ROLLBACK | CANCELLED                | SEEN_COMPLETE    | CANCELLED      | true",
            "CANCELLED   | IN_PROGRESS     |false|true |true |false| CANCELLED       | STOP_WITH_ROLLBACK | CANCELLED                | NOT_SEEN_COMPLETE| CANCELLED      | false",
            "CANCELLED   | IN_PROGRESS     |true |true |true |false| CANCELLED       | STOP_WITH_ROLLBACK | CANCELLED                | COULD_NOT_ASK    | CANCELLED      | false",
            // today: cancelled without rollback-on-failure leaves it running
            "CANCELLED   | IN_PROGRESS     |false|false|true |false| CANCELLED       | NONE               | CANCELLED                | NONE_NEEDED      | CANCELLED      | false",
            // today: timed out stops with rollback (ECS and CodeDeploy); new: rolled-back only once seen
            "TIMED_OUT   | IN_PROGRESS     |false|true |true |false| TIMED_OUT       | STOP_WITH_ROLLBACK | TIMED_OUT                | SEEN_COMPLETE    | TIMED_OUT      | true",
            "TIMED_OUT   | IN_PROGRESS     |true |true |true |false| TIMED_OUT       | STOP_WITH_ROLLBACK | TIMED_OUT                | NOT_SEEN_COMPLETE| TIMED_OUT      | false",
            "TIMED_OUT   | ROLLING_BACK    |false|true |true |false| TIMED_OUT       | STOP_WITH_ROLLBACK | TIMED_OUT                | SEEN_COMPLETE    | TIMED_OUT      | true",
            "TIMED_OUT   | IN_PROGRESS     |false|false|true |false| TIMED_OUT       | NONE               | TIMED_OUT                | NONE_NEEDED      | TIMED_OUT      | false",
            // today: the controller rolled back by itself (circuit breaker, alarms, CodeDeploy auto-rollback)
            "DECIDED     | ROLLED_BACK     |false|true |true |false| ROLLED_BACK     | NONE               | ROLLED_BACK_BY_CONTROLLER| NONE_NEEDED      | ROLLED_BACK    | true",
            "DECIDED     | ROLLED_BACK     |true |false|true |false| ROLLED_BACK     | NONE               | ROLLED_BACK_BY_CONTROLLER| NONE_NEEDED      | ROLLED_BACK    | true",
            // today: superseded or stopped by someone: FAILED, nothing redeployed
            "DECIDED     | STOPPED         |false|true |true |false| FAILED          | NONE               | SUPERSEDED               | NONE_NEEDED      | FAILED         | false",
            "DECIDED     | STOPPED         |true |true |true |false| FAILED          | NONE               | SUPERSEDED               | NONE_NEEDED      | FAILED         | false",
            // today: ECS left the failure in place: deploy the previous revision again
            "DECIDED     | FAILED          |false|true |true |false| FAILED          | REDEPLOY_PREVIOUS  | FAILED                   | SEEN_COMPLETE    | ROLLED_BACK    | true",
            "DECIDED     | FAILED          |false|true |true |false| FAILED          | REDEPLOY_PREVIOUS  | FAILED                   | NOT_SEEN_COMPLETE| FAILED         | false",
            "DECIDED     | FAILED          |false|true |false|false| FAILED          | NONE               | FAILED                   | NONE_NEEDED      | FAILED         | false",
            "DECIDED     | FAILED          |false|false|true |false| FAILED          | NONE               | FAILED                   | NONE_NEEDED      | FAILED         | false",
            // today: CodeDeploy's group does not roll back automatically: left failed
            "DECIDED     | FAILED          |true |true |true |false| FAILED          | NONE               | FAILED                   | NONE_NEEDED      | FAILED         | false",
            // new: AWS stopped answering, or the deployment vanished: the outcome is unknown, nothing to stop
            "UNREACHABLE | IN_PROGRESS     |false|true |true |false| UNKNOWN         | NONE               | UNREACHABLE              | NONE_NEEDED      | UNKNOWN        | false",
            "UNREACHABLE | TRAFFIC_SHIFTED |true |true |true |false| UNKNOWN         | NONE               | UNREACHABLE              | NONE_NEEDED      | UNKNOWN        | false",
            "VANISHED    | IN_PROGRESS     |false|true |true |false| UNKNOWN         | NONE               | VANISHED                 | NONE_NEEDED      | UNKNOWN        | false",
            "VANISHED    | IN_PROGRESS     |true |true |true |false| UNKNOWN         | NONE               | VANISHED                 | NONE_NEEDED      | UNKNOWN        | false",
    })
    void decidesAndSettlesEveryEnding(WaitEnd end, Verdict.Phase phase, boolean rollsBackByItself,
                                      boolean rollbackOnFailure, boolean hasPrevious, boolean rollbackCommand,
                                      DeploymentStatus status, Action action, Cause cause, FollowUp followUp,
                                      DeploymentStatus settled, boolean rolledBack) {
        RolloutEnding.Seen seen = new RolloutEnding.Seen(end, phase, rollsBackByItself, rollbackOnFailure,
                hasPrevious, rollbackCommand, false);
        RolloutEnding.Decision decision = RolloutEnding.decide(seen);

        assertEquals(new RolloutEnding.Decision(status, action, cause), decision);
        assertEquals(new RolloutEnding.Settled(settled, rolledBack), RolloutEnding.settle(seen, decision, followUp));
        assertEquals(settled.isSuccess(), settled == DeploymentStatus.SUCCESSFUL || settled == DeploymentStatus.STARTED
                || settled == DeploymentStatus.TRAFFIC_SHIFTED || settled == DeploymentStatus.READY,
                "exit 0 only for these");
    }

    @ParameterizedTest(name = "{0} stopped by a request → {1}, rolled-back={3}")
    @CsvSource(delimiter = '|', value = {
            "ROLLING_BACK | ROLLED_BACK | STOPPED_BY_REQUEST             | true",
            "ROLLED_BACK  | ROLLED_BACK | STOPPED_BY_REQUEST             | true",
            // CodeDeploy stopped before it changed anything, or without rollback: said so, nothing claimed
            "STOPPED      | FAILED      | STOPPED_BY_REQUEST_NO_ROLLBACK | false",
    })
    void aRollbackSomeoneElseAskedForIsSaidSoNotCalledAFailure(Verdict.Phase phase, DeploymentStatus status,
                                                              Cause cause, boolean rolledBack) {
        RolloutEnding.Seen seen = new RolloutEnding.Seen(WaitEnd.DECIDED, phase, false, true, true, false, true);
        RolloutEnding.Decision decision = RolloutEnding.decide(seen);

        assertEquals(new RolloutEnding.Decision(status, Action.NONE, cause), decision);
        assertEquals(new RolloutEnding.Settled(status, rolledBack), RolloutEnding.settle(seen, decision,
                FollowUp.NONE_NEEDED));
    }

    @ParameterizedTest(name = "rollback command: {0} after {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "SEEN_COMPLETE     | DECIDED     | SUCCESSFUL",
            "NOT_SEEN_COMPLETE | DECIDED     | FAILED",
            "NOT_SEEN_COMPLETE | TIMED_OUT   | FAILED",
            "NOT_SEEN_COMPLETE | CANCELLED   | CANCELLED",
            "NOT_SEEN_COMPLETE | UNREACHABLE | UNKNOWN",
            "NOT_SEEN_COMPLETE | VANISHED    | UNKNOWN",
            "COULD_NOT_ASK     |             | UNKNOWN",
    })
    void stoppingARunningDeploymentIsSuccessfulOnlyOnceTheRollbackIsSeen(FollowUp followUp, PollLoop.End end,
                                                                       DeploymentStatus status) {
        assertEquals(status, RolloutEnding.stopped(followUp, end));
    }
}
