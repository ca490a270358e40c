package dev.ecsdeploy.taskdef;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.EnvironmentFile;
import software.amazon.awssdk.services.ecs.model.EnvironmentFileType;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Secret;
import software.amazon.awssdk.services.ecs.model.Tag;

/**
 * Puts the image, variables, secrets, labels, command, environment files and logging into the chosen containers, and
 * the roles, cpu and memory into the task. Pure: the request in, the request out.
 */
public final class TaskDefinitionRenderer {
    private TaskDefinitionRenderer() {
    }

    public static RegisterTaskDefinitionRequest render(RegisterTaskDefinitionRequest base, RenderSpec spec) {
        Set<String> targets = Set.copyOf(targetContainers(base.containerDefinitions(), spec.containerNames()));
        List<ContainerDefinition> containers = new ArrayList<>();
        for (ContainerDefinition container : base.containerDefinitions()) {
            containers.add(targets.contains(container.name()) ? render(container, spec) : container);
        }
        RenderOverrides task = spec.overrides();
        RegisterTaskDefinitionRequest.Builder builder = base.toBuilder().containerDefinitions(containers);
        if (task.taskRoleArn() != null) {
            builder.taskRoleArn(task.taskRoleArn());
        }
        if (task.executionRoleArn() != null) {
            builder.executionRoleArn(task.executionRoleArn());
        }
        if (task.cpu() != null) {
            builder.cpu(task.cpu());
        }
        if (task.memory() != null) {
            builder.memory(task.memory());
        }
        if (!task.tags().isEmpty()) {
            builder.tags(mergeByName(base.tags(), task.tags(), Tag::key,
                    (key, value) -> Tag.builder().key(key).value(value).build()));
        }
        return builder.build();
    }

    private static ContainerDefinition render(ContainerDefinition container, RenderSpec spec) {
        ContainerDefinition.Builder builder = container.toBuilder();
        if (spec.image() != null) {
            builder.image(spec.image());
        }
        if (!spec.environment().isEmpty()) {
            builder.environment(mergeByName(container.environment(), spec.environment(), KeyValuePair::name,
                    (name, value) -> KeyValuePair.builder().name(name).value(value).build()));
        }
        if (!spec.secrets().isEmpty()) {
            builder.secrets(mergeByName(container.secrets(), spec.secrets(), Secret::name,
                    (name, valueFrom) -> Secret.builder().name(name).valueFrom(valueFrom).build()));
        }
        RenderOverrides overrides = spec.overrides();
        if (!overrides.dockerLabels().isEmpty()) {
            Map<String, String> labels = new LinkedHashMap<>(container.dockerLabels());
            labels.putAll(overrides.dockerLabels());
            builder.dockerLabels(labels);
        }
        if (!overrides.command().isEmpty()) {
            builder.command(overrides.command());
        }
        if (!overrides.envFiles().isEmpty()) {
            List<EnvironmentFile> files = new ArrayList<>(container.environmentFiles());
            for (String arn : overrides.envFiles()) {
                if (files.stream().noneMatch(file -> file.value().equals(arn))) {
                    files.add(EnvironmentFile.builder().type(EnvironmentFileType.S3).value(arn).build());
                }
            }
            builder.environmentFiles(files);
        }
        if (overrides.logDriver() != null || !overrides.logOptions().isEmpty()) {
            LogConfiguration current = container.logConfiguration();
            String driver = overrides.logDriver() != null ? overrides.logDriver()
                    : current == null ? null : current.logDriverAsString();
            // Options belong to a driver: a new driver starts from none, the same driver keeps its own.
            Map<String, String> options = new LinkedHashMap<>(current != null && driver != null
                    && driver.equals(current.logDriverAsString()) ? current.options() : Map.of());
            options.putAll(overrides.logOptions());
            builder.logConfiguration(LogConfiguration.builder().logDriver(driver).options(options)
                    .secretOptions(current != null && driver != null && driver.equals(current.logDriverAsString())
                            ? current.secretOptions() : List.of())
                    .build());
        }
        return builder.build();
    }

    /** Existing entries keep their place and get the new value; new names are appended in the order given. */
    static <T> List<T> mergeByName(List<T> existing, Map<String, String> values, Function<T, String> nameOf,
                                   java.util.function.BiFunction<String, String, T> create) {
        Map<String, T> merged = new LinkedHashMap<>();
        for (T entry : existing) {
            merged.put(nameOf.apply(entry), entry);
        }
        values.forEach((name, value) -> merged.put(name, create.apply(name, value)));
        return List.copyOf(merged.values());
    }

    /**
     * The containers to change: those named (each must exist), else the only container, else the only essential one
     * (ECS treats a container without {@code essential} as essential).
     */
    public static List<String> targetContainers(List<ContainerDefinition> containers, List<String> named) {
        List<String> names = containers.stream().map(ContainerDefinition::name).toList();
        if (containers.isEmpty()) {
            throw new BadInputException(Input.TASK_DEFINITION.inputName(),
                    "The task definition has no containerDefinitions.");
        }
        if (!named.isEmpty()) {
            for (String name : named) {
                if (!names.contains(name)) {
                    throw new BadInputException(Input.CONTAINER_NAME.inputName(), "Input container-name: the task"
                            + " definition has no container \"" + name + "\"; it has " + String.join(", ", names) + ".");
                }
            }
            return named;
        }
        if (containers.size() == 1) {
            return names;
        }
        List<String> essential = containers.stream().filter(c -> !Boolean.FALSE.equals(c.essential()))
                .map(ContainerDefinition::name).toList();
        if (essential.size() == 1) {
            return essential;
        }
        throw new BadInputException(Input.CONTAINER_NAME.inputName(), "Input container-name is required: the task"
                + " definition has " + (essential.isEmpty() ? "" : essential.size() + " essential ") + "containers "
                + String.join(", ", essential.isEmpty() ? names : essential) + "; say which get the image.");
    }
}
