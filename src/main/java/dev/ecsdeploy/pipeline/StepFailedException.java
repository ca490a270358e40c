package dev.ecsdeploy.pipeline;

import dev.ecsdeploy.util.Annotation;

/**
 * A step could not do its job: exit status 1. The message is the one-line {@code failure-reason}; the annotation's
 * title carries the root cause for the single {@code ::error} the run reports.
 */
public class StepFailedException extends RuntimeException {
    private final DeploymentStatus status;
    private final Annotation annotation;

    public StepFailedException(String reason) {
        this(DeploymentStatus.FAILED, reason, null, null);
    }

    public StepFailedException(DeploymentStatus status, String reason, Annotation annotation, Throwable cause) {
        super(reason, cause);
        this.status = status;
        this.annotation = annotation;
    }

    public DeploymentStatus status() {
        return status;
    }

    public Annotation annotation() {
        return annotation;
    }
}
