package dev.ecsdeploy.sandbox.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * What ECS refuses at RegisterTaskDefinition, from the ECS API reference and the developer guide ("Task definition
 * parameters", "Task definition parameters for Amazon ECS Fargate", the Fargate task CPU and memory table, service
 * quotas), each rule with its message as ECS words it (docs/sandbox.md says which wording is verified). ECS answers
 * the first problem it finds, so this does too. Pure: the request in, the refusal's message out.
 */
public final class TaskDefinitionRules {
    /** The task definition size quota: 64 KiB. */
    static final int MAX_BYTES = 65_536;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private static final Pattern ECR_IMAGE = Pattern.compile("\\d{12}\\.dkr\\.ecr(-fips)?\\.[a-z0-9-]+\\.amazonaws"
            + "\\.com(\\.cn)?/.*");
    private static final Pattern VCPU = Pattern.compile("(?i)\\s*(\\d*\\.?\\d+)\\s*vcpu\\s*");
    private static final Pattern GB = Pattern.compile("(?i)\\s*(\\d*\\.?\\d+)\\s*gb\\s*");
    private static final Pattern INTEGER = Pattern.compile("\\s*\\d+\\s*");

    /** Fargate task cpu (units) → the memory values (MiB) it allows: {first, last, step} (256: 0.5, 1, 2 GB). */
    private static final Map<Integer, int[]> FARGATE_MEMORY = Map.of(
            256, new int[] {512, 2048, 512},
            512, new int[] {1024, 4096, 1024},
            1024, new int[] {2048, 8192, 1024},
            2048, new int[] {4096, 16384, 1024},
            4096, new int[] {8192, 30720, 1024},
            8192, new int[] {16384, 61440, 4096},
            16384, new int[] {32768, 122880, 8192});

    /** Container parameters the Fargate differences page lists as not valid on Fargate (besides privileged, links). */
    private static final List<String> FARGATE_UNSUPPORTED_CONTAINER_KEYS = List.of("disableNetworking",
            "dnsSearchDomains", "dnsServers", "dockerSecurityOptions", "extraHosts");
    /** linuxParameters Fargate does not support (besides devices, and capabilities beyond SYS_PTRACE). */
    private static final List<String> FARGATE_UNSUPPORTED_LINUX_KEYS = List.of("sharedMemorySize", "tmpfs",
            "maxSwap", "swappiness");

    private TaskDefinitionRules() {
    }

    /**
     * @param request      the RegisterTaskDefinition input
     * @param requestBytes its size on the wire
     * @return ECS's ClientException message for the first rule the request breaks, or empty
     */
    public static Optional<String> refusal(JsonNode request, int requestBytes) {
        if (requestBytes > MAX_BYTES) {
            return Optional.of("Actual length: '" + requestBytes + "'. Max allowed length is '" + MAX_BYTES
                    + "' bytes.");
        }
        String family = request.path("family").asText("");
        if (!NAME.matcher(family).matches()) {
            return Optional.of("Family contains invalid characters.");
        }
        JsonNode containers = request.path("containerDefinitions");
        if (containers.isEmpty()) {
            return Optional.of("Container list cannot be empty.");
        }
        Set<String> names = new HashSet<>();
        for (JsonNode container : containers) {
            String name = container.path("name").asText("");
            if (name.isBlank()) {
                return Optional.of("Container.name should not be null or empty.");
            }
            if (!NAME.matcher(name).matches()) {
                return Optional.of("Container.name contains invalid characters.");
            }
            if (container.path("image").asText("").isBlank()) {
                return Optional.of("Container.image should not be null or empty.");
            }
            if (!names.add(name)) {
                return Optional.of("Container names must be unique within a Task Definition.");
            }
        }
        String networkMode = request.path("networkMode").asText("bridge");
        boolean fargate = texts(request.path("requiresCompatibilities")).contains("FARGATE");
        Integer taskMemory = memory(request.path("memory"));
        if (fargate) {
            Optional<String> problem = fargateProblem(request, networkMode);
            if (problem.isPresent()) {
                return problem;
            }
        }
        Optional<String> role = executionRoleProblem(request, fargate);
        if (role.isPresent()) {
            return role;
        }
        Optional<String> network = networkModeProblem(containers, networkMode);
        if (network.isPresent()) {
            return network;
        }
        boolean anyEssential = false;
        int reserved = 0;
        for (JsonNode container : containers) {
            String name = container.path("name").asText();
            JsonNode memory = container.get("memory");
            if (taskMemory == null && isNull(memory) && isNull(container.get("memoryReservation"))) {
                return Optional.of("Invalid setting for container '" + name + "'. At least one of 'memory' or"
                        + " 'memoryReservation' must be specified.");
            }
            if (taskMemory != null && !isNull(memory) && memory.asInt() > taskMemory) {
                return Optional.of("The 'memory' setting for container '" + name + "' is greater than for the"
                        + " task.");
            }
            JsonNode reservation = container.get("memoryReservation");
            if (!isNull(memory) && !isNull(reservation) && reservation.asInt() > memory.asInt()) {
                return Optional.of("Invalid setting for container '" + name + "'. 'memoryReservation' cannot be"
                        + " greater than 'memory'.");
            }
            reserved += isNull(reservation) ? 0 : reservation.asInt();
            anyEssential |= container.path("essential").asBoolean(true);
        }
        if (taskMemory != null && reserved > taskMemory) {
            return Optional.of("The sum of all container 'memoryReservation' values cannot be greater than the value"
                    + " of the task 'memory'.");
        }
        if (!anyEssential) {
            return Optional.of("Task definition doesn't have any essential container.");
        }
        for (JsonNode container : containers) {
            for (JsonNode dependency : container.path("dependsOn")) {
                String target = dependency.path("containerName").asText("");
                if (!names.contains(target)) {
                    // ECS's message has the stray "+" in it.
                    return Optional.of("Cannot depend on container + '" + target + "' because it does not exist");
                }
            }
        }
        return Optional.empty();
    }

    /** In the stored revision ECS fills a missing awsvpc / host {@code hostPort} with the container port. */
    public static void fillHostPorts(JsonNode taskDefinition) {
        String networkMode = taskDefinition.path("networkMode").asText("bridge");
        if (!networkMode.equals("awsvpc") && !networkMode.equals("host")) {
            return;
        }
        for (JsonNode container : taskDefinition.path("containerDefinitions")) {
            for (JsonNode mapping : container.path("portMappings")) {
                if (mapping.isObject() && isNull(mapping.get("hostPort")) && mapping.has("containerPort")) {
                    ((ObjectNode) mapping).put("hostPort",
                            mapping.get("containerPort").asInt());
                }
            }
        }
    }

    /**
     * In the stored revision ECS writes task {@code cpu} given in vCPUs as CPU units and {@code memory} given in GB
     * as MiB ("String values are converted to an integer ... when the task definition is registered",
     * RegisterTaskDefinition {@code cpu} / {@code memory}).
     */
    public static void normalizeSizes(ObjectNode taskDefinition) {
        Integer cpu = cpu(taskDefinition.get("cpu"));
        if (cpu != null) {
            taskDefinition.put("cpu", cpu.toString());
        }
        Integer memory = memory(taskDefinition.get("memory"));
        if (memory != null) {
            taskDefinition.put("memory", memory.toString());
        }
    }

    private static Optional<String> fargateProblem(JsonNode request, String networkMode) {
        if (!networkMode.equals("awsvpc")) {
            return Optional.of("Fargate only supports network mode 'awsvpc'.");
        }
        if (isNull(request.get("cpu"))) {
            return Optional.of("Fargate requires that 'cpu' be defined at the task level.");
        }
        if (isNull(request.get("memory"))) {
            return Optional.of("Fargate requires that 'memory' be defined at the task level.");
        }
        Integer cpu = cpu(request.get("cpu"));
        Integer memory = memory(request.get("memory"));
        int[] range = cpu == null ? null : FARGATE_MEMORY.get(cpu);
        if (range == null || memory == null || memory < range[0] || memory > range[1]
                || (memory - range[0]) % range[2] != 0 || cpu == 256 && memory == 1536) {
            return Optional.of("No Fargate configuration exists for given values: " + request.get("cpu").asText()
                    + " CPU, " + request.get("memory").asText() + " memory. See the Amazon ECS documentation for"
                    + " the valid values.");
        }
        if (!isNull(request.get("ipcMode"))) {
            return Optional.of("Tasks using the Fargate launch type do not support ipcMode.");
        }
        String pidMode = request.path("pidMode").asText("task");
        if (!pidMode.equals("task")) {
            return Optional.of("Tasks using the Fargate launch type do not support pidMode '" + pidMode + "'. The"
                    + " supported value for pidMode is 'task'.");
        }
        for (JsonNode volume : request.path("volumes")) {
            if (!volume.path("host").path("sourcePath").asText("").isEmpty()) {
                return Optional.of("Fargate compatible task definitions do not support sourcePath");
            }
            if (!isNull(volume.get("dockerVolumeConfiguration"))) {
                return Optional.of("Fargate compatible task definitions do not support dockerVolumeConfiguration");
            }
        }
        if (!request.path("placementConstraints").isEmpty()) {
            return Optional.of("Fargate compatible task definitions do not support placementConstraints");
        }
        for (JsonNode container : request.path("containerDefinitions")) {
            for (String key : FARGATE_UNSUPPORTED_CONTAINER_KEYS) {
                JsonNode value = container.get(key);
                if (!isNull(value) && !(value.isArray() && value.isEmpty()) && !value.asText().equals("false")) {
                    return Optional.of("Fargate compatible task definitions do not support " + key);
                }
            }
            for (String key : FARGATE_UNSUPPORTED_LINUX_KEYS) {
                if (!isNull(container.path("linuxParameters").get(key))) {
                    return Optional.of("Fargate compatible task definitions do not support " + key);
                }
            }
            for (JsonNode requirement : container.path("resourceRequirements")) {
                if ("GPU".equals(requirement.path("type").asText())) {
                    return Optional.of("Fargate compatible task definitions do not support gpu");
                }
            }
            if (container.path("privileged").asBoolean(false)) {
                return Optional.of("Fargate compatible task definitions do not support privileged containers");
            }
            JsonNode linux = container.path("linuxParameters");
            if (!linux.path("devices").isEmpty()) {
                return Optional.of("Fargate compatible task definitions do not support devices");
            }
            for (String capability : texts(linux.path("capabilities").path("add"))) {
                if (!capability.equals("SYS_PTRACE")) {
                    return Optional.of("Fargate compatible task definitions only support adding the SYS_PTRACE"
                            + " kernel capability, not " + capability);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> executionRoleProblem(JsonNode request, boolean fargate) {
        if (!isNull(request.get("executionRoleArn")) && !request.get("executionRoleArn").asText().isBlank()) {
            return Optional.empty();
        }
        for (JsonNode container : request.path("containerDefinitions")) {
            if (!container.path("secrets").isEmpty()) {
                return Optional.of("When you are specifying container secrets, you must also specify a value for"
                        + " 'executionRoleArn'.");
            }
        }
        if (!fargate) {
            return Optional.empty();
        }
        for (JsonNode container : request.path("containerDefinitions")) {
            if ("awslogs".equals(container.path("logConfiguration").path("logDriver").asText())) {
                return Optional.of("Fargate requires task definition to have execution role ARN to support log"
                        + " driver awslogs.");
            }
        }
        for (JsonNode container : request.path("containerDefinitions")) {
            if (ECR_IMAGE.matcher(container.path("image").asText()).matches()) {
                return Optional.of("Fargate requires task definition to have execution role ARN to support ECR"
                        + " images.");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> networkModeProblem(JsonNode containers, String networkMode) {
        if (!networkMode.equals("awsvpc")) {
            return Optional.empty();
        }
        for (JsonNode container : containers) {
            for (JsonNode mapping : container.path("portMappings")) {
                JsonNode hostPort = mapping.get("hostPort");
                if (!isNull(hostPort) && hostPort.asInt() != mapping.path("containerPort").asInt()) {
                    return Optional.of("When networkMode=awsvpc, the host ports and container ports in port"
                            + " mappings must match.");
                }
            }
            if (!isNull(container.get("hostname"))) {
                return Optional.of("hostname is not supported on container when networkMode=awsvpc.");
            }
            if (!container.path("links").isEmpty()) {
                return Optional.of("Links are not supported when networkMode=awsvpc.");
            }
        }
        return Optional.empty();
    }

    /** Task cpu as CPU units: "256", "1024", or "1 vCPU". */
    static Integer cpu(JsonNode value) {
        return units(value, VCPU);
    }

    /** Task memory as MiB: "512", or "1 GB" / "1GB". */
    static Integer memory(JsonNode value) {
        return units(value, GB);
    }

    private static Integer units(JsonNode value, Pattern scaled) {
        if (isNull(value)) {
            return null;
        }
        String text = value.asText();
        if (INTEGER.matcher(text).matches()) {
            return Integer.valueOf(text.trim());
        }
        Matcher matcher = scaled.matcher(text.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            double scaledValue = Double.parseDouble(matcher.group(1)) * 1024;
            return scaledValue == Math.rint(scaledValue) ? (int) scaledValue : null;
        }
        return null;
    }

    private static List<String> texts(JsonNode array) {
        return array.isArray() ? StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText).toList() : List.of();
    }

    private static boolean isNull(JsonNode value) {
        return value == null || value.isNull();
    }
}
