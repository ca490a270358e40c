package dev.ecsdeploy.sandbox.ecs;

/**
 * What will happen to a task once started, decided at launch from the world and the scenario.
 * {@code reason} is the stoppedReason ECS gives (null for tasks that run).
 */
public record TaskFate(Kind kind, String reason) {
    public enum Kind {
        /** Starts, passes health checks, runs until stopped. */
        RUNS,
        /** Starts, then fails its load balancer health checks and is replaced. */
        FAILS_HEALTH_CHECKS,
        /** Starts, then its essential container exits 1. */
        CRASHES,
        /** Never starts: the image cannot be pulled. */
        CANNOT_PULL,
        /** Never starts: secrets or the log group cannot be set up. */
        CANNOT_INITIALIZE
    }

    public static final TaskFate RUNS = new TaskFate(Kind.RUNS, null);

    public boolean failsToStart() {
        return kind == Kind.CANNOT_PULL || kind == Kind.CANNOT_INITIALIZE;
    }
}
