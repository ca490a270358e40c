package dev.ecsdeploy.taskdef;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.ecsdeploy.util.Decision;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * The change between the running revision and the rendered one, as a unified diff of their canonical forms in YAML.
 * Variable
 * values never appear: each shows only as unchanged, changed, added or removed. Secrets are references (ARNs), not
 * values, and show as they are.
 */
@Decision
public final class TaskDefinitionDiff {
    static final String UNCHANGED = "<unchanged>";
    static final String OLD_VALUE = "<old value>";
    static final String NEW_VALUE = "<new value>";
    static final String SET = "<set>";
    private static final ObjectMapper JSON = new ObjectMapper();
    // YAML: one line per value and no trailing commas, so a changed value is exactly one changed line.
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private TaskDefinitionDiff() {
    }

    /** True when registering {@code rendered} would change nothing that matters. */
    public static boolean same(RegisterTaskDefinitionRequest current, RegisterTaskDefinitionRequest rendered) {
        return TaskDefinitionNormalizer.normalize(current).equals(TaskDefinitionNormalizer.normalize(rendered));
    }

    /** Unified diff lines, empty when nothing changed; {@code current} may be null (a first revision). */
    public static List<String> unified(RegisterTaskDefinitionRequest current, RegisterTaskDefinitionRequest rendered,
                                       String currentLabel, String renderedLabel) {
        ObjectNode before = current == null ? null : TaskDefinitionNormalizer.normalize(current);
        ObjectNode after = TaskDefinitionNormalizer.normalize(rendered);
        if (after.equals(before)) {
            return List.of();
        }
        hideValues(before, after);
        List<String> beforeLines = before == null ? List.of() : lines(before);
        List<String> afterLines = lines(after);
        return UnifiedDiffUtils.generateUnifiedDiff(currentLabel, renderedLabel, beforeLines,
                DiffUtils.diff(beforeLines, afterLines), 3);
    }

    /** Variables become name → marker maps, so a changed value is one line naming the variable and no value. */
    private static void hideValues(ObjectNode before, ObjectNode after) {
        Map<String, Map<String, String>> beforeValues = environmentByContainer(before);
        Map<String, Map<String, String>> afterValues = environmentByContainer(after);
        replaceEnvironment(before, beforeValues, afterValues, OLD_VALUE);
        replaceEnvironment(after, afterValues, beforeValues, NEW_VALUE);
        for (ObjectNode side : new ObjectNode[] {before, after}) {
            if (side == null) {
                continue;
            }
            for (JsonNode container : side.path("containerDefinitions")) {
                if (container.has("secrets")) {
                    ObjectNode secrets = JSON.createObjectNode();
                    container.get("secrets").forEach(s -> secrets.put(s.path("name").asText(),
                            s.path("valueFrom").asText()));
                    ((ObjectNode) container).set("secrets", secrets);
                }
            }
        }
    }

    private static void replaceEnvironment(ObjectNode side, Map<String, Map<String, String>> mine,
                                           Map<String, Map<String, String>> theirs, String changedMarker) {
        if (side == null) {
            return;
        }
        for (JsonNode container : side.path("containerDefinitions")) {
            if (!container.has("environment")) {
                continue;
            }
            String name = container.path("name").asText();
            Map<String, String> other = theirs.getOrDefault(name, Map.of());
            ObjectNode markers = JSON.createObjectNode();
            mine.get(name).forEach((variable, value) -> markers.put(variable, !other.containsKey(variable) ? SET
                    : other.get(variable).equals(value) ? UNCHANGED : changedMarker));
            ((ObjectNode) container).set("environment", markers);
        }
    }

    private static Map<String, Map<String, String>> environmentByContainer(ObjectNode definition) {
        Map<String, Map<String, String>> values = new HashMap<>();
        if (definition == null) {
            return values;
        }
        for (JsonNode container : definition.path("containerDefinitions")) {
            Map<String, String> variables = new HashMap<>();
            container.path("environment").forEach(v -> variables.put(v.path("name").asText(),
                    v.path("value").asText()));
            values.put(container.path("name").asText(), variables);
        }
        return values;
    }

    private static List<String> lines(JsonNode json) {
        try {
            return List.of(YAML.writeValueAsString(json).split("\\R"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
