package dev.ecsdeploy.oneoff;

import dev.ecsdeploy.util.CommandWords;

import dev.ecsdeploy.aws.ContainerLogs;
import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.deploy.AwsCalls;
import dev.ecsdeploy.deploy.PollLoop;
import dev.ecsdeploy.deploy.Rollout;
import dev.ecsdeploy.deploy.Verdict;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.github.ActionOutput;
import dev.ecsdeploy.pipeline.DeploymentStatus;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.pipeline.StepFailedException;
import dev.ecsdeploy.pipeline.ResultKey;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.taskdef.TaskDefinitionRenderer;
import dev.ecsdeploy.taskdef.TaskDefinitionResults;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Runs the new revision once before the deploy (a database migration), with its command replaced, where the service
 * runs its tasks, and waits for it to stop. Only when every essential container exited 0 does the deploy go on; a
 * failure, a timeout or a cancellation leaves the service as it was (cancelling and timing out stop the task).
 */
public final class RunOneOffTaskStep implements Step {
    private static final int LOG_LINES = 20;
    /** How long to follow a StopTask: the runner kills the container a few seconds after cancelling. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(4);

    /** What planning decided, for apply: absent when there is no one-off task. */
    private static final ResultKey<Plan> PLAN = ResultKey.of("the one-off task's plan", Plan.class);

    private record Plan(String cluster, Service service, String container, List<String> command, Duration timeout,
                        Duration pollInterval, String startedBy) {
    }

    @Override
    public String name() {
        return "run one-off task";
    }

    @Override
    public void plan(RunContext context) {
        ActionInputs inputs = context.inputs();
        if (!inputs.isSet(Input.RUN_TASK_COMMAND)) {
            for (Input dependent : List.of(Input.RUN_TASK_CONTAINER, Input.RUN_TASK_TIMEOUT,
                    Input.RUN_TASK_STARTED_BY)) {
                if (inputs.isGiven(dependent)) {
                    throw inputs.invalid(dependent, "it only applies to a one-off task; set run-task-command too"
                            + " (or remove " + dependent.inputName() + ").");
                }
            }
            return;
        }
        CommandWords.Parsed command = CommandWords.parse(inputs.string(Input.RUN_TASK_COMMAND));
        command.problemText().ifPresent(problem -> {
            throw inputs.invalid(Input.RUN_TASK_COMMAND, "it is not a command: " + problem + ". Give a JSON array"
                    + " such as [\"npm\", \"run\", \"migrate\"], or words separated by spaces.");
        });
        Duration timeout = inputs.duration(Input.RUN_TASK_TIMEOUT); // 1s-6h: config.InputBounds
        String startedBy = inputs.string(Input.RUN_TASK_STARTED_BY);
        if (!startedBy.matches("[A-Za-z0-9_/-]{1,128}")) {
            throw inputs.invalid(Input.RUN_TASK_STARTED_BY, "ECS takes up to 128 letters, numbers, hyphens,"
                    + " forward slashes and underscores.");
        }
        String container = container(inputs, context.state().require(TaskDefinitionResults.RENDERED));
        String cluster = inputs.string(Input.CLUSTER);
        Service service = EcsServices.describe(context.aws().ecs(), cluster,
                inputs.require(Input.SERVICE, "the one-off task runs where the service runs its tasks"));
        context.state().put(PLAN, new Plan(cluster, service, container, command.words(), timeout,
                inputs.duration(Input.POLL_INTERVAL), startedBy));
        context.log().info("One-off task before the deploy: " + String.join(" ", command.words()) + " in container "
                + container + ".");
    }

    /** The container whose command is replaced: the one named, else the (first) one that gets the image. */
    private static String container(ActionInputs inputs, RegisterTaskDefinitionRequest rendered) {
        if (!inputs.isSet(Input.RUN_TASK_CONTAINER)) {
            return TaskDefinitionRenderer.targetContainers(rendered.containerDefinitions(),
                    inputs.list(Input.CONTAINER_NAME)).getFirst();
        }
        List<String> containers = rendered.containerDefinitions().stream().map(ContainerDefinition::name).toList();
        String named = inputs.string(Input.RUN_TASK_CONTAINER);
        if (!containers.contains(named)) {
            throw inputs.invalid(Input.RUN_TASK_CONTAINER, "the task definition has no container \"" + named
                    + "\"; its containers are " + String.join(", ", containers) + ".");
        }
        return named;
    }

    @Override
    public void apply(RunContext context) {
        Plan plan = context.state().get(PLAN);
        if (plan == null) {
            return;
        }
        RegisterTaskDefinitionRequest rendered = context.state().require(TaskDefinitionResults.RENDERED);
        String taskDefinitionArn = context.state().require(Results.TASK_DEFINITION).arn();
        EcsClient ecs = context.aws().ecs();
        RunTaskResponse started;
        try {
            started = ecs.runTask(OneOffTaskRequests.build(plan.service(), plan.cluster(), taskDefinitionArn,
                    plan.container(), plan.command(), plan.startedBy()));
        } catch (SdkClientException e) {
            throw noAnswerToRunTask(context, plan, ecs, taskDefinitionArn, e);
        }
        if (started.tasks().isEmpty()) {
            String why = started.failures().isEmpty() ? "ECS started no task"
                    : started.failures().getFirst().reason() + (started.failures().getFirst().detail() == null ? ""
                    : " (" + started.failures().getFirst().detail() + ")");
            throw new StepFailedException("The one-off task did not start: " + why + ". The service was not"
                    + " changed.");
        }
        String taskArn = started.tasks().getFirst().taskArn();
        context.outputs().set(ActionOutput.RUN_TASK_ARN, taskArn);
        context.log().info("Started one-off task " + ContainerLogs.taskId(taskArn) + " of "
                + taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1) + ".");
        Task stopped = waitUntilStopped(context, plan, ecs, started.tasks().getFirst());
        Set<String> essential = new LinkedHashSet<>();
        rendered.containerDefinitions().stream()
                .filter(c -> c.essential() == null || c.essential()).forEach(c -> essential.add(c.name()));
        OneOffTaskVerdict verdict = OneOffTaskVerdict.of(stopped, essential);
        Integer exitCode = verdict.exitCode(essential);
        if (exitCode != null) {
            context.outputs().set(ActionOutput.RUN_TASK_EXIT_CODE, String.valueOf(exitCode));
        }
        printLogTails(context, rendered, stopped);
        if (!verdict.succeeded()) {
            throw new StepFailedException("The one-off task failed: " + verdict.reason() + ". The service was not"
                    + " changed.");
        }
        context.log().info("The one-off task finished: every essential container exited 0.");
    }

    /**
     * Follows the task until ECS says STOPPED, with the wait every deployment watcher shares: throttling backs off, a
     * cancellation is seen even mid-call, and AWS that stops answering ends the wait UNKNOWN after the silence window
     * rather than as a failure, because nothing seen says how the task went.
     */
    private static Task waitUntilStopped(RunContext context, Plan plan, EcsClient ecs, Task started) {
        String taskArn = started.taskArn();
        Instant deadline = context.clock().instant().plus(plan.timeout());
        AtomicReference<Task> seen = new AtomicReference<>(started);
        PollLoop.Ended ended = new PollLoop(context.log(), context.cancellation(), context.clock()).run(
                new PollLoop.Bounds(deadline, plan.pollInterval(), Rollout.unreachableWindow(context), false, true),
                "ECS", () -> {
                    describe(plan, ecs, taskArn).ifPresent(seen::set);
                    // A stopped task ends the wait, whatever its exit: the verdict on it is OneOffTaskVerdict's.
                    return new Verdict("STOPPED".equals(seen.get().lastStatus()) ? Verdict.Phase.STOPPED
                            : Verdict.Phase.IN_PROGRESS, null);
                });
        Task task = seen.get();
        String lastStatus = task.lastStatus() == null ? "unknown" : task.lastStatus();
        return switch (ended.end()) {
            case DECIDED -> task;
            case CANCELLED -> {
                stop(context, plan, ecs, taskArn, "Cancelled with the workflow run");
                throw new StepFailedException(DeploymentStatus.CANCELLED, "Cancelled while the one-off task ran;"
                        + " it was asked to stop. The service was not changed.", null, null);
            }
            case TIMED_OUT -> {
                stop(context, plan, ecs, taskArn, "Timed out after run-task-timeout " + context.inputs().string(
                        Input.RUN_TASK_TIMEOUT));
                throw new StepFailedException(DeploymentStatus.TIMED_OUT, "The one-off task did not stop within "
                        + context.inputs().string(Input.RUN_TASK_TIMEOUT) + " (last status " + lastStatus
                        + "); it was asked to stop. The service was not changed.", null, null);
            }
            // Not stopped: a task whose end cannot be seen is not known to have failed, and may be half-way
            // through a migration.
            case UNREACHABLE, VANISHED -> throw new StepFailedException(DeploymentStatus.UNKNOWN, "AWS did not"
                    + " answer while one-off task " + ContainerLogs.taskId(taskArn) + " ran (" + ended.fault()
                    + "): whether it finished, and how, is unknown; it was last seen " + lastStatus + " and may still"
                    + " run. The service was not changed.", null, null);
        };
    }

    /**
     * RunTask got no answer, even after the SDK's retries (which carry one client token, so ECS started at most one
     * task for them): the task may be running. Not a failure: UNKNOWN, with what ECS lists now of this revision's
     * tasks started as the action starts them.
     */
    private static StepFailedException noAnswerToRunTask(RunContext context, Plan plan, EcsClient ecs,
                                                         String taskDefinitionArn, SdkClientException e) {
        String revision = taskDefinitionArn.substring(taskDefinitionArn.lastIndexOf('/') + 1);
        String family = revision.substring(0, revision.indexOf(':'));
        String seenNow;
        try {
            List<String> listed = new java.util.ArrayList<>();
            for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
                ecs.listTasks(r -> r.cluster(plan.cluster()).family(family)
                        .startedBy(plan.startedBy()).desiredStatus(status).overrideConfiguration(AwsCalls.BOUNDED))
                        .taskArns().forEach(arn -> listed.add(ContainerLogs.taskId(arn)));
            }
            seenNow = listed.isEmpty() ? "ECS lists no task of " + family + " started by " + plan.startedBy()
                    : "ECS lists tasks of " + family + " started by " + plan.startedBy() + " ("
                    + String.join(", ", listed) + "), which may include this one";
        } catch (SdkException again) {
            seenNow = "ECS could not be asked either (" + again.getMessage() + ")";
        }
        return new StepFailedException(DeploymentStatus.UNKNOWN, "Starting the one-off task of " + revision
                + " got no answer from ECS (" + e.getMessage() + "), so it may have started: " + seenNow
                + ". The service was not changed.", Annotation.titled("Outcome unknown: RunTask got no answer"),
                null);
    }

    private static Optional<Task> describe(Plan plan, EcsClient ecs, String taskArn) {
        return ecs.describeTasks(r -> r.cluster(plan.cluster()).tasks(taskArn)).tasks().stream().findFirst();
    }

    /** StopTask, then a short look for the stop to be seen; says so when it was not. */
    private static void stop(RunContext context, Plan plan, EcsClient ecs, String taskArn, String reason) {
        try {
            ecs.stopTask(r -> r.cluster(plan.cluster()).task(taskArn).reason(reason));
            Instant until = context.clock().instant().plus(STOP_WAIT);
            while (context.clock().instant().isBefore(until)) {
                Optional<Task> task = describe(plan, ecs, taskArn);
                if (task.isPresent() && "STOPPED".equals(task.get().lastStatus())) {
                    context.log().info("The one-off task stopped.");
                    return;
                }
                Thread.sleep(500);
            }
            context.log().warning("Asked ECS to stop one-off task " + ContainerLogs.taskId(taskArn) + "; it had not"
                    + " stopped yet when the action ended.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            context.log().warning("Could not stop one-off task " + ContainerLogs.taskId(taskArn) + ": "
                    + e.getMessage() + ". Stop it in the ECS console.");
        }
    }

    private static void printLogTails(RunContext context, RegisterTaskDefinitionRequest rendered, Task task) {
        String taskId = ContainerLogs.taskId(task.taskArn());
        for (ContainerDefinition container : rendered.containerDefinitions()) {
            Optional<List<String>> tail;
            try {
                tail = ContainerLogs.tail(context.aws().logs(), container, taskId, LOG_LINES);
            } catch (RuntimeException e) {
                context.log().debug("No log lines for " + container.name() + ": " + e.getMessage());
                continue;
            }
            tail.ifPresent(lines -> {
                try (ActionLog.Group ignored = context.log().group("Last log lines of " + container.name()
                        + " in the one-off task")) {
                    lines.forEach(context.log()::info);
                }
                context.summary().heading(3, "One-off task: last log lines of " + container.name())
                        .code("", String.join("\n", lines));
            });
        }
    }
}
