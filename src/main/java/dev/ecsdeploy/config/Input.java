package dev.ecsdeploy.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every input the action accepts: the one source of truth for names, types, defaults and descriptions. action.yml
 * lists the same inputs (a test keeps them in step) but declares no defaults: the runner would pass a declared
 * default as if the user had typed it and mask the config file, so defaults apply here, after the config file.
 */
public enum Input {
    // general
    COMMAND("command", Group.GENERAL, InputType.choice("deploy", "rollback", "continue", "render", "diff", "verify",
            "status"), "deploy", "What to do: deploy, rollback, continue (a CodeDeploy deployment waiting for the"
            + " go-ahead: shift production traffic, or end the termination wait), render, diff, verify or status."
            + " Default: deploy."),
    AWS_REGION("aws-region", Group.GENERAL, InputType.STRING, null,
            "AWS region. Default: AWS_REGION, then AWS_DEFAULT_REGION."),
    DRY_RUN("dry-run", Group.GENERAL, InputType.BOOLEAN, "false",
            "Resolve, render, verify and diff, but change nothing in AWS and push nothing. Default: false."),
    CONFIG("config", Group.GENERAL, InputType.STRING, null,
            "YAML file with `defaults:` and `environments: {name: {branches: [...], <input>: value}}`; inputs given"
                    + " to the step win over it."),
    ENVIRONMENT("environment", Group.GENERAL, InputType.STRING, null,
            "Section of `config` to use. Default: the section whose `branches` holds GITHUB_REF_NAME."),

    // trigger
    RELEASE_BRANCH("release-branch", Group.TRIGGER, InputType.STRING, null,
            "On pull_request events, deploy only a PR merged into `base-branch` whose head ref contains this text"
                    + " (e.g. `release/web1`); otherwise skip. Other events always run."),
    BASE_BRANCH("base-branch", Group.TRIGGER, InputType.STRING, "main",
            "Branch a release PR must be merged into. Default: main."),

    // version
    VERSION("version", Group.VERSION, InputType.STRING, null,
            "Explicit version (e.g. 1.4.2). Empty or `latest`: read it from `version-file`."),
    VERSION_FILE("version-file", Group.VERSION, InputType.STRING, "package.json",
            "JSON file whose `version` field holds the version. Default: package.json."),
    VERSION_PREFIX("version-prefix", Group.VERSION, InputType.STRING, "v",
            "Prefix added to the version when missing. Default: v."),
    VERSION_PATTERN("version-pattern", Group.VERSION, InputType.REGEX, "^v[0-9a-zA-Z._-]+$",
            "Regular expression the final version must match. Default: ^v[0-9a-zA-Z._-]+$."),

    // image
    IMAGE("image", Group.IMAGE, InputType.STRING, null,
            "A pre-built image URI to deploy: no build, no push. It must exist."),
    ECR_REPOSITORY("ecr-repository", Group.IMAGE, InputType.STRING, null,
            "ECR repository name to push to. Required unless `image` is given."),
    ECR_REGISTRY("ecr-registry", Group.IMAGE, InputType.STRING, null,
            "ECR registry host or account id. Default: the caller's account."),
    CREATE_REPOSITORY("create-repository", Group.IMAGE, InputType.BOOLEAN, "false",
            "Create the ECR repository when it does not exist. Default: false."),
    DOCKERFILE("dockerfile", Group.IMAGE, InputType.STRING, "Dockerfile",
            "Dockerfile path. Default: Dockerfile."),
    BUILD_CONTEXT("build-context", Group.IMAGE, InputType.STRING, ".",
            "Docker build context. Default: the workspace."),
    BUILD_ARGS("build-args", Group.IMAGE, InputType.KEY_VALUE_LINES, null,
            "Build arguments, one `KEY=VALUE` per line."),
    BUILD_SECRETS("build-secrets", Group.IMAGE, InputType.LINES, null,
            "BuildKit secrets, one per line: `id=NAME,env=VAR` or `id=NAME,src=PATH`. Never stored in the image."),
    PLATFORM("platform", Group.IMAGE, InputType.STRING, "linux/amd64",
            "Target platform of the build. Default: linux/amd64."),
    TARGET("target", Group.IMAGE, InputType.STRING, null,
            "Build stage to build."),
    NO_CACHE("no-cache", Group.IMAGE, InputType.BOOLEAN, "false",
            "Build without the layer cache. Default: false."),
    CACHE_FROM("cache-from", Group.IMAGE, InputType.LINES, null,
            "Layer caches to read, one per line, as docker/build-push-action writes them (`type=registry,ref=IMAGE`)."
                    + " Default: the repository's last pushed image."),
    CACHE_TO("cache-to", Group.IMAGE, InputType.LINES, null,
            "Layer caches to write, one per line (`type=inline`; `type=registry,ref=IMAGE,mode=max` and others need"
                    + " buildx). Default: `type=inline`."),
    TAGS("tags", Group.IMAGE, InputType.LIST, null,
            "Extra image tags, comma or newline separated."),
    TAG_LATEST("tag-latest", Group.IMAGE, InputType.BOOLEAN, "true",
            "Also tag and push `latest`. Default: true."),

    // task definition
    TASK_DEFINITION("task-definition", Group.TASK_DEFINITION, InputType.STRING, null,
            "Task definition file (JSON or YAML, also as printed by describe-task-definition). Default: the"
                    + " service's current task definition."),
    TASK_DEFINITION_FAMILY("task-definition-family", Group.TASK_DEFINITION, InputType.STRING, null,
            "Base the new revision on the latest ACTIVE revision of this family."),
    CONTAINER_NAME("container-name", Group.TASK_DEFINITION, InputType.LIST, null,
            "Container(s) that get the image, comma separated. Default: the only container, or the only essential"
                    + " one."),
    ENVIRONMENT_VARIABLES("environment-variables", Group.TASK_DEFINITION, InputType.KEY_VALUE_LINES, null,
            "Environment variables, one `KEY=VALUE` per line, merged by name into those containers."),
    SECRETS("secrets", Group.TASK_DEFINITION, InputType.KEY_VALUE_LINES, null,
            "Container secrets, one `NAME=valueFrom` per line (Secrets Manager or SSM ARN), merged by name."),
    SECRETS_FROM("secrets-from", Group.TASK_DEFINITION, InputType.STRING, null,
            "A Secrets Manager secret (name or ARN) holding JSON: each key K becomes the secret K = `<arn>:K::`."),
    VERIFY_SECRETS("verify-secrets", Group.TASK_DEFINITION, InputType.BOOLEAN, "true",
            "Check that every Secrets Manager secret and JSON key the task definition references exists, before"
                    + " anything changes. Default: true."),
    RENDERED_FILE("rendered-file", Group.TASK_DEFINITION, InputType.STRING, null,
            "render: where to write the rendered task definition JSON. Default: task-definition.rendered.json in"
                    + " RUNNER_TEMP (the current directory outside Actions)."),
    DOCKER_LABELS("docker-labels", Group.TASK_DEFINITION, InputType.KEY_VALUE_LINES, null,
            "Docker labels, one `KEY=VALUE` per line, merged by name into those containers."),
    CONTAINER_COMMAND("container-command", Group.TASK_DEFINITION, InputType.STRING, null,
            "Those containers' command: a JSON array such as [\"node\", \"server.js\"], or words separated by"
                    + " spaces (the official render action's `command`; `command` here picks the job)."),
    ENV_FILES("env-files", Group.TASK_DEFINITION, InputType.LINES, null,
            "Environment files for those containers, one S3 object ARN (ending in .env) per line, added to theirs."),
    LOG_CONFIGURATION_LOG_DRIVER("log-configuration-log-driver", Group.TASK_DEFINITION, InputType.STRING, null,
            "Those containers' log driver (awslogs, awsfirelens, splunk, ...). A new driver starts with no options"
                    + " but `log-configuration-options`."),
    LOG_CONFIGURATION_OPTIONS("log-configuration-options", Group.TASK_DEFINITION, InputType.KEY_VALUE_LINES, null,
            "Log driver options, one `KEY=VALUE` per line, merged into those containers' options."),
    TASK_ROLE_ARN("task-role-arn", Group.TASK_DEFINITION, InputType.STRING, null,
            "The task role ARN (what the application may do in AWS)."),
    EXECUTION_ROLE_ARN("execution-role-arn", Group.TASK_DEFINITION, InputType.STRING, null,
            "The task execution role ARN (what ECS may do to start the task: pull the image, read secrets, write"
                    + " logs)."),
    TASK_CPU("task-cpu", Group.TASK_DEFINITION, InputType.STRING, null,
            "Task-level CPU: units (256, 512, 1024, ...) or vCPUs (\"1 vCPU\")."),
    TASK_MEMORY("task-memory", Group.TASK_DEFINITION, InputType.STRING, null,
            "Task-level memory: MiB (512, 1024, ...) or GB (\"2 GB\")."),
    TASK_DEFINITION_TAGS("task-definition-tags", Group.TASK_DEFINITION, InputType.KEY_VALUE_LINES, null,
            "Tags of the registered revision, one `KEY=VALUE` per line, merged by key into the file's (`tags` names"
                    + " the image's tags)."),
    KEEP_REVISIONS("keep-revisions", Group.TASK_DEFINITION, InputType.NON_NEGATIVE_INTEGER, "0",
            "After a successful deploy, deregister older revisions of the family beyond this many, never one in"
                    + " use. Default: 0 (keep all)."),

    // deploy
    CLUSTER("cluster", Group.DEPLOY, InputType.STRING, "default",
            "ECS cluster. Default: default."),
    SERVICE("service", Group.DEPLOY, InputType.STRING, null,
            "ECS service. Required for deploy, rollback and status."),
    STRATEGY("strategy", Group.DEPLOY,
            InputType.choice("auto", "rolling", "blue-green", "linear", "canary", "codedeploy"), "auto",
            "auto (what the service is set up for), rolling, blue-green, linear, canary or codedeploy. Default: auto."),
    DESIRED_COUNT("desired-count", Group.DEPLOY, InputType.NON_NEGATIVE_INTEGER, null,
            "Desired task count. Default: leave it as it is (auto scaling keeps owning it)."),
    FORCE_NEW_DEPLOYMENT("force-new-deployment", Group.DEPLOY, InputType.BOOLEAN, "false",
            "Deploy even when the task definition did not change (e.g. to pick up a changed secret). Default: false."),
    CIRCUIT_BREAKER("circuit-breaker", Group.DEPLOY, InputType.choice("true", "false", "detect"), "true",
            "Rolling: the deployment circuit breaker. true: ECS fails the deployment and rolls back; detect: ECS"
                    + " fails it without rolling back (then rollback-on-failure decides); false: off. Default: true."),
    MINIMUM_HEALTHY_PERCENT("minimum-healthy-percent", Group.DEPLOY, InputType.NON_NEGATIVE_INTEGER, null,
            "Rolling: minimum healthy percent. Default: the service's."),
    MAXIMUM_PERCENT("maximum-percent", Group.DEPLOY, InputType.NON_NEGATIVE_INTEGER, null,
            "Rolling: maximum percent. Default: the service's."),
    ALARMS("alarms", Group.DEPLOY, InputType.LIST, null,
            "CloudWatch alarm names; one in ALARM fails the deployment and rolls it back. `none` turns the"
                    + " service's deployment alarms off. Default: the service's."),
    PROPAGATE_TAGS("propagate-tags", Group.DEPLOY, InputType.choice("SERVICE", "TASK_DEFINITION", "NONE"), null,
            "Copy the service's or the task definition's tags to the tasks it starts: SERVICE, TASK_DEFINITION or"
                    + " NONE. Default: the service's."),
    ENABLE_ECS_MANAGED_TAGS("enable-ecs-managed-tags", Group.DEPLOY, InputType.BOOLEAN, null,
            "Tag the service's tasks with aws:ecs:clusterName and aws:ecs:serviceName. Default: the service's."),
    BAKE_TIME("bake-time", Group.DEPLOY, InputType.DURATION, null,
            "Blue-green, linear, canary: how long both revisions run after production traffic shifted (whole"
                    + " minutes). Default: the service's."),
    LINEAR_STEP_PERCENT("linear-step-percent", Group.DEPLOY, InputType.PERCENT, "10",
            "Linear: percent of traffic shifted per step (3 to 100). Default: 10."),
    LINEAR_STEP_BAKE_TIME("linear-step-bake-time", Group.DEPLOY, InputType.DURATION, null,
            "Linear: wait between steps (whole minutes). Default: ECS's (6m)."),
    CANARY_PERCENT("canary-percent", Group.DEPLOY, InputType.PERCENT, "5",
            "Canary: percent of traffic shifted first (0.1 to 100). Default: 5."),
    CANARY_BAKE_TIME("canary-bake-time", Group.DEPLOY, InputType.DURATION, null,
            "Canary: wait before shifting the rest (whole minutes). Default: ECS's (10m)."),
    LIFECYCLE_HOOKS("lifecycle-hooks", Group.DEPLOY, InputType.LINES, null,
            "Blue-green, linear, canary: ECS lifecycle hooks, one `STAGE[,STAGE...]=arn:aws:lambda:...:function:NAME`"
                    + " per line (stages: RECONCILE_SERVICE, PRE_SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT,"
                    + " POST_TEST_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT); they replace"
                    + " the service's hooks. `none` removes them. Default: the service's stay."),
    LIFECYCLE_HOOK_ROLE_ARN("lifecycle-hook-role-arn", Group.DEPLOY, InputType.STRING, null,
            "The IAM role ECS assumes to invoke the lifecycle-hooks functions (lambda:InvokeFunction). Required"
                    + " with lifecycle-hooks."),
    CODEDEPLOY_APPLICATION("codedeploy-application", Group.DEPLOY, InputType.STRING, null,
            "CodeDeploy application. Default: AppECS-{cluster}-{service}."),
    CODEDEPLOY_DEPLOYMENT_GROUP("codedeploy-deployment-group", Group.DEPLOY, InputType.STRING, null,
            "CodeDeploy deployment group. Default: DgpECS-{cluster}-{service}."),
    CODEDEPLOY_CONFIG("codedeploy-config", Group.DEPLOY, InputType.STRING, null,
            "CodeDeploy deployment config, e.g. CodeDeployDefault.ECSCanary10Percent5Minutes. Default: the"
                    + " deployment group's."),
    APPSPEC("appspec", Group.DEPLOY, InputType.STRING, null,
            "AppSpec template file (YAML or JSON) whose TaskDefinition is replaced. Default: generated from the"
                    + " container name and port."),
    CONTAINER_PORT("container-port", Group.DEPLOY, InputType.NON_NEGATIVE_INTEGER, null,
            "Container port for a generated AppSpec. Default: the container's first port mapping."),
    CODEDEPLOY_HOOKS("codedeploy-hooks", Group.DEPLOY, InputType.KEY_VALUE_LINES, null,
            "AppSpec hooks, one `BeforeInstall=function-name` per line."),
    WAIT("wait", Group.DEPLOY, InputType.BOOLEAN, "true",
            "Wait for the deployment to finish. Default: true."),
    WAIT_UNTIL("wait-until", Group.DEPLOY, InputType.choice("completed", "traffic-shifted", "ready"), "completed",
            "completed (terminal state, bake time and clean-up included), traffic-shifted, or ready (CodeDeploy, a"
                    + " group with deploymentReadyOption STOP_DEPLOYMENT: test traffic on the new revision, waiting"
                    + " for command: continue). Default: completed."),
    DEPLOYMENT_ID("deployment-id", Group.DEPLOY, InputType.STRING, null,
            "command: continue: the CodeDeploy deployment to continue (d-XXXXXXXXX). Default: the service's"
                    + " deployment that waits (Ready, or in its termination wait)."),
    TIMEOUT("timeout", Group.DEPLOY, InputType.DURATION, "30m",
            "How long to wait, e.g. 90s, 5m, 1h; from 1s to 6h. Default: 30m."),
    POLL_INTERVAL("poll-interval", Group.DEPLOY, InputType.DURATION, "5s",
            "How often to look at the deployment, from 1s to 5m. Default: 5s."),
    ROLLBACK_ON_FAILURE("rollback-on-failure", Group.DEPLOY, InputType.BOOLEAN, "true",
            "On timeout, cancellation or a failure ECS or CodeDeploy did not already roll back, stop the deployment"
                    + " with rollback. Default: true."),
    TO_REVISION("to-revision", Group.DEPLOY, InputType.STRING, null,
            "rollback: the revision to go back to (number, family:revision or ARN). Default: the previous one."),

    // one-off task
    RUN_TASK_COMMAND("run-task-command", Group.RUN_TASK, InputType.STRING, null,
            "Run the new revision once before the deploy (a database migration) with this command: a JSON array"
                    + " such as [\"npm\", \"run\", \"migrate\"], or words separated by spaces. It runs where the service"
                    + " runs its tasks; unless every essential container exits 0 the service is not touched."
                    + " Default: no one-off task."),
    RUN_TASK_CONTAINER("run-task-container", Group.RUN_TASK, InputType.STRING, null,
            "The container whose command is replaced. Default: the container that gets the image."),
    RUN_TASK_TIMEOUT("run-task-timeout", Group.RUN_TASK, InputType.DURATION, "10m",
            "How long the one-off task may run; then it is stopped and the deploy does not start. Default: 10m."),
    RUN_TASK_STARTED_BY("run-task-started-by", Group.RUN_TASK, InputType.STRING, "ecs-deploy-action",
            "The one-off task's startedBy. Default: ecs-deploy-action."),

    // Slack
    SLACK_WEBHOOK_URL("slack-webhook-url", Group.SLACK, InputType.SECRET, null,
            "Slack incoming webhook URL."),
    SLACK_BOT_TOKEN("slack-bot-token", Group.SLACK, InputType.SECRET, null,
            "Slack bot token (chat:write): one message posted at the start, then updated in place."),
    SLACK_CHANNEL("slack-channel", Group.SLACK, InputType.STRING, null,
            "Slack channel (#name or id) for the bot token; the bot must be a member."),
    SLACK_NOTIFY_ON("slack-notify-on", Group.SLACK, InputType.choice("always", "failure", "success"), "always",
            "always, failure or success. A skipped run or a dry run never notifies. Default: always."),
    SLACK_PAYLOAD("slack-payload", Group.SLACK, InputType.STRING, null,
            "Custom JSON sent to `slack-webhook-url` instead of the standard message (Workflow Builder webhooks),"
                    + " inline or a file, with \"${name}\" placeholders inside JSON strings: any output name, and"
                    + " custom_status, workflow, job_build, status_build, job_deploy, status_deploy, actor, ref_name,"
                    + " head_commit_url, action_run_url, service, cluster, environment, strategy. Checked before"
                    + " anything deploys."),
    SLACK_MENTION_ON_FAILURE("slack-mention-on-failure", Group.SLACK, InputType.STRING, null,
            "Text added to failure messages, e.g. <!here>.");

    public enum Group {
        GENERAL, TRIGGER, VERSION, IMAGE, TASK_DEFINITION, RUN_TASK, DEPLOY, SLACK
    }

    private final String inputName;
    private final Group group;
    private final InputType type;
    private final String defaultValue;
    private final String description;

    Input(String inputName, Group group, InputType type, String defaultValue, String description) {
        this.inputName = inputName;
        this.group = group;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name users write in {@code with:}, on the command line (--name) and in the config file. */
    public String inputName() {
        return inputName;
    }

    public Group group() {
        return group;
    }

    public InputType type() {
        return type;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The variable the runner sets: INPUT_ + the name upper-cased, hyphens kept, spaces as underscores. */
    public String environmentVariable() {
        return "INPUT_" + inputName.replace(' ', '_').toUpperCase(Locale.ROOT);
    }

    public static Optional<Input> byName(String name) {
        for (Input input : values()) {
            if (input.inputName.equals(name)) {
                return Optional.of(input);
            }
        }
        return Optional.empty();
    }

    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(Input::inputName).toList();
    }
}
