package dev.ecsdeploy.taskdef;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the render inputs of the official render action (and task-level cpu and memory, which it cannot set) change,
 * and the checks on their values, so a bad one is exit 2 before anything registers. Pure.
 *
 * @param dockerLabels merged into the chosen containers' dockerLabels
 * @param command      the chosen containers' command, or empty to keep theirs
 * @param envFiles     S3 object ARNs added to the chosen containers' environmentFiles
 * @param logDriver    the chosen containers' log driver, or null to keep theirs
 * @param logOptions   merged into their log options
 * @param taskRoleArn, executionRoleArn, cpu, memory: task-level values, null to keep them
 * @param tags         tags of the registered revision, merged by key into the file's
 */
public record RenderOverrides(Map<String, String> dockerLabels, List<String> command, List<String> envFiles,
                              String logDriver, Map<String, String> logOptions, String taskRoleArn,
                              String executionRoleArn, String cpu, String memory, Map<String, String> tags) {
    public static final RenderOverrides NONE = new RenderOverrides(Map.of(), List.of(), List.of(), null, Map.of(),
            null, null, null, null, Map.of());
    /** Tag keys AWS keeps for itself (Tagging your Amazon ECS resources: "aws:" prefix is reserved). */
    private static final Pattern RESERVED_TAG_KEY = Pattern.compile("(?i)aws:.*");

    /** The log drivers ECS accepts in logConfiguration.logDriver (API reference, LogConfiguration). */
    static final Set<String> LOG_DRIVERS = Set.of("awslogs", "awsfirelens", "fluentd", "gelf", "journald",
            "json-file", "logentries", "splunk", "syslog");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern S3_OBJECT_ARN = Pattern.compile("arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+");
    private static final Pattern CPU = Pattern.compile("\\d+|\\d+(\\.\\d+)? ?(?i:vcpu)");
    private static final Pattern MEMORY = Pattern.compile("\\d+|\\d+(\\.\\d+)? ?(?i:gb)");

    /** Why an IAM role ARN input is wrong, or empty. */
    static Optional<String> roleArnProblem(String value) {
        return ROLE_ARN.matcher(value).matches() ? Optional.empty()
                : Optional.of("it is not an IAM role ARN (arn:aws:iam::123456789012:role/name)");
    }

    /** Why an environment file reference is wrong, or empty: ECS reads S3 objects with the .env extension. */
    static Optional<String> envFileProblem(String value) {
        if (!S3_OBJECT_ARN.matcher(value).matches()) {
            return Optional.of("\"" + value + "\" is not an S3 object ARN (arn:aws:s3:::bucket/path/file.env)");
        }
        return value.endsWith(".env") ? Optional.empty()
                : Optional.of("\"" + value + "\" does not end in .env, which ECS requires of environment files");
    }

    static Optional<String> logDriverProblem(String value) {
        return LOG_DRIVERS.contains(value) ? Optional.empty()
                : Optional.of("ECS has no log driver \"" + value + "\"; use one of " + String.join(", ",
                        LOG_DRIVERS.stream().sorted().toList()));
    }

    /**
     * Why a revision tag is wrong, or empty: ECS takes keys of up to 128 and values of up to 256 characters, and
     * refuses keys starting with aws: (Tagging your Amazon ECS resources, tag restrictions).
     */
    static Optional<String> tagProblem(String key, String value) {
        if (key.length() > 128) {
            return Optional.of("the key \"" + key + "\" is longer than 128 characters");
        }
        if (value.length() > 256) {
            return Optional.of("the value of " + key + " is longer than 256 characters");
        }
        return RESERVED_TAG_KEY.matcher(key).matches()
                ? Optional.of("the key \"" + key + "\" starts with aws:, which AWS reserves") : Optional.empty();
    }

    /** Task-level cpu: CPU units ("256") or vCPUs ("0.25 vCPU"), as RegisterTaskDefinition takes it. */
    static Optional<String> cpuProblem(String value) {
        return CPU.matcher(value).matches() ? Optional.empty()
                : Optional.of("give CPU units (256, 512, 1024, ...) or vCPUs (\"1 vCPU\")");
    }

    /** Task-level memory: MiB ("512") or GB ("1 GB"). */
    static Optional<String> memoryProblem(String value) {
        return MEMORY.matcher(value).matches() ? Optional.empty()
                : Optional.of("give MiB (512, 1024, ...) or GB (\"2 GB\")");
    }
}
