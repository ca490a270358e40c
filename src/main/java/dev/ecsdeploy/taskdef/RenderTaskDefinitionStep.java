package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.ActionLog;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.pipeline.ImageRef;
import dev.ecsdeploy.pipeline.Results;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.util.CommandWords;
import dev.ecsdeploy.util.SdkJson;
import dev.ecsdeploy.util.SourceDocument;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * Renders the task definition to register, while planning: the base (a file, the family's latest revision, or the
 * service's current one) with the image, variables and secrets put into the chosen containers.
 */
public final class RenderTaskDefinitionStep implements Step {
    private final boolean compareWithRegistered;

    public RenderTaskDefinitionStep() {
        this(true);
    }

    /**
     * @param compareWithRegistered look up the family's registered revision to compare with; the {@code render}
     *     command skips it, so a file rendered with a given image needs no AWS access (no region, no credentials)
     */
    public RenderTaskDefinitionStep(boolean compareWithRegistered) {
        this.compareWithRegistered = compareWithRegistered;
    }

    @Override
    public String name() {
        return "render task definition";
    }

    @Override
    public void plan(RunContext context) {
        ActionInputs inputs = context.inputs();
        ActionLog log = context.log();
        // The SDK client is made on first use only, so a render that never calls AWS needs no region.
        try (ActionLog.Group ignored = log.group("Render task definition")) {
            String serviceName = inputs.string(Input.SERVICE);
            Service service = serviceName == null ? null
                    : EcsServices.describe(context.aws().ecs(), inputs.string(Input.CLUSTER), serviceName);
            DescribeTaskDefinitionResponse running = service == null ? null
                    : describe(context.aws().ecs(), service.taskDefinition()).orElse(null);

            RegisterTaskDefinitionRequest base = base(context, running);
            DescribeTaskDefinitionResponse current = running != null ? running
                    : compareWithRegistered ? describe(context.aws().ecs(), base.family()).orElse(null) : null;
            if (current != null) {
                context.state().put(TaskDefinitionResults.CURRENT, new TaskDefinitionResults.CurrentRevision(
                        current.taskDefinition(), TaskDefinitionReader.fromRegistered(current.taskDefinition(),
                        current.tags())));
            }

            RenderSpec spec = spec(context);
            RegisterTaskDefinitionRequest rendered = TaskDefinitionRenderer.render(base, spec);
            context.state().put(TaskDefinitionResults.RENDERED, rendered);
            describe(log, rendered, spec, current, running != null || compareWithRegistered);
        }
    }

    private RegisterTaskDefinitionRequest base(RunContext context, DescribeTaskDefinitionResponse running) {
        ActionInputs inputs = context.inputs();
        Path file = inputs.path(Input.TASK_DEFINITION);
        if (file != null) {
            return fromFile(context, file, inputs.string(Input.TASK_DEFINITION));
        }
        String family = inputs.string(Input.TASK_DEFINITION_FAMILY);
        if (family != null) {
            DescribeTaskDefinitionResponse latest = describe(context.aws().ecs(), family).orElseThrow(() -> new BadInputException(
                    Input.TASK_DEFINITION_FAMILY.inputName(), "Input task-definition-family: there is no ACTIVE"
                    + " revision of the family \"" + family + "\"."));
            context.log().info("Based on " + revisionName(latest) + ", the latest ACTIVE revision of " + family + ".");
            return TaskDefinitionReader.fromRegistered(latest.taskDefinition(), latest.tags());
        }
        if (running != null) {
            context.log().info("Based on " + revisionName(running) + ", the revision the service runs.");
            return TaskDefinitionReader.fromRegistered(running.taskDefinition(), running.tags());
        }
        throw new BadInputException(Input.TASK_DEFINITION.inputName(), "Input task-definition is required: give a"
                + " task definition file, task-definition-family, or the service whose revision to start from.");
    }

    /** Reads a file, reporting unknown keys as warnings and wrong types as one error, at their lines. */
    private static RegisterTaskDefinitionRequest fromFile(RunContext context, Path file, String displayName) {
        String input = Input.TASK_DEFINITION.inputName();
        SourceDocument document;
        try {
            document = SourceDocument.read(file, displayName);
        } catch (SourceDocument.SyntaxException e) {
            throw new BadInputException(input, "Input task-definition: " + e.getMessage(),
                    Annotation.at(displayName, e.line()));
        }
        context.state().put(TaskDefinitionResults.SOURCE, document);
        TaskDefinitionReader.Result result = TaskDefinitionReader.read(document.root());
        SdkJson.Problem firstError = null;
        int errors = 0;
        for (SdkJson.Problem problem : result.problems()) {
            Annotation where = new Annotation(displayName, document.lineOf(problem.pointer()),
                    problem.error() ? null : "Unknown task definition key");
            if (!problem.error()) {
                context.log().warning(problem.message() + " (at " + problem.pointer() + ")", where);
            } else if (errors++ == 0) {
                firstError = problem;
            }
        }
        if (firstError != null) {
            throw new BadInputException(input, displayName + ": " + firstError.message() + " (at "
                    + firstError.pointer() + ")" + (errors > 1 ? " and " + (errors - 1) + " more errors" : ""),
                    Annotation.at(displayName, document.lineOf(firstError.pointer())));
        }
        if (!result.droppedReadOnly().isEmpty()) {
            context.log().info("Dropped read-only fields " + String.join(", ", result.droppedReadOnly())
                    + " (as describe-task-definition prints them).");
        }
        context.log().info("Based on " + displayName + ".");
        return result.request();
    }

    private static RenderSpec spec(RunContext context) {
        ActionInputs inputs = context.inputs();
        ImageRef planned = context.state().get(Results.IMAGE);
        String image = planned != null ? planned.uri() : inputs.string(Input.IMAGE);
        Map<String, String> secrets = new LinkedHashMap<>();
        String secretsFrom = inputs.string(Input.SECRETS_FROM);
        if (secretsFrom != null) {
            secrets.putAll(SecretsFrom.references(context.aws().secretsManager(), secretsFrom, context.log()));
        }
        secrets.putAll(inputs.keyValues(Input.SECRETS));
        return new RenderSpec(image, inputs.list(Input.CONTAINER_NAME), inputs.keyValues(Input.ENVIRONMENT_VARIABLES),
                secrets, overrides(inputs));
    }

    /** The render action's inputs, each value checked so a bad one is exit 2 naming it. */
    private static RenderOverrides overrides(ActionInputs inputs) {
        List<String> command = List.of();
        if (inputs.isSet(Input.CONTAINER_COMMAND)) {
            CommandWords.Parsed parsed = CommandWords.parse(inputs.string(Input.CONTAINER_COMMAND));
            parsed.problemText().ifPresent(problem -> {
                throw inputs.invalid(Input.CONTAINER_COMMAND, "it is not a command: " + problem + ".");
            });
            command = parsed.words();
        }
        for (String file : inputs.list(Input.ENV_FILES)) {
            RenderOverrides.envFileProblem(file).ifPresent(problem -> {
                throw inputs.invalid(Input.ENV_FILES, problem + ".");
            });
        }
        check(inputs, Input.LOG_CONFIGURATION_LOG_DRIVER, RenderOverrides::logDriverProblem);
        check(inputs, Input.TASK_ROLE_ARN, RenderOverrides::roleArnProblem);
        check(inputs, Input.EXECUTION_ROLE_ARN, RenderOverrides::roleArnProblem);
        check(inputs, Input.TASK_CPU, RenderOverrides::cpuProblem);
        check(inputs, Input.TASK_MEMORY, RenderOverrides::memoryProblem);
        inputs.keyValues(Input.TASK_DEFINITION_TAGS).forEach((key, value) ->
                RenderOverrides.tagProblem(key, value).ifPresent(problem -> {
                    throw inputs.invalid(Input.TASK_DEFINITION_TAGS, problem + ".");
                }));
        return new RenderOverrides(inputs.keyValues(Input.DOCKER_LABELS), command, inputs.list(Input.ENV_FILES),
                inputs.string(Input.LOG_CONFIGURATION_LOG_DRIVER), inputs.keyValues(Input.LOG_CONFIGURATION_OPTIONS),
                inputs.string(Input.TASK_ROLE_ARN), inputs.string(Input.EXECUTION_ROLE_ARN),
                inputs.string(Input.TASK_CPU), inputs.string(Input.TASK_MEMORY),
                inputs.keyValues(Input.TASK_DEFINITION_TAGS));
    }

    private static void check(ActionInputs inputs, Input input,
                              java.util.function.Function<String, java.util.Optional<String>> problemOf) {
        if (inputs.isSet(input)) {
            problemOf.apply(inputs.string(input)).ifPresent(problem -> {
                throw inputs.invalid(input, problem + ".");
            });
        }
    }

    private static void describe(ActionLog log, RegisterTaskDefinitionRequest rendered, RenderSpec spec,
                                 DescribeTaskDefinitionResponse current, boolean compared) {
        List<String> targets = TaskDefinitionRenderer.targetContainers(rendered.containerDefinitions(),
                spec.containerNames());
        log.info("Family " + rendered.family() + "; containers " + String.join(", ", targets)
                + (spec.image() == null ? " keep their images" : " get " + spec.image()) + ".");
        if (!spec.environment().isEmpty()) {
            log.info("Variables set: " + String.join(", ", spec.environment().keySet()) + ".");
        }
        if (!spec.secrets().isEmpty()) {
            log.info("Secrets set: " + String.join(", ", spec.secrets().keySet()) + ".");
        }
        if (current != null) {
            log.info("Compared with " + revisionName(current) + ".");
        } else if (compared) {
            log.info("No registered revision to compare with: this will be the family's first.");
        }
    }

    /** The revision with its tags, or empty when the family or ARN has no ACTIVE revision. */
    static java.util.Optional<DescribeTaskDefinitionResponse> describe(EcsClient ecs, String familyOrArn) {
        try {
            return java.util.Optional.of(ecs.describeTaskDefinition(r -> r.taskDefinition(familyOrArn)
                    .include(TaskDefinitionField.TAGS)));
        } catch (ClientException e) {
            return java.util.Optional.empty();
        }
    }

    static String revisionName(DescribeTaskDefinitionResponse response) {
        return response.taskDefinition().family() + ":" + response.taskDefinition().revision();
    }
}
