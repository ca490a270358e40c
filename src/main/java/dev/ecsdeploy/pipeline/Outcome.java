package dev.ecsdeploy.pipeline;

/**
 * How a run ended.
 *
 * @param status        the deployment-status output
 * @param exitCode      0 success, skipped or dry run; 1 failed, rolled back, timed out or cancelled; 2 bad input
 * @param failureReason one line saying why, or null on success
 * @param failedStep    the step that failed, or null
 */
public record Outcome(DeploymentStatus status, int exitCode, String failureReason, String failedStep) {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    public static Outcome of(DeploymentStatus status) {
        return new Outcome(status, status.isSuccess() ? EXIT_OK : EXIT_FAILED, null, null);
    }

    public boolean succeeded() {
        return exitCode == EXIT_OK;
    }

    public boolean skipped() {
        return status == DeploymentStatus.SKIPPED;
    }
}
