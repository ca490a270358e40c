package dev.ecsdeploy.taskdef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsdeploy.util.SdkJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Turns a task definition as people have it (a hand-written file, a console export, or what
 * {@code aws ecs describe-task-definition} prints, with its {@code taskDefinition} wrapper, read-only fields and
 * {@code tags}) into the RegisterTaskDefinition request, using the SDK's model as the schema.
 */
public final class TaskDefinitionReader {
    /** Fields DescribeTaskDefinition returns that RegisterTaskDefinition does not take: dropped, not reported. */
    static final Set<String> READ_ONLY = readOnlyFields();

    private TaskDefinitionReader() {
    }

    /** The request, the keys dropped as read-only, and what was wrong. */
    public record Result(RegisterTaskDefinitionRequest request, List<String> droppedReadOnly,
                         List<SdkJson.Problem> problems) {
        public boolean hasErrors() {
            return problems.stream().anyMatch(SdkJson.Problem::error);
        }
    }

    /** Reads a document: a bare task definition, or DescribeTaskDefinition's output with its wrapper. */
    public static Result read(JsonNode document) {
        List<SdkJson.Problem> problems = new ArrayList<>();
        if (!document.isObject()) {
            problems.add(new SdkJson.Problem(true, "", "A task definition must be an object with containerDefinitions."));
            return new Result(RegisterTaskDefinitionRequest.builder().build(), List.of(), problems);
        }
        JsonNode definition = document;
        String pointer = "";
        ObjectNode merged = null;
        if (document.has("taskDefinition") && document.get("taskDefinition").isObject()) {
            // describe-task-definition output: {"taskDefinition": {...}, "tags": [...]}
            definition = document.get("taskDefinition");
            pointer = "/taskDefinition";
            if (document.has("tags") && !definition.has("tags")) {
                merged = ((ObjectNode) definition).deepCopy();
                merged.set("tags", document.get("tags"));
            }
            document.properties().forEach(entry -> {
                if (!entry.getKey().equals("taskDefinition") && !entry.getKey().equals("tags")) {
                    problems.add(new SdkJson.Problem(false, "/" + SdkJson.escape(entry.getKey()), "Unknown key \""
                            + entry.getKey() + "\" beside taskDefinition is ignored."));
                }
            });
        }
        JsonNode source = merged != null ? merged : definition;
        Set<String> dropped = new LinkedHashSet<>();
        source.fieldNames().forEachRemaining(key -> {
            if (READ_ONLY.contains(key)) {
                dropped.add(key);
            }
        });
        RegisterTaskDefinitionRequest.Builder builder = RegisterTaskDefinitionRequest.builder();
        SdkJson.read(source, builder, pointer, READ_ONLY, problems);
        return new Result(builder.build(), List.copyOf(dropped), List.copyOf(problems));
    }

    /** A registered revision as the request that would register it again. */
    public static RegisterTaskDefinitionRequest fromRegistered(TaskDefinition taskDefinition,
                                                               List<software.amazon.awssdk.services.ecs.model.Tag> tags) {
        ObjectNode json = SdkJson.write(taskDefinition);
        List<SdkJson.Problem> ignored = new ArrayList<>();
        RegisterTaskDefinitionRequest.Builder builder = RegisterTaskDefinitionRequest.builder();
        SdkJson.read(json, builder, "", READ_ONLY, ignored);
        if (tags != null && !tags.isEmpty()) {
            builder.tags(tags);
        }
        return builder.build();
    }

    private static Set<String> readOnlyFields() {
        Set<String> fields = new LinkedHashSet<>(SdkJson.fieldsByName(TaskDefinition.builder()).keySet());
        fields.removeAll(SdkJson.fieldsByName(RegisterTaskDefinitionRequest.builder()).keySet());
        return Set.copyOf(fields);
    }
}
