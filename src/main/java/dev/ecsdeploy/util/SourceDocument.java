package dev.ecsdeploy.util;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A JSON or YAML file read as a tree, remembering the line of every key and value, so that a problem found in the
 * tree can be reported at its line ({@code ::warning file=...,line=...}).
 */
public final class SourceDocument {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String displayName;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private SourceDocument(String displayName, JsonNode root, Map<String, Integer> lines) {
        this.displayName = displayName;
        this.root = root;
        this.lines = lines;
    }

    /** Thrown for text that is not valid JSON/YAML; carries the line of the problem when the parser knows it. */
    public static final class SyntaxException extends Exception {
        private final Integer line;

        SyntaxException(String message, Integer line) {
            super(message);
            this.line = line;
        }

        public Integer line() {
            return line;
        }
    }

    /**
     * Reads {@code file}; YAML when its name ends in .yml/.yaml, JSON otherwise. {@code displayName} is how
     * annotations name it (the path relative to the workspace).
     */
    public static SourceDocument read(Path file, String displayName) throws IOException, SyntaxException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yml") || name.endsWith(".yaml");
        return parse(Files.readString(file), displayName, yaml);
    }

    public static SourceDocument parse(String text, String displayName, boolean yaml) throws SyntaxException {
        ObjectMapper mapper = yaml ? YAML : JSON;
        try {
            JsonNode root = mapper.readTree(text);
            if (root == null || root.isMissingNode()) {
                throw new SyntaxException(displayName + " is empty", 1);
            }
            return new SourceDocument(displayName, root, indexLines(mapper, text));
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            Integer line = location == null || location.getLineNr() < 1 ? null : location.getLineNr();
            throw new SyntaxException(displayName + " is not valid " + (yaml ? "YAML" : "JSON") + ": "
                    + e.getOriginalMessage(), line);
        }
    }

    private static Map<String, Integer> indexLines(ObjectMapper mapper, String text) throws JsonProcessingException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = mapper.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME || token.isScalarValue() || token.isStructStart()) {
                    // For a field name the context already points at the field; for a value it points at the value.
                    JsonPointer pointer = parser.getParsingContext().pathAsPointer();
                    lines.putIfAbsent(pointer.toString(), parser.currentTokenLocation().getLineNr());
                }
            }
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        }
        return lines;
    }

    public JsonNode root() {
        return root;
    }

    public String displayName() {
        return displayName;
    }

    /** The line of the node at a JSON pointer such as {@code /containerDefinitions/0/memoryReservaton}, or null. */
    public Integer lineOf(String pointer) {
        return lines.get(pointer);
    }
}
