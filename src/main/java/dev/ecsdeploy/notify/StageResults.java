package dev.ecsdeploy.notify;

import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.util.Decision;
import java.util.Set;

/**
 * The source workflow ran "build" and "deploy" as two jobs and sent each job's result ({@code needs.X.result}:
 * success, failure, cancelled, skipped) to Slack. This action runs both stages in one step, so the results are
 * derived from where the run stopped.
 *
 * @param build  result of everything before the deploy stage (trigger, version, image, task definition)
 * @param deploy result of the deploy stage (deploy or rollback, and the clean-up after it)
 */
@Decision
public record StageResults(String build, String deploy) {
    static final String SUCCESS = "success";
    static final String FAILURE = "failure";
    static final String CANCELLED = "cancelled";
    static final String SKIPPED = "skipped";

    /** Steps that belong to the deploy stage; every other step is part of the build. */
    private static final Set<String> DEPLOY_STEPS = Set.of("deploy", "rollback", "continue",
            "deregister old revisions");

    /** {@code status} null: still deploying; results are only known at the end. */
    public static StageResults of(String command, DeploymentStatus status, String failedStep) {
        // rollback and continue build nothing: everything they do is the deploy stage.
        boolean rollback = "rollback".equals(command) || "continue".equals(command);
        String buildWhenFine = rollback ? SKIPPED : SUCCESS;
        if (status == null) {
            return new StageResults(buildWhenFine, "");
        }
        return switch (status) {
            case SUCCESSFUL, STARTED, TRAFFIC_SHIFTED, READY -> new StageResults(buildWhenFine, SUCCESS);
            case SKIPPED, DRY_RUN -> new StageResults(SKIPPED, SKIPPED);
            case FAILED, ROLLED_BACK, TIMED_OUT, CANCELLED, UNKNOWN, INVALID -> {
                String result = status == DeploymentStatus.CANCELLED ? CANCELLED : FAILURE;
                boolean inDeploy = rollback || failedStep != null && DEPLOY_STEPS.contains(failedStep);
                yield inDeploy ? new StageResults(buildWhenFine, result) : new StageResults(result, SKIPPED);
            }
        };
    }
}
