package dev.ecsdeploy.preflight;

import dev.ecsdeploy.aws.AwsClients;
import dev.ecsdeploy.aws.EcrImages;
import dev.ecsdeploy.aws.EcsServices;
import dev.ecsdeploy.config.ActionInputs;
import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.pipeline.ImageRef;
import dev.ecsdeploy.pipeline.RunContext;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.taskdef.SecretReference;
import dev.ecsdeploy.taskdef.SecretsVerifier;
import dev.ecsdeploy.taskdef.TaskDefinitionRenderer;
import dev.ecsdeploy.taskdef.TaskDefinitionWork;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.util.SourceDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The pre-flight, while planning: after the task definition is rendered and before anything changes, everything AWS
 * would refuse or a deployment would die of — ECS's registration rules, the service's launch type and network, the
 * images (reference, presence, platform), secrets, alarms and deployment percentages — all reported at once, one
 * {@code ::error} each at the key's line in the user's file, then exit 2.
 */
public final class PreflightStep implements Step {
    private final TaskDefinitionWork work;
    private final boolean lookInAws;

    public PreflightStep(TaskDefinitionWork work) {
        this(work, true);
    }

    /** @param lookInAws false for {@code render}: only the rules that need no AWS */
    public PreflightStep(TaskDefinitionWork work, boolean lookInAws) {
        this.work = work;
        this.lookInAws = lookInAws;
    }

    @Override
    public String name() {
        return "pre-flight";
    }

    @Override
    public void plan(RunContext context) {
        RegisterTaskDefinitionRequest task = work.rendered();
        List<String> targets = TaskDefinitionRenderer.targetContainers(task.containerDefinitions(),
                context.inputs().list(Input.CONTAINER_NAME));
        List<Problem> problems = new ArrayList<>(TaskDefinitionRules.check(task));
        List<Integer> pullable = imageReferences(context, task, targets, problems);
        if (lookInAws) {
            String serviceName = context.inputs().string(Input.SERVICE);
            if (serviceName != null) {
                Service service = EcsServices.describe(context.aws().ecs(), context.inputs().string(Input.CLUSTER),
                        serviceName);
                problems.addAll(ServiceRules.check(task, service));
                percentages(context.inputs(), service).ifPresent(problems::add);
            }
            images(context, task, targets, pullable, problems);
            secrets(context, task, problems);
            alarms(context, problems);
        }
        if (!problems.isEmpty()) {
            throw BadInputException.all(problems.stream().map(problem -> report(problem, work.source())).toList());
        }
        context.log().info("Pre-flight: the task definition" + (lookInAws ? ", the service, images, secrets and"
                + " alarms" : "") + " pass ECS's rules.");
    }

    /** Every image must be a reference Docker can pull; returns the containers whose images are worth looking up. */
    private static List<Integer> imageReferences(RunContext context, RegisterTaskDefinitionRequest task,
                                                 List<String> targets, List<Problem> problems) {
        List<Integer> valid = new ArrayList<>();
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition container = containers.get(i);
            Optional<String> problem = ImageReferences.problem(container.image());
            if (problem.isEmpty()) {
                valid.add(i);
                continue;
            }
            boolean fromInput = targets.contains(container.name()) && context.inputs().isSet(Input.IMAGE);
            problems.add(new Problem(fromInput ? Input.IMAGE.inputName() : Problem.TASK_DEFINITION,
                    "containerDefinitions[" + i + "].image", (fromInput ? "Input image" : "Container "
                    + container.name()) + ": " + problem.get()));
        }
        return valid;
    }

    /** ECR images: in the registry the host names, with the tag or digest, for the task's platform. */
    private static void images(RunContext context, RegisterTaskDefinitionRequest task, List<String> targets,
                               List<Integer> pullable, List<Problem> problems) {
        String wanted = ImagePlatforms.of(task.runtimePlatform());
        ImageRef planned = context.state().image();
        Map<String, ImageFacts> byRegion = new HashMap<>();
        List<AwsClients> otherRegions = new ArrayList<>();
        String ownHost = null;
        try {
            for (int i : pullable) {
                ContainerDefinition container = task.containerDefinitions().get(i);
                boolean target = targets.contains(container.name());
                String at = "containerDefinitions[" + i + "].image";
                if (target && planned != null && planned.built()) {
                    String platform = context.inputs().string(Input.PLATFORM);
                    ImagePlatforms.mismatch(container.image(), ImagePlatforms.ofBuildInput(platform == null
                            ? "linux/amd64" : platform), wanted).ifPresent(problem -> problems.add(new Problem(
                            Input.PLATFORM.inputName(), at, "Input platform: " + problem)));
                    continue;
                }
                EcrImages.ImageName image = EcrImages.ImageName.parse(container.image());
                String region = context.region();
                if (EcrImages.isEcrHost(image.host())) {
                    region = image.host().split("\\.")[3];
                } else {
                    if (ownHost == null) {
                        ownHost = registryHost(context);
                    }
                    if (image.host() == null || !image.host().equals(ownHost)) {
                        continue;
                    }
                }
                ImageFacts facts = byRegion.computeIfAbsent(region, r -> {
                    if (r.equals(context.region())) {
                        return new ImageFacts(context.aws().ecr());
                    }
                    AwsClients other = new AwsClients(r, context.env());
                    otherRegions.add(other);
                    return new ImageFacts(other.ecr());
                });
                String input = target && context.inputs().isSet(Input.IMAGE) ? Input.IMAGE.inputName()
                        : Problem.TASK_DEFINITION;
                ImageFacts.Found found = facts.look(image);
                if (found.missing() != null) {
                    problems.add(new Problem(input, at, "The image " + container.image() + " of container "
                            + container.name() + " cannot be pulled: " + found.missing() + ". Push it first."));
                } else {
                    ImagePlatforms.mismatch(container.image(), found.platforms(), wanted)
                            .ifPresent(problem -> problems.add(new Problem(input, at, problem)));
                }
            }
        } finally {
            otherRegions.forEach(AwsClients::close);
        }
    }

    private static String registryHost(RunContext context) {
        try {
            return EcrImages.registryHost(context.aws().ecr());
        } catch (SdkException e) {
            return "";
        }
    }

    /** Secrets Manager and SSM references resolve (with verify-secrets, the default). */
    private static void secrets(RunContext context, RegisterTaskDefinitionRequest task, List<Problem> problems) {
        if (!context.inputs().bool(Input.VERIFY_SECRETS)) {
            return;
        }
        List<SecretsVerifier.Check> checks = new SecretsVerifier(context.aws().secretsManager(), context.log())
                .verify(task);
        Set<String> parameters = new LinkedHashSet<>();
        checks.stream().filter(check -> check.reference().kind() == SecretReference.Kind.SSM_PARAMETER)
                .forEach(check -> parameters.add(check.valueFrom()));
        Set<String> missing = parameters.isEmpty() ? Set.of()
                : SsmParameters.missing(context.aws().ssm(), context.log(), parameters);
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            List<Secret> secrets = containers.get(i).secrets();
            for (int s = 0; s < secrets.size(); s++) {
                Secret secret = secrets.get(s);
                String container = containers.get(i).name();
                String problem = checks.stream().filter(c -> c.container().equals(container)
                                && c.name().equals(secret.name())).findFirst().map(SecretsVerifier.Check::problem)
                        .orElse(null);
                if (problem == null && missing.contains(secret.valueFrom())) {
                    problem = "SSM Parameter Store has no such parameter";
                }
                if (problem != null) {
                    problems.add(new Problem(secretInput(context, secret.name()), "containerDefinitions[" + i
                            + "].secrets[" + s + "].valueFrom", "Container " + container + ", secret " + secret.name()
                            + " = " + secret.valueFrom() + ": " + problem + "; ECS would fail every task with"
                            + " ResourceInitializationError. Fix the reference or the secret (or set verify-secrets:"
                            + " false to skip this check)."));
                }
            }
        }
    }

    private static String secretInput(RunContext context, String name) {
        if (context.inputs().keyValues(Input.SECRETS).containsKey(name)) {
            return Input.SECRETS.inputName();
        }
        return context.inputs().isSet(Input.SECRETS_FROM) ? Input.SECRETS_FROM.inputName() : Problem.TASK_DEFINITION;
    }

    private static void alarms(RunContext context, List<Problem> problems) {
        List<String> names = context.inputs().list(Input.ALARMS);
        if (names.isEmpty()) {
            return;
        }
        Set<String> found = new LinkedHashSet<>();
        context.aws().cloudWatch().describeAlarmsPaginator(r -> r.alarmNames(names)).metricAlarms()
                .forEach((MetricAlarm alarm) -> found.add(alarm.alarmName()));
        context.aws().cloudWatch().describeAlarmsPaginator(r -> r.alarmNames(names)
                        .alarmTypesWithStrings("CompositeAlarm")).compositeAlarms()
                .forEach(alarm -> found.add(alarm.alarmName()));
        List<String> missing = names.stream().filter(name -> !found.contains(name)).toList();
        if (!missing.isEmpty()) {
            problems.add(new Problem(Input.ALARMS.inputName(), null, "Input alarms: CloudWatch has no alarm "
                    + String.join(", ", missing) + " in this account and region; a deployment would watch nothing."
                    + " Create " + (missing.size() == 1 ? "it" : "them") + " or fix the name."));
        }
    }

    /** Rolling deployments of an ECS-controlled service: the percentages given, else the service's. */
    private static Optional<Problem> percentages(ActionInputs inputs, Service service) {
        boolean ecsController = service.deploymentController() == null
                || "ECS".equals(service.deploymentController().typeAsString());
        DeploymentConfiguration configuration = service.deploymentConfiguration();
        String configured = configuration == null ? null : configuration.strategyAsString();
        String requested = inputs.string(Input.STRATEGY);
        boolean rolling = "rolling".equals(requested) || ((requested == null || "auto".equals(requested))
                && (configured == null || "ROLLING".equals(configured)));
        if (!ecsController || !rolling) {
            return Optional.empty();
        }
        int minimum = firstOf(inputs.integer(Input.MINIMUM_HEALTHY_PERCENT),
                configuration == null ? null : configuration.minimumHealthyPercent(), 100);
        int maximum = firstOf(inputs.integer(Input.MAXIMUM_PERCENT),
                configuration == null ? null : configuration.maximumPercent(), 200);
        int desired = firstOf(inputs.integer(Input.DESIRED_COUNT), service.desiredCount(), 1);
        String input = inputs.isSet(Input.MINIMUM_HEALTHY_PERCENT) || !inputs.isSet(Input.MAXIMUM_PERCENT)
                ? Input.MINIMUM_HEALTHY_PERCENT.inputName() : Input.MAXIMUM_PERCENT.inputName();
        return DeploymentPercentages.problem(minimum, maximum, desired)
                .map(message -> new Problem(input, null, "Service " + service.serviceName() + ": " + message));
    }

    private static int firstOf(Integer given, Integer configured, int fallback) {
        return given != null ? given : configured != null ? configured : fallback;
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
