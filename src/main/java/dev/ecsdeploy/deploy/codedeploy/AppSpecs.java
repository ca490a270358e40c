package dev.ecsdeploy.deploy.codedeploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsdeploy.util.Decision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkConfiguration;
import software.amazon.awssdk.services.ecs.model.PortMapping;

/**
 * The AppSpec a CodeDeploy ECS deployment carries: generated from the service and the task definition, or the user's
 * template with its TaskDefinition replaced. Always rendered as compact JSON (CodeDeploy reads JSON or YAML), and
 * sent inline with the SHA-256 of exactly that text. Pure; problems are {@link IllegalArgumentException}s whose
 * message says what to fix (the caller names the input).
 */
@Decision
public final class AppSpecs {
    /** The ECS lifecycle hooks an AppSpec may name, in the order CodeDeploy runs them. */
    public static final List<String> HOOKS = List.of("BeforeInstall", "AfterInstall", "AfterAllowTestTraffic",
            "BeforeAllowTraffic", "AfterAllowTraffic");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private AppSpecs() {
    }

    /** Where the load balancer sends traffic: the container and port the AppSpec names. */
    public record ContainerTarget(String containerName, int containerPort) {
    }

    /** What a generated AppSpec copies from the service, so the replacement task set runs like the original one. */
    public record ServiceSettings(String platformVersion, NetworkConfiguration networkConfiguration,
                                  List<CapacityProviderStrategyItem> capacityProviderStrategy) {
    }

    /** An AppSpec generated from the task definition ARN, the target container and the service's settings. */
    public static String generate(String taskDefinitionArn, ContainerTarget target, ServiceSettings service,
                                  Map<String, String> hooks) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "0.0");
        ObjectNode properties = root.putArray("Resources").addObject().putObject("TargetService")
                .put("Type", "AWS::ECS::Service").putObject("Properties");
        properties.put("TaskDefinition", taskDefinitionArn);
        properties.putObject("LoadBalancerInfo").put("ContainerName", target.containerName())
                .put("ContainerPort", target.containerPort());
        if (service.platformVersion() != null && !service.platformVersion().isBlank()) {
            properties.put("PlatformVersion", service.platformVersion());
        }
        NetworkConfiguration network = service.networkConfiguration();
        if (network != null && network.awsvpcConfiguration() != null) {
            var awsvpc = network.awsvpcConfiguration();
            ObjectNode config = properties.putObject("NetworkConfiguration").putObject("AwsvpcConfiguration");
            awsvpc.subnets().forEach(config.putArray("Subnets")::add);
            awsvpc.securityGroups().forEach(config.putArray("SecurityGroups")::add);
            // CodeDeploy wants all three keys or none; ECS's own default is DISABLED.
            config.put("AssignPublicIp", awsvpc.assignPublicIp() == null ? "DISABLED"
                    : awsvpc.assignPublicIpAsString());
        }
        if (service.capacityProviderStrategy() != null && !service.capacityProviderStrategy().isEmpty()) {
            ArrayNode strategy = properties.putArray("CapacityProviderStrategy");
            for (CapacityProviderStrategyItem item : service.capacityProviderStrategy()) {
                ObjectNode entry = strategy.addObject();
                if (item.base() != null) {
                    entry.put("Base", item.base());
                }
                entry.put("CapacityProvider", item.capacityProvider());
                if (item.weight() != null) {
                    entry.put("Weight", item.weight());
                }
            }
        }
        putHooks(root, hooks);
        return write(root);
    }

    /**
     * The user's template (YAML or JSON) with the TaskDefinition of its ECS service resource set to the revision
     * deployed, and {@code hooks} added (replacing the template's hook of the same name).
     *
     * @param containers the task definition's containers: the template's LoadBalancerInfo must name one of them
     */
    public static String fromTemplate(String template, String taskDefinitionArn, List<ContainerDefinition> containers,
                                      Map<String, String> hooks) {
        JsonNode parsed;
        try {
            parsed = YAML.readTree(template);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("it is not valid YAML or JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isObject()) {
            throw new IllegalArgumentException("it must be an AppSpec object with version and Resources.");
        }
        ObjectNode root = (ObjectNode) parsed;
        if (!root.path("Resources").isArray()) {
            throw new IllegalArgumentException("it has no Resources list; an ECS AppSpec has one resource of Type"
                    + " AWS::ECS::Service.");
        }
        int services = 0;
        for (JsonNode resource : root.path("Resources")) {
            for (var named : resource.properties()) {
                JsonNode body = named.getValue();
                if (!"AWS::ECS::Service".equals(body.path("Type").asText())) {
                    continue;
                }
                services++;
                if (!body.path("Properties").isObject()) {
                    throw new IllegalArgumentException("resource " + named.getKey() + " has no Properties.");
                }
                ObjectNode properties = (ObjectNode) body.path("Properties");
                properties.put("TaskDefinition", taskDefinitionArn);
                checkLoadBalancerInfo(named.getKey(), properties.path("LoadBalancerInfo"), containers);
            }
        }
        if (services != 1) {
            throw new IllegalArgumentException("it must have exactly one resource of Type AWS::ECS::Service; it has "
                    + services + ".");
        }
        if (!hooks.isEmpty()) {
            Map<String, String> merged = new LinkedHashMap<>();
            for (JsonNode hook : root.path("Hooks")) {
                hook.properties().forEach(entry -> merged.put(entry.getKey(), entry.getValue().asText()));
            }
            merged.putAll(hooks);
            putHooks(root, merged);
        }
        return write(root);
    }

    private static void checkLoadBalancerInfo(String resource, JsonNode info, List<ContainerDefinition> containers) {
        String name = info.path("ContainerName").asText(null);
        if (name == null || !info.path("ContainerPort").canConvertToInt()) {
            throw new IllegalArgumentException("resource " + resource + " needs LoadBalancerInfo with ContainerName"
                    + " and a numeric ContainerPort.");
        }
        checkTarget(new ContainerTarget(name, info.path("ContainerPort").asInt()), containers);
    }

    /** The container must exist in the revision and map the port, or CodeDeploy fails the deployment much later. */
    public static void checkTarget(ContainerTarget target, List<ContainerDefinition> containers) {
        ContainerDefinition container = containers.stream().filter(c -> c.name().equals(target.containerName()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the task definition has no container "
                        + target.containerName() + " (it has " + String.join(", ",
                        containers.stream().map(ContainerDefinition::name).toList()) + ")."));
        List<Integer> ports = ports(container);
        if (!ports.contains(target.containerPort())) {
            throw new IllegalArgumentException("container " + target.containerName() + " does not map port "
                    + target.containerPort() + (ports.isEmpty() ? " (it maps no ports)."
                    : " (it maps " + String.join(", ", ports.stream().map(String::valueOf).toList()) + ")."));
        }
    }

    /**
     * The container and port of a generated AppSpec: the container the service's load balancer names, else the one
     * container given in {@code container-name}, else the only container with a port mapping; the port from
     * {@code container-port}, else the service's load balancer, else the container's first port mapping.
     *
     * @param balancedContainer the service's loadBalancers[0] container name and port (null when it has none)
     */
    public static ContainerTarget resolveTarget(List<ContainerDefinition> containers, ContainerTarget balancedContainer,
                                                List<String> containerNameInput, Integer containerPortInput) {
        String name;
        if (balancedContainer != null && balancedContainer.containerName() != null) {
            name = balancedContainer.containerName();
        } else if (containerNameInput.size() == 1) {
            name = containerNameInput.getFirst();
        } else {
            List<ContainerDefinition> withPorts = containers.stream().filter(c -> !ports(c).isEmpty()).toList();
            if (withPorts.size() != 1) {
                throw new IllegalArgumentException("cannot tell which container takes the traffic: "
                        + (withPorts.isEmpty() ? "no container maps a port"
                        : String.join(", ", withPorts.stream().map(ContainerDefinition::name).toList())
                        + " all map ports") + ". Give an appspec template, or one container-name and container-port.");
            }
            name = withPorts.getFirst().name();
        }
        ContainerDefinition container = containers.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the task definition has no container " + name
                        + " (it has " + String.join(", ", containers.stream().map(ContainerDefinition::name)
                        .toList()) + ")."));
        int port;
        if (containerPortInput != null) {
            port = containerPortInput;
        } else if (balancedContainer != null && name.equals(balancedContainer.containerName())
                && balancedContainer.containerPort() > 0) {
            port = balancedContainer.containerPort();
        } else if (!ports(container).isEmpty()) {
            port = ports(container).getFirst();
        } else {
            throw new IllegalArgumentException("container " + name + " maps no port; set container-port.");
        }
        ContainerTarget target = new ContainerTarget(name, port);
        checkTarget(target, containers);
        return target;
    }

    /** The {@code codedeploy-hooks} lines checked: only the ECS hook names, each naming a function. */
    public static Map<String, String> checkHooks(Map<String, String> hooks) {
        Map<String, String> checked = new LinkedHashMap<>();
        hooks.forEach((name, function) -> {
            if (!HOOKS.contains(name)) {
                throw new IllegalArgumentException("\"" + name + "\" is not an ECS AppSpec hook; use "
                        + String.join(", ", HOOKS) + ".");
            }
            if (function.isBlank()) {
                throw new IllegalArgumentException(name + " names no Lambda function.");
            }
            checked.put(name, function.trim());
        });
        return checked;
    }

    /** The hex SHA-256 of the content exactly as sent, which CodeDeploy checks. */
    public static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static List<Integer> ports(ContainerDefinition container) {
        List<Integer> ports = new ArrayList<>();
        for (PortMapping mapping : container.portMappings()) {
            if (mapping.containerPort() != null) {
                ports.add(mapping.containerPort());
            }
        }
        return ports;
    }

    /** Hooks as the AppSpec lists them: one single-key map per hook, in the order CodeDeploy runs them. */
    private static void putHooks(ObjectNode root, Map<String, String> hooks) {
        root.remove("Hooks");
        if (hooks.isEmpty()) {
            return;
        }
        ArrayNode list = root.putArray("Hooks");
        hooks.entrySet().stream()
                .sorted((a, b) -> Integer.compare(order(a.getKey()), order(b.getKey())))
                .forEach(hook -> list.addObject().put(hook.getKey(), hook.getValue()));
    }

    private static int order(String hook) {
        int index = HOOKS.indexOf(hook);
        return index < 0 ? HOOKS.size() : index;
    }

    private static String write(JsonNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }
}
