package dev.ecsdeploy.sandbox.codedeploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ecsdeploy.sandbox.core.AwsError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An ECS AppSpec as CreateDeployment receives it inline ({@code AppSpecContent}): YAML or JSON, its sha256 checked
 * when given, {@code Resources[0].TargetService.Properties} with a registered task definition ARN and a
 * {@code LoadBalancerInfo} naming a container and port that task definition has, and {@code Hooks} naming ECS
 * lifecycle events. Keys are matched ignoring case (the AWS CLI's {@code ecs deploy} does the same). Pure: the
 * task definitions come in as a lookup.
 */
public record AppSpec(String taskDefinitionArn, String containerName, int containerPort,
                      Map<String, String> hooks) {
    /** The lifecycle events an ECS AppSpec may hook, in the order they run. */
    public static final List<String> HOOK_EVENTS = List.of("BeforeInstall", "AfterInstall", "AfterAllowTestTraffic",
            "BeforeAllowTraffic", "AfterAllowTraffic");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A registered task definition's containers: name → container ports it maps. */
    public interface TaskDefinitions extends Function<String, Optional<Map<String, List<Integer>>>> {
    }

    public static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses and checks the content; throws CodeDeploy's InvalidRevisionException naming what is wrong. */
    public static AppSpec parse(String content, String sha256, TaskDefinitions taskDefinitions) {
        if (content == null || content.isBlank()) {
            throw invalid("The AppSpec content is empty.");
        }
        if (sha256 != null && !sha256.equalsIgnoreCase(sha256(content))) {
            throw invalid("The sha256 of the AppSpec content does not match the sha256 given (" + sha256 + ").");
        }
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (Exception e) {
            throw invalid("The AppSpec content is neither valid YAML nor valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw invalid("The AppSpec content must be a YAML or JSON object.");
        }
        JsonNode resources = member(root, "Resources");
        if (resources == null || !resources.isArray() || resources.isEmpty()) {
            throw invalid("The AppSpec must list one AWS::ECS::Service under Resources.");
        }
        JsonNode resource = resources.get(0);
        if (!resource.isObject() || resource.size() != 1) {
            throw invalid("Each entry of Resources must be a single named resource (e.g. TargetService).");
        }
        JsonNode target = resource.elements().next();
        JsonNode type = member(target, "Type");
        if (type != null && !"AWS::ECS::Service".equals(type.asText())) {
            throw invalid("The resource type " + type.asText() + " is not AWS::ECS::Service.");
        }
        JsonNode properties = member(target, "Properties");
        if (properties == null || !properties.isObject()) {
            throw invalid("The AppSpec resource has no Properties.");
        }
        JsonNode taskDefinition = member(properties, "TaskDefinition");
        if (taskDefinition == null || taskDefinition.asText().isBlank()) {
            throw invalid("The AppSpec resource has no TaskDefinition.");
        }
        String arn = taskDefinition.asText();
        if (!arn.startsWith("arn:aws:ecs:") || !arn.contains(":task-definition/")) {
            throw invalid("The TaskDefinition " + arn + " is not a task definition ARN.");
        }
        Map<String, List<Integer>> containers = taskDefinitions.apply(arn).orElseThrow(() -> invalid(
                "The task definition " + arn + " does not exist."));
        JsonNode loadBalancer = member(properties, "LoadBalancerInfo");
        JsonNode name = loadBalancer == null ? null : member(loadBalancer, "ContainerName");
        JsonNode port = loadBalancer == null ? null : member(loadBalancer, "ContainerPort");
        if (name == null || port == null) {
            throw invalid("LoadBalancerInfo must give ContainerName and ContainerPort.");
        }
        if (!port.canConvertToInt() || !port.isNumber() && !port.asText().matches("\\d+")) {
            throw invalid("ContainerPort " + port.asText() + " is not a number.");
        }
        int containerPort = port.asInt();
        List<Integer> ports = containers.get(name.asText());
        if (ports == null) {
            throw invalid("The container " + name.asText() + " is not in the task definition " + arn + " (it has "
                    + String.join(", ", containers.keySet()) + ").");
        }
        if (!ports.contains(containerPort)) {
            throw invalid("The container " + name.asText() + " in " + arn + " does not map port " + containerPort
                    + ".");
        }
        Map<String, String> hooks = new LinkedHashMap<>();
        JsonNode hookList = member(root, "Hooks");
        if (hookList != null && !hookList.isNull()) {
            if (!hookList.isArray()) {
                throw invalid("Hooks must be a list of lifecycle event: function entries.");
            }
            for (JsonNode hook : hookList) {
                if (!hook.isObject()) {
                    throw invalid("Hooks must be a list of lifecycle event: function entries.");
                }
                hook.properties().forEach(e -> {
                    String event = HOOK_EVENTS.stream().filter(h -> h.equalsIgnoreCase(e.getKey())).findFirst()
                            .orElseThrow(() -> invalid("The lifecycle event " + e.getKey() + " cannot be hooked"
                                    + " in an ECS deployment (" + String.join(", ", HOOK_EVENTS) + ")."));
                    hooks.put(event, e.getValue().asText());
                });
            }
        }
        return new AppSpec(arn, name.asText(), containerPort, hooks);
    }

    private static JsonNode member(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (var entry : node.properties()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static AwsError invalid(String message) {
        return AwsError.client("InvalidRevisionException", message);
    }
}
