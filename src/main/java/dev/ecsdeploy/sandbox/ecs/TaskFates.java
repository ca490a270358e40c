package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.sandbox.core.Scenario;
import java.util.Optional;

/**
 * Decides at launch what will become of a task, first from what the world implies (a missing secret or JSON key, an
 * image the registry lacks, a missing log group), whatever the scenario; then, for revisions registered after start,
 * from the scenario. Pure: the world is asked through {@link Facts}.
 */
public final class TaskFates {
    static final String INIT_SECRETS = "ResourceInitializationError: unable to pull secrets or registry auth: "
            + "execution resource retrieval failed: ";
    static final String INIT_LOGS = "ResourceInitializationError: failed to validate logger args: create stream has"
            + " been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified"
            + " log group does not exist. : exit status 1";

    /** What the world knows. */
    public interface Facts {
        /** Why this secret reference does not resolve, or empty. */
        Optional<String> secretProblem(String valueFrom);

        /** Why this image cannot be pulled (the registry lacks it), or empty. */
        Optional<String> pullProblem(String image);

        boolean logGroupExists(String name);

        /** The ARN the task execution role would show in an AccessDenied message. */
        String executionRole(JsonNode taskDefinition);
    }

    private TaskFates() {
    }

    public static TaskFate decide(Scenario scenario, TaskDefinitionRecord taskDefinition, String targetGroupArn,
                                  Facts facts) {
        JsonNode json = taskDefinition.json;
        boolean scenarioApplies = !taskDefinition.seeded;
        for (JsonNode container : taskDefinition.containers()) {
            for (JsonNode secret : container.path("secrets")) {
                Optional<String> problem = facts.secretProblem(secret.path("valueFrom").asText());
                if (problem.isPresent()) {
                    return new TaskFate(TaskFate.Kind.CANNOT_INITIALIZE, INIT_SECRETS + problem.get());
                }
            }
        }
        if (scenarioApplies && scenario == Scenario.SECRETS_ERROR) {
            String secret = firstSecret(json);
            return new TaskFate(TaskFate.Kind.CANNOT_INITIALIZE, INIT_SECRETS + "unable to retrieve secret from asm:"
                    + " service call has been retried 1 time(s): AccessDeniedException: User: "
                    + facts.executionRole(json) + " is not authorized to perform: secretsmanager:GetSecretValue on"
                    + " resource: " + secret + " because no identity-based policy allows the"
                    + " secretsmanager:GetSecretValue action");
        }
        for (JsonNode container : taskDefinition.containers()) {
            String image = container.path("image").asText();
            Optional<String> problem = scenarioApplies ? facts.pullProblem(image) : Optional.empty();
            if (problem.isPresent()) {
                return new TaskFate(TaskFate.Kind.CANNOT_PULL, "CannotPullContainerError: " + problem.get());
            }
            if (scenarioApplies && scenario == Scenario.PULL_ERROR) {
                return new TaskFate(TaskFate.Kind.CANNOT_PULL, "CannotPullContainerError: pull image manifest has"
                        + " been retried 7 time(s): failed to resolve ref " + image + ": " + image + ": not found");
            }
        }
        for (JsonNode container : taskDefinition.containers()) {
            JsonNode log = container.path("logConfiguration");
            if ("awslogs".equals(log.path("logDriver").asText())) {
                String group = log.path("options").path("awslogs-group").asText("");
                boolean create = "true".equals(log.path("options").path("awslogs-create-group").asText());
                if (!create && !facts.logGroupExists(group)) {
                    return new TaskFate(TaskFate.Kind.CANNOT_INITIALIZE, INIT_LOGS);
                }
            }
        }
        if (!scenarioApplies) {
            return TaskFate.RUNS;
        }
        return switch (scenario) {
            case UNHEALTHY -> new TaskFate(TaskFate.Kind.FAILS_HEALTH_CHECKS,
                    "Task failed ELB health checks in (target-group " + targetGroupArn + ")");
            case CRASH -> new TaskFate(TaskFate.Kind.CRASHES, "Essential container in task exited");
            default -> TaskFate.RUNS;
        };
    }

    private static String firstSecret(JsonNode taskDefinition) {
        for (JsonNode container : taskDefinition.path("containerDefinitions")) {
            for (JsonNode secret : container.path("secrets")) {
                return secret.path("valueFrom").asText();
            }
        }
        return "arn:aws:secretsmanager:us-east-1:123456789012:secret:demo/web";
    }
}
