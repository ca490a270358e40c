package dev.ecsdeploy.sandbox.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.ecsdeploy.sandbox.core.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire formats: AWS JSON 1.0/1.1 (bodies as they are, timestamps as epoch seconds), the query protocol (form in,
 * XML out: STS, and CloudWatch for the Java SDK), and Smithy RPC v2 CBOR (CloudWatch for botocore).
 */
final class Protocols {
    private static final CBORMapper CBOR = new CBORMapper();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();

    private Protocols() {
    }

    // ---- JSON ---------------------------------------------------------------------------------------------------

    static byte[] json(JsonNode answer) {
        return Wire.toJson(answer).toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] jsonError(String code, String message) {
        ObjectNode error = Wire.object();
        error.put("__type", code);
        error.put("message", message);
        return error.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- query --------------------------------------------------------------------------------------------------

    static Map<String, String> form(byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    /** Query parameters ({@code AlarmNames.member.1=x}) as the JSON tree the handlers read. */
    static ObjectNode queryInput(Map<String, String> params) {
        ObjectNode root = Wire.object();
        params.forEach((key, value) -> {
            if (key.equals("Action") || key.equals("Version")) {
                return;
            }
            String[] parts = key.split("\\.");
            JsonNode node = root;
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                String part = parts[i];
                if (node instanceof ObjectNode object) {
                    boolean listNext = i + 2 < parts.length + 1 && i + 1 < parts.length
                            && parts[i + 1].equals("member");
                    if (last) {
                        object.put(part, value);
                    } else if (listNext) {
                        node = object.has(part) ? object.get(part) : object.putArray(part);
                        i++;
                    } else {
                        node = object.has(part) ? object.get(part) : object.putObject(part);
                    }
                } else if (node instanceof ArrayNode array) {
                    int index = Integer.parseInt(part) - 1;
                    while (array.size() <= index) {
                        array.addNull();
                    }
                    if (last) {
                        array.set(index, value);
                    } else {
                        if (array.get(index).isNull()) {
                            array.set(index, Wire.object());
                        }
                        node = array.get(index);
                    }
                }
            }
        });
        return root;
    }

    static byte[] queryXml(String operation, String namespace, JsonNode result, String requestId) {
        StringBuilder xml = new StringBuilder();
        xml.append("<").append(operation).append("Response xmlns=\"").append(namespace).append("\">");
        xml.append("<").append(operation).append("Result>");
        result.properties().forEach(e -> element(xml, e.getKey(), e.getValue()));
        xml.append("</").append(operation).append("Result>");
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(operation).append("Response>");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void element(StringBuilder xml, String name, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        xml.append('<').append(name).append('>');
        Instant instant = Wire.instantOf(value);
        if (instant != null) {
            xml.append(instant);
        } else if (value.isObject()) {
            value.properties().forEach(e -> element(xml, e.getKey(), e.getValue()));
        } else if (value.isArray()) {
            value.forEach(item -> element(xml, "member", item));
        } else {
            xml.append(escape(value.asText()));
        }
        xml.append("</").append(name).append('>');
    }

    static byte[] queryError(String namespace, String code, String message, int status, String requestId) {
        return ("<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>" + (status >= 500 ? "Receiver" : "Sender")
                + "</Type><Code>" + escape(code) + "</Code><Message>" + escape(message) + "</Message></Error>"
                + "<RequestId>" + requestId + "</RequestId></ErrorResponse>").getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---- CBOR ---------------------------------------------------------------------------------------------------

    static JsonNode cborInput(byte[] body) {
        if (body.length == 0) {
            return Wire.object();
        }
        try {
            JsonNode tree = CBOR.readTree(body);
            return tree == null || tree.isMissingNode() ? Wire.object() : tree;
        } catch (IOException e) {
            throw new IllegalArgumentException("The body is not CBOR: " + e.getMessage(), e);
        }
    }

    static byte[] cbor(JsonNode answer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = CBOR_FACTORY.createGenerator(out)) {
            writeCbor(generator, answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeCbor(CBORGenerator generator, JsonNode value) throws IOException {
        Instant instant = Wire.instantOf(value);
        if (instant != null) {
            generator.writeTag(1);
            generator.writeNumber(instant.toEpochMilli() / 1000.0);
        } else if (value.isObject()) {
            generator.writeStartObject();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                if (!e.getValue().isNull()) {
                    generator.writeFieldName(e.getKey());
                    writeCbor(generator, e.getValue());
                }
            }
            generator.writeEndObject();
        } else if (value.isArray()) {
            generator.writeStartArray();
            for (JsonNode item : value) {
                writeCbor(generator, item);
            }
            generator.writeEndArray();
        } else {
            writeScalar(generator, value);
        }
    }

    private static void writeScalar(JsonGenerator generator, JsonNode value) throws IOException {
        if (value.isTextual()) {
            generator.writeString(value.asText());
        } else if (value.isBoolean()) {
            generator.writeBoolean(value.asBoolean());
        } else if (value.isIntegralNumber()) {
            generator.writeNumber(value.asLong());
        } else if (value.isNumber()) {
            generator.writeNumber(value.asDouble());
        } else {
            generator.writeNull();
        }
    }

    static byte[] cborError(String code, String message) {
        ObjectNode error = Wire.object();
        error.put("__type", code);
        error.put("message", message);
        return cbor(error);
    }
}
