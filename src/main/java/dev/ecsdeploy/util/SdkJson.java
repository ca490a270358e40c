package dev.ecsdeploy.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Reads JSON into AWS SDK model objects and writes them back, using the SDK's own field metadata ({@link SdkField})
 * as the schema: a key the API knows is read with its type, a key it does not know is reported (with the closest real
 * key) instead of silently vanishing, and a value of the wrong type is an error. Wire names are the API's, so files
 * exported with the CLI or the console read as they are.
 */
public final class SdkJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SdkJson() {
    }

    /** Something wrong at a place in the input, identified by its JSON pointer. */
    public record Problem(boolean error, String pointer, String message) {
    }

    /**
     * Fills {@code builder} (from a model class's {@code builder()}) from {@code json}, reporting unknown keys and wrong
     * types at their JSON pointers. Keys in {@code skip} are left for the caller.
     */
    public static void read(JsonNode json, SdkPojo builder, String pointer, Collection<String> skip,
                            List<Problem> problems) {
        Map<String, SdkField<?>> fields = fieldsByName(builder);
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            String key = entry.getKey();
            String keyPointer = pointer + "/" + escape(key);
            if (skip.contains(key)) {
                continue;
            }
            SdkField<?> field = fields.get(key);
            if (field == null) {
                problems.add(new Problem(false, keyPointer, "Unknown key \"" + key + "\" is ignored: the ECS API does"
                        + " not know it." + Suggestions.didYouMean(key, fields.keySet())));
                continue;
            }
            if (entry.getValue().isNull()) {
                continue;
            }
            convert(entry.getValue(), field, keyPointer, problems).ifPresent(value -> field.set(builder, value));
        }
    }

    /** Builds an SDK object of the builder's type from JSON. */
    public static <T> T build(JsonNode json, SdkPojo builder, String pointer, List<Problem> problems) {
        read(json, builder, pointer, List.of(), problems);
        @SuppressWarnings("unchecked")
        T built = (T) ((SdkBuilder<?, ?>) builder).build();
        return built;
    }

    private static Optional<Object> convert(JsonNode value, SdkField<?> field, String pointer, List<Problem> problems) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.STRING) {
            if (value.isValueNode()) {
                // Numbers for string members (task-level "cpu": 256) are what people write; ECS wants text.
                return Optional.of(value.asText());
            }
        } else if (type == MarshallingType.INTEGER || type == MarshallingType.LONG) {
            Optional<Long> number = wholeNumber(value);
            if (number.isPresent()) {
                return Optional.of(type == MarshallingType.INTEGER ? (Object) number.get().intValue() : number.get());
            }
        } else if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) {
            if (value.isNumber() || value.isTextual() && isDecimal(value.asText())) {
                double number = Double.parseDouble(value.asText());
                return Optional.of(type == MarshallingType.DOUBLE ? (Object) number : (float) number);
            }
        } else if (type == MarshallingType.BOOLEAN) {
            if (value.isBoolean()) {
                return Optional.of(value.booleanValue());
            }
            if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
                return Optional.of(Boolean.parseBoolean(value.asText()));
            }
        } else if (type == MarshallingType.LIST) {
            if (value.isArray()) {
                SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
                List<Object> items = new ArrayList<>();
                for (int index = 0; index < value.size(); index++) {
                    convert(value.get(index), member, pointer + "/" + index, problems).ifPresent(items::add);
                }
                return Optional.of(items);
            }
        } else if (type == MarshallingType.MAP) {
            if (value.isObject()) {
                SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
                Map<String, Object> entries = new LinkedHashMap<>();
                value.properties().forEach(entry -> convert(entry.getValue(), member,
                        pointer + "/" + escape(entry.getKey()), problems)
                        .ifPresent(converted -> entries.put(entry.getKey(), converted)));
                return Optional.of(entries);
            }
        } else if (type == MarshallingType.SDK_POJO) {
            if (value.isObject()) {
                return Optional.of(build(value, field.constructor().get(), pointer, problems));
            }
        } else {
            problems.add(new Problem(false, pointer, "\"" + field.locationName() + "\" cannot be read from a file"
                    + " and is ignored."));
            return Optional.empty();
        }
        problems.add(new Problem(true, pointer, "\"" + field.locationName() + "\" must be " + describe(type)
                + ", not " + describe(value) + "."));
        return Optional.empty();
    }

    /** The object as the API's JSON, leaving out members that were never set. */
    public static ObjectNode write(SdkPojo pojo) {
        ObjectNode json = NODES.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            JsonNode value = toJson(field, field.getValueOrDefault(pojo));
            if (value != null) {
                json.set(field.locationName(), value);
            }
        }
        return json;
    }

    private static JsonNode toJson(SdkField<?> field, Object value) {
        if (value == null || value instanceof SdkAutoConstructList<?> || value instanceof SdkAutoConstructMap<?, ?>) {
            return null;
        }
        if (value instanceof SdkPojo pojo) {
            return write(pojo);
        }
        if (value instanceof List<?> list) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(toJson(member, item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
            ObjectNode object = NODES.objectNode();
            map.forEach((key, item) -> object.set(key.toString(), toJson(member, item)));
            return object;
        }
        return switch (value) {
            case Boolean bool -> NODES.booleanNode(bool);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            case Float number -> NODES.numberNode(number);
            default -> NODES.textNode(value.toString());
        };
    }

    /** The wire names a model class accepts, e.g. for {@code ContainerDefinition.builder()}. */
    public static Map<String, SdkField<?>> fieldsByName(SdkPojo pojo) {
        Map<String, SdkField<?>> fields = new LinkedHashMap<>();
        for (SdkField<?> field : pojo.sdkFields()) {
            fields.put(field.locationName(), field);
        }
        return fields;
    }

    private static Optional<Long> wholeNumber(JsonNode value) {
        if (value.isIntegralNumber()) {
            return Optional.of(value.longValue());
        }
        if (value.isTextual() && value.asText().trim().matches("-?\\d{1,18}")) {
            return Optional.of(Long.parseLong(value.asText().trim()));
        }
        return Optional.empty();
    }

    private static boolean isDecimal(String text) {
        return text.trim().matches("-?\\d+(\\.\\d+)?");
    }

    private static String describe(MarshallingType<?> type) {
        if (type == MarshallingType.INTEGER || type == MarshallingType.LONG) {
            return "a whole number";
        }
        if (type == MarshallingType.DOUBLE || type == MarshallingType.FLOAT) {
            return "a number";
        }
        if (type == MarshallingType.BOOLEAN) {
            return "true or false";
        }
        if (type == MarshallingType.LIST) {
            return "a list";
        }
        if (type == MarshallingType.MAP || type == MarshallingType.SDK_POJO) {
            return "an object";
        }
        return "text";
    }

    private static String describe(JsonNode value) {
        if (value.isArray()) {
            return "a list";
        }
        if (value.isObject()) {
            return "an object";
        }
        return value.isTextual() ? "the text \"" + value.asText() + "\"" : value.toString();
    }

    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
