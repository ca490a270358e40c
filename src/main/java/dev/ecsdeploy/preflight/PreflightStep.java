package dev.ecsdeploy.preflight;

import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.taskdef.TaskDefinitionRenderer;
import dev.ecsdeploy.taskdef.TaskDefinitionResults;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.util.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The pre-flight, while planning: after the task definition is rendered and before anything changes, everything AWS
 * would refuse or a deployment would die of — ECS's registration rules, the service's launch type and network, the
 * images (reference, presence, platform), secrets, alarms and deployment percentages — all reported at once, one
 * {@code ::error} each at the key's line in the user's file, then exit 2.
 */
public final class PreflightStep implements Step {
    private final boolean lookInAws;

    public PreflightStep() {
        this(true);
    }

    /** @param lookInAws false for {@code render}: only the rules that need no AWS */
    public PreflightStep(boolean lookInAws) {
        this.lookInAws = lookInAws;
    }

    @Override
    public String name() {
        return "pre-flight";
    }

    @Override
    public void plan(RunContext context) {
        RegisterTaskDefinitionRequest task = context.state().require(TaskDefinitionResults.RENDERED);
        List<String> targets = TaskDefinitionRenderer.targetContainers(task.containerDefinitions(),
                context.inputs().list(Input.CONTAINER_NAME));
        List<Problem> problems = new ArrayList<>(TaskDefinitionRules.check(task));
        List<Integer> pullable = ImageChecks.references(context, task, targets, problems);
        if (lookInAws) {
            String serviceName = context.inputs().string(Input.SERVICE);
            if (serviceName != null) {
                Service service = EcsServices.describe(context.aws().ecs(), context.inputs().string(Input.CLUSTER),
                        serviceName);
                problems.addAll(ServiceRules.check(task, service));
                percentages(context.inputs(), service).ifPresent(problems::add);
            }
            ImageChecks.lookUp(context, task, targets, pullable, problems);
            SecretChecks.check(context, task, problems);
            AlarmChecks.check(context, problems);
        }
        if (!problems.isEmpty()) {
            throw BadInputException.all(problems.stream().map(problem -> report(problem, context.state().get(TaskDefinitionResults.SOURCE))).toList());
        }
        context.log().info("Pre-flight: the task definition" + (lookInAws ? ", the service, images, secrets and"
                + " alarms" : "") + " pass ECS's rules.");
    }

    private static Optional<Problem> percentages(ActionInputs inputs, Service service) {
        return DeploymentPercentages.forService(new DeploymentPercentages.Given(inputs.string(Input.STRATEGY),
                inputs.integer(Input.MINIMUM_HEALTHY_PERCENT), inputs.integer(Input.MAXIMUM_PERCENT),
                inputs.integer(Input.DESIRED_COUNT)), service);
    }

    /** The problem as an error at its key's line in the user's file (or its parent's, for a key that is missing). */
    static BadInputException report(Problem problem, SourceDocument source) {
        boolean inFile = source != null && Problem.TASK_DEFINITION.equals(problem.input()) && problem.path() != null;
        String where = problem.path() == null ? "" : (problem.path().isEmpty() ? "task definition" : problem.path())
                + ": ";
        if (!inFile) {
            return new BadInputException(problem.input(), where + problem.message());
        }
        String prefix = source.root().path("taskDefinition").isObject() ? "/taskDefinition" : "";
        Integer line = null;
        for (String pointer = problem.pointer(); line == null; pointer = parent(pointer)) {
            line = source.lineOf(prefix + pointer);
            if (pointer.isEmpty()) {
                break;
            }
        }
        return new BadInputException(problem.input(), source.displayName() + ": " + where + problem.message(),
                Annotation.at(source.displayName(), line == null ? 1 : line));
    }

    private static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }
}
