package dev.ecsdeploy.pipeline;

/** The run should not deploy at all (trigger gating): exit 0, {@code skipped=true}, nothing touched. */
public class SkipRunException extends RuntimeException {
    public SkipRunException(String reason) {
        super(reason);
    }
}
