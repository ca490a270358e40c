package dev.ecsdeploy.deploy;

/**
 * Where a tracked deployment stands.
 *
 * @param phase  see {@link Phase}
 * @param reason ECS's or CodeDeploy's own words for it, when there are any
 */
public record Verdict(Phase phase, String reason) {
    public enum Phase {
        /** Still going. */
        IN_PROGRESS,
        /** Test traffic is on the new revision and CodeDeploy waits for a go-ahead (ContinueDeployment) to shift
         * production traffic; it is still the previous revision's. */
        READY,
        /** Production traffic is all on the new revision; bake time and clean-up may still run. */
        TRAFFIC_SHIFTED,
        /** Done, and the service runs the deployed revision. */
        SUCCEEDED,
        /** Failed, and ECS or CodeDeploy is rolling back. */
        ROLLING_BACK,
        /** Failed and rolled back: the service runs the previous revision again. */
        ROLLED_BACK,
        /** Failed and nothing rolled it back (or the rollback itself failed). */
        FAILED,
        /** Stopped or superseded by another deployment before it finished. */
        STOPPED;

        public boolean isTerminal() {
            return this == SUCCEEDED || this == ROLLED_BACK || this == FAILED || this == STOPPED;
        }

        public boolean isFailure() {
            return this == ROLLING_BACK || this == ROLLED_BACK || this == FAILED || this == STOPPED;
        }
    }

    static Verdict of(Phase phase, String reason) {
        return new Verdict(phase, reason);
    }
}
