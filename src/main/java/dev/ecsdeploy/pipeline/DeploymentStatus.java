package dev.ecsdeploy.pipeline;

/** The {@code deployment-status} output: how the run ended, in words a workflow can branch on. */
public enum DeploymentStatus {
    SUCCESSFUL, FAILED, ROLLED_BACK, TIMED_OUT, CANCELLED, SKIPPED, DRY_RUN,
    /** {@code wait: false}: the deployment was started and not followed; its outcome is not known yet. */
    STARTED,
    /** {@code wait-until: traffic-shifted}: all production traffic is on the new revision; bake and a possible
     * rollback are still ahead. */
    TRAFFIC_SHIFTED,
    /** {@code wait-until: ready}: test traffic reaches the new revision and CodeDeploy waits for {@code command:
     * continue} to shift production traffic, which is still the previous revision's. */
    READY,
    /** The outcome could not be known: AWS stopped answering, or the deployment vanished. */
    UNKNOWN,
    /** Bad input or configuration (exit 2), found before anything in AWS changed: there was no deployment. */
    INVALID;

    /** Exit status 0 for success, a started, ready or traffic-shifted deployment, skip or dry run; 1 for the rest. */
    public boolean isSuccess() {
        return this == SUCCESSFUL || this == SKIPPED || this == DRY_RUN || this == STARTED
                || this == TRAFFIC_SHIFTED || this == READY;
    }
}
