package dev.ecsdeploy.sandbox.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Protocol-neutral answers: handlers build Jackson trees with wire member names, and timestamps as {@link #time}
 * nodes, which each protocol writes its own way (epoch seconds in JSON, ISO 8601 in XML, tag 1 in CBOR).
 */
public final class Wire {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Wire() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static ArrayNode strings(Collection<String> values) {
        ArrayNode array = array();
        values.forEach(array::add);
        return array;
    }

    /** A timestamp member; null stays absent when put with {@link #putTime}. */
    public static JsonNode time(Instant instant) {
        return new POJONode(instant);
    }

    public static void putTime(ObjectNode node, String name, Instant instant) {
        if (instant != null) {
            node.set(name, time(instant));
        }
    }

    public static Instant instantOf(JsonNode node) {
        return node instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant ? instant : null;
    }

    /** The tree as AWS JSON: timestamps become epoch seconds with millisecond precision. */
    public static JsonNode toJson(JsonNode node) {
        Instant instant = instantOf(node);
        if (instant != null) {
            return NODES.numberNode(instant.toEpochMilli() / 1000.0);
        }
        if (node.isObject()) {
            ObjectNode copy = object();
            node.properties().forEach(e -> copy.set(e.getKey(), toJson(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = array();
            node.forEach(item -> copy.add(toJson(item)));
            return copy;
        }
        return node;
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public static List<String> textList(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        JsonNode array = node == null ? null : node.get(field);
        if (array != null && array.isArray()) {
            array.forEach(item -> values.add(item.asText()));
        }
        return values;
    }

    public static Integer integer(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asInt();
    }

    public static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? fallback : value.asBoolean();
    }
}
