package dev.ecsdeploy.pipeline;

/** The {@code deployment-status} output: how the run ended, in words a workflow can branch on. */
public enum DeploymentStatus {
    SUCCESSFUL, FAILED, ROLLED_BACK, TIMED_OUT, CANCELLED, SKIPPED, DRY_RUN;

    /** Exit status 0 for success, skip or dry run; 1 for every way a deployment can end badly. */
    public boolean isSuccess() {
        return this == SUCCESSFUL || this == SKIPPED || this == DRY_RUN;
    }
}
