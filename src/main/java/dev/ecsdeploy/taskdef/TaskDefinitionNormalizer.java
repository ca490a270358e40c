package dev.ecsdeploy.taskdef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.util.SdkJson;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * A canonical form of a task definition, so that comparing a file with a registered revision shows only real changes:
 * no ordering differences (containers, variables, secrets, ports, tags), no values ECS fills in by default, no empty
 * lists or objects, and "1 vCPU" / "2 GB" written as the numbers ECS stores.
 */
final class TaskDefinitionNormalizer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, JsonNode> CONTAINER_DEFAULTS = Map.of(
            "essential", NODES.booleanNode(true),
            "cpu", NODES.numberNode(0),
            "privileged", NODES.booleanNode(false),
            "readonlyRootFilesystem", NODES.booleanNode(false),
            "pseudoTerminal", NODES.booleanNode(false),
            "interactive", NODES.booleanNode(false),
            "disableNetworking", NODES.booleanNode(false));
    private static final Pattern UNITS = Pattern.compile("(?i)\\s*([0-9.]+)\\s*(vcpu|gb)\\s*");

    private TaskDefinitionNormalizer() {
    }

    static ObjectNode normalize(RegisterTaskDefinitionRequest request) {
        ObjectNode json = SdkJson.write(request);
        boolean awsvpc = "awsvpc".equals(json.path("networkMode").asText());
        normaliseUnits(json, "cpu");
        normaliseUnits(json, "memory");
        ArrayNode containers = sortedBy(json.withArray("containerDefinitions"), "name");
        for (JsonNode container : containers) {
            normaliseContainer((ObjectNode) container, awsvpc);
        }
        json.set("containerDefinitions", containers);
        sort(json, "requiresCompatibilities", null);
        sort(json, "tags", "key");
        sort(json, "volumes", "name");
        return (ObjectNode) canonical(json);
    }

    private static void normaliseContainer(ObjectNode container, boolean awsvpc) {
        CONTAINER_DEFAULTS.forEach((name, value) -> {
            if (value.equals(container.get(name))) {
                container.remove(name);
            }
        });
        for (JsonNode mapping : container.path("portMappings")) {
            ObjectNode port = (ObjectNode) mapping;
            if ("tcp".equals(port.path("protocol").asText())) {
                port.remove("protocol");
            }
            if (awsvpc && port.path("hostPort").equals(port.path("containerPort"))) {
                port.remove("hostPort");
            }
        }
        sort(container, "portMappings", "containerPort");
        sort(container, "environment", "name");
        sort(container, "secrets", "name");
        sort(container, "environmentFiles", "value");
    }

    /** "1 vCPU" → "1024", "2 GB" → "2048", as ECS stores them. */
    private static void normaliseUnits(ObjectNode json, String field) {
        Matcher matcher = UNITS.matcher(json.path(field).asText(""));
        if (matcher.matches()) {
            long units = Math.round(Double.parseDouble(matcher.group(1)) * 1024);
            json.put(field, Long.toString(units));
        }
    }

    private static void sort(ObjectNode parent, String field, String key) {
        if (parent.path(field).isArray()) {
            parent.set(field, sortedBy((ArrayNode) parent.get(field), key));
        }
    }

    private static ArrayNode sortedBy(ArrayNode array, String key) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        Comparator<JsonNode> order = key == null ? Comparator.comparing(JsonNode::asText)
                : Comparator.comparing((JsonNode item) -> item.path(key).asText())
                        .thenComparing(JsonNode::toString);
        items.sort(order);
        ArrayNode sorted = NODES.arrayNode();
        items.forEach(sorted::add);
        return sorted;
    }

    /** Keys sorted; null, empty arrays and empty objects removed (ECS treats them as absent). */
    static JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(entry -> {
                JsonNode value = canonical(entry.getValue());
                if (!isEmpty(value)) {
                    fields.put(entry.getKey(), value);
                }
            });
            ObjectNode object = NODES.objectNode();
            fields.forEach(object::set);
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = NODES.arrayNode();
            node.forEach(item -> array.add(canonical(item)));
            return array;
        }
        return node;
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || (value.isContainerNode() && value.isEmpty());
    }
}
