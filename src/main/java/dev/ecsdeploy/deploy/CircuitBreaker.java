package dev.ecsdeploy.deploy;

/**
 * The {@code circuit-breaker} input as ECS's {@code deploymentCircuitBreaker {enable, rollback}}. With DETECT, ECS
 * marks a failing deployment FAILED and stops launching its tasks but leaves the service as it is; the action's own
 * {@code rollback-on-failure} then decides whether the previous revision is deployed again.
 */
public enum CircuitBreaker {
    /** {@code true}: detect and roll back (ECS deploys the last completed revision). */
    ROLLBACK(true, true),
    /** {@code detect}: detect without rolling back. */
    DETECT(true, false),
    /** {@code false}: off; ECS keeps trying to start tasks. */
    OFF(false, false);

    private final boolean enable;
    private final boolean rollback;

    CircuitBreaker(boolean enable, boolean rollback) {
        this.enable = enable;
        this.rollback = rollback;
    }

    /** The input's value (already one of its choices): true, detect or false. */
    static CircuitBreaker of(String input) {
        return switch (input) {
            case "detect" -> DETECT;
            case "false" -> OFF;
            default -> ROLLBACK;
        };
    }

    public boolean enable() {
        return enable;
    }

    public boolean rollback() {
        return rollback;
    }
}
