package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.sandbox.core.Scenario;
import dev.ecsdeploy.sandbox.core.AwsError;
import dev.ecsdeploy.sandbox.core.Ids;
import dev.ecsdeploy.sandbox.core.Wire;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tasks started by RunTask (a database migration before a deploy, say) rather than by a service: RunTask's checks,
 * their lives (they run their command and exit), and StopTask. Rules and wording: docs/sandbox.md, "One-off tasks".
 */
final class OneOffTasks {
    /** AWS seconds a one-off task's command runs before its container exits. */
    static final double RUN_SECONDS = 6;
    /** What a container stopped by StopTask exits with: SIGTERM, as `docker stop` sends it. */
    static final int SIGTERM_EXIT_CODE = 143;
    private static final Pattern STARTED_BY = Pattern.compile("[A-Za-z0-9_/-]{1,128}");

    /** What RunTask was asked for, kept on the task. */
    record Launch(String startedBy, String group, ArrayNode containerOverrides) {
    }

    /** A RunTask client token's first use: the request without the token, the answer, and when. */
    record TokenUse(JsonNode parameters, JsonNode answer, Instant at) {
    }

    /**
     * How long ECS remembers a RunTask client token: 24 hours ("Ensuring idempotency", ECS API reference; the shorter
     * bound it also names, the task's own lifetime, is not modelled).
     */
    static final java.time.Duration TOKEN_TTL = java.time.Duration.ofHours(24);

    private OneOffTasks() {
    }

    /**
     * RunTask, idempotent by client token as ECS is ("Ensuring idempotency", ECS API reference): the same token with
     * the same parameters in the same cluster within the token's life answers the first call's result and starts
     * nothing; with other parameters it is ConflictException. The SDKs fill the token in when the caller does not, and
     * keep it across their retries, so a retry after a lost answer starts no second task on AWS, nor here.
     */
    static JsonNode run(EcsRuntime ecs, JsonNode input) {
        String token = Wire.text(input, "clientToken");
        if (token == null) {
            return start(ecs, input);
        }
        ObjectNode parameters = input.deepCopy();
        parameters.remove("clientToken");
        TokenUse earlier = ecs.runTaskTokens.get(token);
        if (earlier != null && ecs.clock.now().isBefore(earlier.at().plus(TOKEN_TTL))) {
            if (!earlier.parameters().equals(parameters)) {
                // The ConflictException model's own description (ECS API reference, Errors).
                throw AwsError.client("ConflictException", "The RunTask request could not be processed due to"
                        + " conflicts. The provided clientToken is already in use with a different RunTask request.");
            }
            return earlier.answer().deepCopy();
        }
        JsonNode answer = start(ecs, input);
        ecs.runTaskTokens.put(token, new TokenUse(parameters, answer.deepCopy(), ecs.clock.now()));
        return answer;
    }

    private static JsonNode start(EcsRuntime ecs, JsonNode input) {
        String reference = Wire.text(input, "taskDefinition");
        TaskDefinitionRecord taskDefinition = ecs.findTaskDefinition(reference)
                .orElseThrow(() -> AwsError.client("ClientException", "TaskDefinition not found."));
        int count = input.has("count") ? input.get("count").asInt() : 1;
        if (count > 10) {
            throw invalid("Task count can not be greater than 10.");
        }
        if (count < 1) {
            throw invalid("count must be between 1 and 10.");
        }
        String launchType = Wire.text(input, "launchType");
        boolean capacityProviders = input.path("capacityProviderStrategy").size() > 0;
        if (launchType != null && capacityProviders) {
            throw invalid("Specifying both a launch type and capacity provider strategy is not supported. Remove"
                    + " one and try again.");
        }
        boolean fargate = capacityProviders || launchType == null || "FARGATE".equals(launchType);
        if (fargate && !Wire.textList(taskDefinition.json, "requiresCompatibilities").contains("FARGATE")
                && !taskDefinition.json.path("compatibilities").toString().contains("FARGATE")) {
            throw invalid("Task definition does not support launch_type FARGATE.");
        }
        boolean awsvpc = "awsvpc".equals(taskDefinition.json.path("networkMode").asText());
        boolean networkGiven = input.path("networkConfiguration").has("awsvpcConfiguration");
        if (awsvpc && !networkGiven) {
            throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        }
        if (!awsvpc && networkGiven) {
            throw invalid("Network Configuration is not valid for the given networkMode of this task definition.");
        }
        String startedBy = Wire.text(input, "startedBy");
        if (startedBy != null && !STARTED_BY.matcher(startedBy).matches()) {
            throw invalid("startedBy must be up to 128 letters, numbers, hyphens, forward slashes and"
                    + " underscores.");
        }
        ArrayNode overrides = input.path("overrides").path("containerOverrides").isArray()
                ? (ArrayNode) input.path("overrides").path("containerOverrides") : Wire.array();
        List<String> names = new ArrayList<>();
        taskDefinition.containers().forEach(c -> names.add(c.path("name").asText()));
        for (JsonNode override : overrides) {
            if (!names.contains(override.path("name").asText())) {
                throw invalid("Override for container named " + override.path("name").asText()
                        + " is not a container in the TaskDefinition.");
            }
        }
        String group = Wire.text(input, "group") != null ? Wire.text(input, "group")
                : "family:" + taskDefinition.family;
        ObjectNode out = Wire.object();
        ArrayNode tasks = out.putArray("tasks");
        out.putArray("failures");
        for (int i = 0; i < count; i++) {
            String id = Ids.hex32();
            TaskFate fate = TaskFates.decide(ecs.scenario, taskDefinition, null, ecs.facts());
            EcsTask task = new EcsTask(id, ecs.arn("task/" + ecs.clusterName + "/" + id), null, taskDefinition,
                    null, fate, ecs.clock.now());
            task.oneOff = new Launch(startedBy, group, overrides.deepCopy());
            task.nextAt = ecs.clock.after(EcsRuntime.PROVISIONING_SECONDS);
            ecs.tasks.add(task);
            tasks.add(EcsJson.task(task, ecs));
        }
        return out;
    }

    static JsonNode stop(EcsRuntime ecs, JsonNode input) {
        String reference = Wire.text(input, "task");
        EcsTask task = ecs.tasks.stream().filter(t -> t.id.equals(reference) || t.arn.equals(reference))
                .findFirst().orElseThrow(() -> invalid("The referenced task was not found."));
        String reason = Wire.text(input, "reason");
        if (reason != null && reason.length() > 255) {
            throw invalid("reason can be at most 255 characters.");
        }
        if (task.state == EcsTask.State.RUNNING) {
            task.exitCode = SIGTERM_EXIT_CODE;
        }
        ecs.stop(task, "UserInitiated", reason == null ? "Stopped by user." : reason);
        ObjectNode out = Wire.object();
        out.set("task", EcsJson.task(task, ecs));
        return out;
    }

    /** One step of a one-off task's life; service tasks step in {@link EcsRuntime#advanceTasks()}. */
    static void advance(EcsRuntime ecs, EcsTask task, Instant now) {
        switch (task.state) {
            case PROVISIONING -> {
                if (task.fate.kind() == TaskFate.Kind.CANNOT_INITIALIZE) {
                    task.failedToStart(now);
                } else {
                    task.state = EcsTask.State.PENDING;
                    task.pullStartedAt = now;
                    task.nextAt = ecs.clock.after(EcsRuntime.PULL_SECONDS);
                }
            }
            case PENDING -> {
                task.pullStoppedAt = now;
                if (task.fate.failsToStart()) {
                    task.failedToStart(now);
                } else {
                    task.state = EcsTask.State.RUNNING;
                    task.startedAt = now;
                    ecs.writeLogs(task, List.of("Running " + commandOf(task)));
                    task.nextAt = ecs.clock.after(RUN_SECONDS);
                }
            }
            case RUNNING -> exit(ecs, task, now);
            case DEACTIVATING -> {
                task.state = EcsTask.State.STOPPING;
                task.nextAt = ecs.clock.after(EcsRuntime.STOPPING_SECONDS);
            }
            default -> {
                task.state = EcsTask.State.STOPPED;
                task.stoppedAt = now;
                task.nextAt = null;
            }
        }
    }

    /** The command ran to its end: the essential container exits, and with it the task. */
    private static void exit(EcsRuntime ecs, EcsTask task, Instant now) {
        boolean scenarioApplies = !task.taskDefinition.seeded;
        if (task.fate.kind() == TaskFate.Kind.CRASHES) {
            ecs.writeLogs(task, List.of("Error: connect ECONNREFUSED 10.0.3.17:5432",
                    EcsRuntime.crashLine(task, "Fatal: cannot reach the database, exiting with code 1")));
            task.exitCode = 1;
        } else if (scenarioApplies && ecs.scenario == Scenario.TASK_FAILS) {
            ecs.writeLogs(task, List.of("Applying migration 20261203_add_orders_customer_index",
                    "error: relation \"orders_customer_id_idx\" already exists",
                    "Migration failed; rolled back the transaction, exiting with code 3"));
            task.exitCode = 3;
        } else {
            ecs.writeLogs(task, List.of("Applied 2 migrations; the database is up to date."));
            task.exitCode = 0;
        }
        task.desiredStatus = "STOPPED";
        task.stopCode = "EssentialContainerExited";
        task.stoppedReason = "Essential container in task exited";
        task.stoppingAt = now;
        task.state = EcsTask.State.STOPPED;
        task.stoppedAt = now;
        task.nextAt = null;
    }

    private static String commandOf(EcsTask task) {
        for (JsonNode override : task.oneOff.containerOverrides()) {
            if (override.has("command")) {
                List<String> words = new ArrayList<>();
                override.path("command").forEach(word -> words.add(word.asText()));
                return String.join(" ", words);
            }
        }
        return "the image's command";
    }

    private static AwsError invalid(String message) {
        return AwsError.client("InvalidParameterException", message);
    }
}
