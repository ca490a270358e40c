package dev.ecsdeploy.preflight;

import dev.ecsdeploy.aws.EcrImages;
import dev.ecsdeploy.util.SdkJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerDependency;
import software.amazon.awssdk.services.ecs.model.LinuxParameters;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.ResourceRequirement;
import software.amazon.awssdk.services.ecs.model.Volume;

/**
 * What RegisterTaskDefinition refuses, checked on the rendered request before anything is registered. Pure: the
 * request in, every problem out (not just the first). The AWS source of each rule is in docs/preflight.md.
 */
public final class TaskDefinitionRules {
    /** ECS's quota on one task definition (ECS service quotas: "Task definition size", 64 KiB). */
    static final int MAX_BYTES = 64 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,255}");
    private static final String FARGATE = "FARGATE";
    private static final String AWSVPC = "awsvpc";

    private TaskDefinitionRules() {
    }

    public static List<Problem> check(RegisterTaskDefinitionRequest task) {
        List<Problem> problems = new ArrayList<>();
        family(task, problems);
        boolean fargate = task.requiresCompatibilitiesAsStrings().contains(FARGATE);
        if (fargate) {
            fargateTask(task, problems);
        }
        executionRole(task, fargate, problems);
        Map<String, Integer> firstIndex = new HashMap<>();
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition container = containers.get(i);
            String at = "containerDefinitions[" + i + "]";
            containerName(container, at, firstIndex, i, problems);
            networking(task.networkModeAsString(), container, at, problems);
            memory(task, container, at, problems);
            if (fargate) {
                fargateContainer(container, at, problems);
            }
        }
        reservations(task, problems);
        for (int i = 0; i < containers.size(); i++) {
            dependsOn(containers.get(i), "containerDefinitions[" + i + "]", firstIndex, problems);
        }
        if (!containers.isEmpty() && containers.stream().allMatch(c -> Boolean.FALSE.equals(c.essential()))) {
            // Every container says "essential": false, so the first one's key is where to change it.
            problems.add(Problem.at("containerDefinitions[0].essential", "No container is essential: a task needs at"
                    + " least one container with \"essential\": true (ECS treats a container without the key as"
                    + " essential)."));
        }
        int bytes = SdkJson.write(task).toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            problems.add(Problem.at("", "The task definition is " + bytes + " bytes; ECS registers at most " + MAX_BYTES
                    + " (64 KiB). Move large values (environment, command) into files, SSM or Secrets Manager."));
        }
        return problems;
    }

    private static void family(RegisterTaskDefinitionRequest task, List<Problem> problems) {
        if (task.family() == null || task.family().isEmpty()) {
            problems.add(Problem.at("family", "The task definition has no family: name it with \"family\"."));
        } else if (!NAME.matcher(task.family()).matches()) {
            problems.add(Problem.at("family", "The family \"" + task.family() + "\" is not valid: up to 255 letters,"
                    + " digits, hyphens and underscores."));
        }
    }

    private static void fargateTask(RegisterTaskDefinitionRequest task, List<Problem> problems) {
        if (!AWSVPC.equals(task.networkModeAsString())) {
            problems.add(Problem.at("networkMode", "Fargate runs only the awsvpc network mode; networkMode is "
                    + (task.networkModeAsString() == null ? "not set (bridge)" : task.networkModeAsString())
                    + ". Set \"networkMode\": \"awsvpc\"."));
        }
        OptionalInt cpu = FargateSizes.cpuUnits(task.cpu());
        OptionalInt memory = FargateSizes.memoryMiB(task.memory());
        if (task.cpu() == null) {
            // A missing key has no line: the error stands where FARGATE asks for it.
            problems.add(Problem.at("requiresCompatibilities", "A Fargate task needs a task-level cpu: add \"cpu\""
                    + " (such as \"256\")."));
        } else if (cpu.isEmpty()) {
            problems.add(Problem.at("cpu", "The task cpu \"" + task.cpu() + "\" is neither CPU units nor vCPU."));
        }
        if (task.memory() == null) {
            problems.add(Problem.at("requiresCompatibilities", "A Fargate task needs a task-level memory: add"
                    + " \"memory\" (such as \"512\")."));
        } else if (memory.isEmpty()) {
            problems.add(Problem.at("memory", "The task memory \"" + task.memory() + "\" is neither MiB nor GB."));
        }
        if (cpu.isPresent() && memory.isPresent()) {
            String size = FargateSizes.problem(cpu.getAsInt(), memory.getAsInt());
            if (size != null) {
                problems.add(Problem.at("memory", size));
            }
        }
        if (task.ipcMode() != null) {
            problems.add(Problem.at("ipcMode", "Fargate does not support ipcMode; remove it."));
        }
        if ("host".equals(task.pidModeAsString())) {
            problems.add(Problem.at("pidMode", "Fargate does not support pidMode host (only task)."));
        }
        if (!task.placementConstraints().isEmpty()) {
            problems.add(Problem.at("placementConstraints", "Fargate does not support placementConstraints; remove"
                    + " them."));
        }
        List<Volume> volumes = task.volumes();
        for (int i = 0; i < volumes.size(); i++) {
            if (volumes.get(i).host() != null && volumes.get(i).host().sourcePath() != null) {
                problems.add(Problem.at("volumes[" + i + "].host.sourcePath", "Fargate does not support a host"
                        + " sourcePath; remove \"host\" for a bind mount in the task's own storage, or use EFS."));
            }
            if (volumes.get(i).dockerVolumeConfiguration() != null) {
                problems.add(Problem.at("volumes[" + i + "].dockerVolumeConfiguration", "Fargate does not support"
                        + " Docker volumes (dockerVolumeConfiguration); use a bind mount or EFS."));
            }
        }
    }

    /** The agent pulls private ECR images, sends awslogs and reads secrets with the execution role. */
    private static void executionRole(RegisterTaskDefinitionRequest task, boolean fargate, List<Problem> problems) {
        if (task.executionRoleArn() != null && !task.executionRoleArn().isBlank()) {
            return;
        }
        List<String> needs = new ArrayList<>();
        // The missing executionRoleArn has no line: the error stands at the first key that needs it.
        String firstNeed = null;
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            ContainerDefinition container = containers.get(i);
            String at = "containerDefinitions[" + i + "]";
            if (!container.secrets().isEmpty()) {
                needs.add("container " + container.name() + " has secrets");
                firstNeed = firstNeed == null ? at + ".secrets" : firstNeed;
            }
            if (container.logConfiguration() != null && !container.logConfiguration().secretOptions().isEmpty()) {
                needs.add("container " + container.name() + " has log secretOptions");
                firstNeed = firstNeed == null ? at + ".logConfiguration.secretOptions" : firstNeed;
            }
            if (container.repositoryCredentials() != null) {
                needs.add("container " + container.name() + " has repositoryCredentials");
                firstNeed = firstNeed == null ? at + ".repositoryCredentials" : firstNeed;
            }
            if (fargate && container.logConfiguration() != null
                    && container.logConfiguration().logDriver() == LogDriver.AWSLOGS) {
                needs.add("container " + container.name() + " logs with awslogs on Fargate");
                firstNeed = firstNeed == null ? at + ".logConfiguration.logDriver" : firstNeed;
            }
            if (fargate && container.image() != null
                    && EcrImages.isEcrHost(EcrImages.ImageName.parse(container.image()).host())) {
                needs.add("container " + container.name() + " pulls a private ECR image on Fargate");
                firstNeed = firstNeed == null ? at + ".image" : firstNeed;
            }
        }
        if (!needs.isEmpty()) {
            problems.add(Problem.at(firstNeed, "The task needs an executionRoleArn: " + String.join(", ", needs)
                    + ". Add the ARN of a role with AmazonECSTaskExecutionRolePolicy."));
        }
    }

    private static void containerName(ContainerDefinition container, String at, Map<String, Integer> firstIndex,
                                      int index, List<Problem> problems) {
        String name = container.name();
        if (name == null || name.isEmpty()) {
            problems.add(Problem.at(at + ".name", "A container needs a name."));
            return;
        }
        if (!NAME.matcher(name).matches()) {
            problems.add(Problem.at(at + ".name", "The container name \"" + name + "\" is not valid: up to 255"
                    + " letters, digits, hyphens and underscores."));
        }
        Integer earlier = firstIndex.putIfAbsent(name, index);
        if (earlier != null) {
            problems.add(Problem.at(at + ".name", "Two containers are named \"" + name + "\" (containerDefinitions["
                    + earlier + "] too): container names must be unique."));
        }
    }

    private static void networking(String networkMode, ContainerDefinition container, String at,
                                   List<Problem> problems) {
        boolean awsvpc = AWSVPC.equals(networkMode);
        if (awsvpc || "host".equals(networkMode)) {
            List<PortMapping> ports = container.portMappings();
            for (int p = 0; p < ports.size(); p++) {
                PortMapping port = ports.get(p);
                if (port.hostPort() != null && !port.hostPort().equals(port.containerPort())) {
                    problems.add(Problem.at(at + ".portMappings[" + p + "].hostPort", "Under networkMode " + networkMode
                            + " the hostPort must equal the containerPort or be left out: hostPort " + port.hostPort()
                            + ", containerPort " + port.containerPort() + "."));
                }
            }
        }
        if (awsvpc && container.hostname() != null) {
            problems.add(Problem.at(at + ".hostname", "hostname is not supported under networkMode awsvpc; remove"
                    + " it."));
        }
        if (awsvpc && !container.links().isEmpty()) {
            problems.add(Problem.at(at + ".links", "links are not supported under networkMode awsvpc: containers of"
                    + " a task reach each other on localhost."));
        }
    }

    private static void memory(RegisterTaskDefinitionRequest task, ContainerDefinition container, String at,
                               List<Problem> problems) {
        OptionalInt taskMemory = FargateSizes.memoryMiB(task.memory());
        if (task.memory() == null && container.memory() == null && container.memoryReservation() == null) {
            problems.add(Problem.at(at + ".memory", "Container " + container.name() + " needs memory or"
                    + " memoryReservation, since the task sets no memory."));
        }
        if (container.memory() != null && container.memoryReservation() != null
                && container.memoryReservation() > container.memory()) {
            problems.add(Problem.at(at + ".memoryReservation", "Container " + container.name() + ": memoryReservation "
                    + container.memoryReservation() + " is above its memory limit " + container.memory() + "."));
        }
        if (taskMemory.isPresent() && container.memory() != null && container.memory() > taskMemory.getAsInt()) {
            problems.add(Problem.at(at + ".memory", "Container " + container.name() + " asks for "
                    + container.memory() + " MiB, more than the task's memory " + taskMemory.getAsInt() + " MiB."));
        }
    }

    /** The containers' soft limits together must fit in the task's memory (ContainerDefinition, memory). */
    private static void reservations(RegisterTaskDefinitionRequest task, List<Problem> problems) {
        OptionalInt taskMemory = FargateSizes.memoryMiB(task.memory());
        if (taskMemory.isEmpty()) {
            return;
        }
        int reserved = 0;
        List<ContainerDefinition> containers = task.containerDefinitions();
        for (int i = 0; i < containers.size(); i++) {
            Integer reservation = containers.get(i).memoryReservation();
            reserved += reservation == null ? 0 : reservation;
            if (reserved > taskMemory.getAsInt()) {
                // At the container whose reservation tips the sum over: the first place to give some back.
                problems.add(Problem.at("containerDefinitions[" + i + "].memoryReservation", "The containers reserve "
                        + reserved + " MiB (memoryReservation) up to " + containers.get(i).name() + ", more than"
                        + " the task's memory " + taskMemory.getAsInt() + " MiB."));
                return;
            }
        }
    }

    private static void dependsOn(ContainerDefinition container, String at, Map<String, Integer> names,
                                  List<Problem> problems) {
        List<ContainerDependency> dependencies = container.dependsOn();
        for (int d = 0; d < dependencies.size(); d++) {
            String target = dependencies.get(d).containerName();
            if (target == null || !names.containsKey(target)) {
                problems.add(Problem.at(at + ".dependsOn[" + d + "].containerName", "Container " + container.name()
                        + " depends on \"" + target + "\", which is not a container of this task (it has "
                        + String.join(", ", names.keySet()) + ")."));
            } else if (target.equals(container.name())) {
                problems.add(Problem.at(at + ".dependsOn[" + d + "].containerName", "Container " + container.name()
                        + " depends on itself."));
            }
        }
    }

    /** Container parameters Fargate does not take (ECS developer guide, "Task definition differences for Fargate"). */
    private static void fargateContainer(ContainerDefinition container, String at, List<Problem> problems) {
        Map<String, Boolean> unsupported = new java.util.LinkedHashMap<>();
        unsupported.put("privileged", Boolean.TRUE.equals(container.privileged()));
        unsupported.put("disableNetworking", container.disableNetworking() != null);
        unsupported.put("dnsServers", !container.dnsServers().isEmpty());
        unsupported.put("dnsSearchDomains", !container.dnsSearchDomains().isEmpty());
        unsupported.put("dockerSecurityOptions", !container.dockerSecurityOptions().isEmpty());
        unsupported.put("extraHosts", !container.extraHosts().isEmpty());
        LinuxParameters linux = container.linuxParameters();
        if (linux != null) {
            unsupported.put("linuxParameters.devices", !linux.devices().isEmpty());
            unsupported.put("linuxParameters.sharedMemorySize", linux.sharedMemorySize() != null);
            unsupported.put("linuxParameters.tmpfs", !linux.tmpfs().isEmpty());
            unsupported.put("linuxParameters.maxSwap", linux.maxSwap() != null);
            unsupported.put("linuxParameters.swappiness", linux.swappiness() != null);
        }
        unsupported.forEach((key, present) -> {
            if (present) {
                problems.add(Problem.at(at + "." + key, "Fargate does not support " + key + " (container "
                        + container.name() + "); remove it."));
            }
        });
        if (linux != null && linux.capabilities() != null) {
            List<String> added = linux.capabilities().add();
            for (int c = 0; c < added.size(); c++) {
                if (!added.get(c).equals("SYS_PTRACE") && !added.get(c).equals("CAP_SYS_PTRACE")) {
                    problems.add(Problem.at(at + ".linuxParameters.capabilities.add[" + c + "]", "Fargate can add"
                            + " only the SYS_PTRACE capability, not " + added.get(c) + " (container "
                            + container.name() + ")."));
                }
            }
        }
        List<ResourceRequirement> resources = container.resourceRequirements();
        for (int r = 0; r < resources.size(); r++) {
            if ("GPU".equals(resources.get(r).typeAsString())) {
                problems.add(Problem.at(at + ".resourceRequirements[" + r + "]", "Fargate has no GPUs (container "
                        + container.name() + ")."));
            }
        }
    }
}
