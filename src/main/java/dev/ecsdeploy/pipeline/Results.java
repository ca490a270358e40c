package dev.ecsdeploy.pipeline;

/**
 * The results one stage hands to later stages (and to the notification at the end). A result only one stage uses
 * has its key in that stage's package instead.
 */
public final class Results {
    /** The version to deploy: set by the version stage while planning. */
    public static final ResultKey<ResolvedVersion> VERSION = ResultKey.of("the version", ResolvedVersion.class);
    /** The image to deploy: set by the image stage while planning, with its digest once pushed. */
    public static final ResultKey<ImageRef> IMAGE = ResultKey.of("the image", ImageRef.class);
    /** The task definition revision: set by the task definition stage (or the rollback). */
    public static final ResultKey<TaskDefinitionRef> TASK_DEFINITION = ResultKey.of("the task definition revision",
            TaskDefinitionRef.class);
    /** The deployment: set by the deploy stage as soon as it knows the service, updated as it learns more. */
    public static final ResultKey<DeploymentReport> DEPLOYMENT = ResultKey.of("the deployment",
            DeploymentReport.class);

    private Results() {
    }
}
