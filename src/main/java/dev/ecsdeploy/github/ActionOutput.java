package dev.ecsdeploy.github;

/** Every output the action writes: the one source of truth for names and descriptions (action.yml follows it). */
public enum ActionOutput {
    SKIPPED("skipped", "true when the trigger gate skipped the run (e.g. a PR not from the release branch)."),
    VERSION("version", "The resolved version, e.g. v1.4.2."),
    IMAGE_URI("image-uri", "The image deployed, by its version tag."),
    IMAGE_DIGEST("image-digest", "The image's digest as the registry reports it."),
    IMAGE_TAGS("image-tags", "Every image reference pushed (repository:tag), comma separated."),
    TASK_DEFINITION_ARN("task-definition-arn", "The task definition revision deployed (status: the one the service"
            + " runs)."),
    TASK_DEFINITION_REVISION("task-definition-revision", "Its revision number."),
    TASK_DEFINITION_FILE("task-definition-file", "render: the path of the rendered task definition JSON."),
    PREVIOUS_TASK_DEFINITION_ARN("previous-task-definition-arn", "The revision the service ran before."),
    RUN_TASK_ARN("run-task-arn", "The one-off task's ARN (run-task-command)."),
    RUN_TASK_EXIT_CODE("run-task-exit-code", "The exit code of the one-off task's essential container."),
    DEPLOYMENT_ID("deployment-id", "The ECS service deployment ARN, or the CodeDeploy deployment id (status: the"
            + " running or last deployment's)."),
    DEPLOYMENT_STATE("deployment-state", "status: that deployment's state in ECS's or CodeDeploy's own words, e.g."
            + " IN_PROGRESS, SUCCESSFUL, ROLLBACK_SUCCESSFUL (ECS) or InProgress, Succeeded (CodeDeploy)."),
    STRATEGY("strategy", "status: how the service deploys: rolling, blue-green, linear, canary or codedeploy."),
    DEPLOYMENT_STATUS("deployment-status",
            "SUCCESSFUL, FAILED, ROLLED_BACK, TIMED_OUT, CANCELLED, SKIPPED, DRY_RUN; STARTED (wait: false: started,"
                    + " not followed), TRAFFIC_SHIFTED (wait-until: traffic-shifted: all traffic on the new revision,"
                    + " bake ahead), READY (wait-until: ready: test traffic on the new revision, CodeDeploy waits for"
                    + " command: continue; production traffic still on the previous one) or UNKNOWN (AWS stopped"
                    + " answering, the deployment vanished, or a call that changes something got no answer and may"
                    + " have taken effect: outcome not known, exit 1); INVALID: bad input or"
                    + " configuration, exit 2, nothing in AWS changed."),
    FAILURE_REASON("failure-reason", "Why the run failed, in one line."),
    ROLLED_BACK("rolled-back", "true once the rollback was seen to finish."),
    CONSOLE_URL("console-url", "Link to the deployment in the AWS console."),
    SLACK_MESSAGE_TS("slack-message-ts", "The Slack message timestamp (Web API), for threading replies."),
    DURATION_SECONDS("duration-seconds", "How long the run took, in seconds.");

    private final String outputName;
    private final String description;

    ActionOutput(String outputName, String description) {
        this.outputName = outputName;
        this.description = description;
    }

    public String outputName() {
        return outputName;
    }

    public String description() {
        return description;
    }
}
