package dev.ecsdeploy.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.CharArrayReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * A JSON or YAML file read as a tree, remembering the line of every key and value, so that a problem found in the
 * tree can be reported at its line ({@code ::warning file=...,line=...}).
 *
 * <p>Stricter than a plain {@code readTree}: a key given twice in one mapping is an error naming both lines (a parser
 * would silently keep the last), trailing content or a second YAML document is an error, and a parse error says
 * where and what without echoing the file's text (which may hold a secret). YAML anchors, aliases and merge keys
 * ({@code <<: *base}) mean what YAML says, within SnakeYAML's default limit of
 * {@value #MAX_ALIASES_FOR_COLLECTIONS} aliases to collections, so {@code taskRoleArn: *role} is the anchored value,
 * not the string "role".
 */
public final class SourceDocument {
    /** SnakeYAML's {@code LoaderOptions.maxAliasesForCollections} default: the guard against "billion laughs". */
    static final int MAX_ALIASES_FOR_COLLECTIONS = 50;
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new AnchorAwareYamlFactory();
    private static final String MERGE_KEY = "<<";

    private final String displayName;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private SourceDocument(String displayName, JsonNode root, Map<String, Integer> lines) {
        this.displayName = displayName;
        this.root = root;
        this.lines = lines;
    }

    /** Thrown for a file that cannot be read or is not valid JSON/YAML; carries the line of the problem if known. */
    public static final class SyntaxException extends TextFile.Unreadable {
        SyntaxException(String message, Integer line) {
            super(message, line);
        }
    }

    /**
     * Reads {@code file}; YAML when its name ends in .yml/.yaml, JSON otherwise. {@code displayName} is how
     * annotations name it (the path relative to the workspace). A missing file, a directory, a FIFO, a device or
     * text that is not UTF-8 is a {@link SyntaxException} saying so.
     */
    public static SourceDocument read(Path file, String displayName) throws SyntaxException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yml") || name.endsWith(".yaml");
        return readAs(file, displayName, yaml);
    }

    /** Reads {@code file} as JSON or YAML whatever its name. */
    public static SourceDocument readAs(Path file, String displayName, boolean yaml) throws SyntaxException {
        String text;
        try {
            text = TextFile.read(file, displayName);
        } catch (TextFile.Unreadable e) {
            throw new SyntaxException(e.getMessage(), e.line());
        }
        return parse(text, displayName, yaml);
    }

    public static SourceDocument parse(String text, String displayName, boolean yaml) throws SyntaxException {
        String format = yaml ? "YAML" : "JSON";
        try (JsonParser parser = (yaml ? YAML : JSON).createParser(text)) {
            TreeBuilder builder = new TreeBuilder(parser, displayName, format);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SyntaxException(displayName + " is empty", 1);
            }
            JsonNode root = builder.value("");
            if (parser.nextToken() != null) {
                throw new SyntaxException(displayName + " is not valid " + format + ": more content after the "
                        + (yaml ? "first document" : "end of the value") + " at line " + line(parser)
                        + "; a file holds one " + (yaml ? "document" : "value") + ".", line(parser));
            }
            return new SourceDocument(displayName, root, builder.lines);
        } catch (JsonProcessingException e) {
            throw syntaxError(e, displayName, format);
        } catch (IOException e) {
            throw new IllegalStateException("reading from a string cannot fail", e);
        }
    }

    /** A parse error as "not valid JSON at line L, column C: reason", the reason stripped of the file's text. */
    static SyntaxException syntaxError(JsonProcessingException e, String displayName, String format) {
        Integer line = null;
        Integer column = null;
        String reason;
        if (e.getCause() instanceof MarkedYAMLException yamlError && yamlError.getProblemMark() != null) {
            line = yamlError.getProblemMark().getLine() + 1;
            column = yamlError.getProblemMark().getColumn() + 1;
            reason = yamlError.getProblem();
        } else {
            JsonLocation location = e.getLocation();
            if (location != null && location.getLineNr() > 0) {
                line = location.getLineNr();
                column = location.getColumnNr() > 0 ? location.getColumnNr() : null;
            }
            reason = e.getOriginalMessage();
        }
        String where = line == null ? "" : " at line " + line + (column == null ? "" : ", column " + column);
        return new SyntaxException(displayName + " is not valid " + format + where + ": " + withoutContent(reason)
                + ".", line);
    }

    /**
     * The parser's reason without any of the file's text: quoted tokens (Jackson's {@code Unrecognized token
     * 'ghp_...'}) and everything after the first line (SnakeYAML's snippet of the line) are dropped.
     */
    public static String withoutContent(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unreadable";
        }
        String firstLine = reason.strip().split("\\R", 2)[0];
        String cleaned = firstLine
                .replace("token 'null', 'true' or 'false'", "null, true or false")
                .replaceAll("'[^']{2,}'", "")
                .replaceAll("\"[^\"]{2,}\"", "")
                .replaceAll("\\s+:", ":")
                .replaceAll("\\s{2,}", " ")
                .strip();
        return cleaned.endsWith(".") ? cleaned.substring(0, cleaned.length() - 1) : cleaned;
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /** Builds the tree from the token stream, so that it sees every key (duplicates), every anchor and alias. */
    private static final class TreeBuilder {
        private final JsonParser parser;
        private final YAMLParser yaml;
        private final String displayName;
        private final String format;
        private final Map<String, Integer> lines = new HashMap<>();
        private final Map<String, JsonNode> anchors = new HashMap<>();
        private final Set<String> openAnchors = new HashSet<>();
        private int collectionAliases;

        TreeBuilder(JsonParser parser, String displayName, String format) {
            this.parser = parser;
            this.yaml = parser instanceof YAMLParser yamlParser ? yamlParser : null;
            this.displayName = displayName;
            this.format = format;
        }

        /** The value at the current token, which {@code pointer} names. */
        JsonNode value(String pointer) throws IOException, SyntaxException {
            int line = line(parser);
            lines.putIfAbsent(pointer, line);
            if (yaml != null && yaml.isCurrentAlias()) {
                return alias(yaml.getText(), line);
            }
            String anchor = yaml == null ? null : parser.currentToken().isScalarValue()
                    ? ((AnchorAwareParser) yaml).scalarAnchor() : yaml.getObjectId();
            if (anchor != null) {
                openAnchors.add(anchor);
            }
            JsonNode node = switch (parser.currentToken()) {
                case START_OBJECT -> object(pointer);
                case START_ARRAY -> array(pointer);
                default -> scalar();
            };
            if (anchor != null) {
                openAnchors.remove(anchor);
                anchors.put(anchor, node);
            }
            return node;
        }

        private JsonNode alias(String name, int line) throws SyntaxException {
            if (openAnchors.contains(name)) {
                throw problem("the alias *" + name + " at line " + line + " is inside its own anchor &" + name
                        + " (a recursive structure)", line);
            }
            JsonNode target = anchors.get(name);
            if (target == null) {
                throw problem("the alias *" + name + " at line " + line + " has no anchor &" + name + " before it",
                        line);
            }
            if (target.isContainerNode() && ++collectionAliases > MAX_ALIASES_FOR_COLLECTIONS) {
                throw problem("more than " + MAX_ALIASES_FOR_COLLECTIONS + " aliases to mappings or lists (at line "
                        + line + "); write the values out", line);
            }
            return target.deepCopy();
        }

        private ObjectNode object(String pointer) throws IOException, SyntaxException {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            Map<String, Integer> keyLines = new HashMap<>();
            ObjectNode merged = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line(parser);
                Integer earlier = keyLines.putIfAbsent(key, keyLine);
                if (earlier != null) {
                    throw problem("the key \"" + key + "\" is given twice in one mapping, at line " + earlier
                            + " and at line " + keyLine + "; keep one", keyLine);
                }
                String keyPointer = pointer + "/" + SdkJson.escape(key);
                parser.nextToken();
                if (yaml != null && key.equals(MERGE_KEY)) {
                    merged = mergeSources(keyPointer, keyLine);
                    continue;
                }
                lines.putIfAbsent(keyPointer, keyLine);
                object.set(key, value(keyPointer));
            }
            if (merged != null) {
                // YAML merge keys: keys written in the mapping win over merged ones.
                for (Map.Entry<String, JsonNode> entry : merged.properties()) {
                    if (!object.has(entry.getKey())) {
                        object.set(entry.getKey(), entry.getValue());
                        lines.putIfAbsent(pointer + "/" + SdkJson.escape(entry.getKey()), keyLines.get(MERGE_KEY));
                    }
                }
            }
            return object;
        }

        /** The value of {@code <<}: a mapping, or a list of mappings where earlier ones win. */
        private ObjectNode mergeSources(String pointer, int line) throws IOException, SyntaxException {
            JsonNode value = value(pointer);
            ObjectNode merged = JsonNodeFactory.instance.objectNode();
            Iterable<JsonNode> sources = value.isArray() ? value : List.of(value);
            for (JsonNode source : sources) {
                if (!source.isObject()) {
                    throw problem("the merge key << at line " + line + " must hold a mapping or a list of mappings",
                            line);
                }
                source.properties().forEach(entry -> {
                    if (!merged.has(entry.getKey())) {
                        merged.set(entry.getKey(), entry.getValue());
                    }
                });
            }
            return merged;
        }

        private ArrayNode array(String pointer) throws IOException, SyntaxException {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(value(pointer + "/" + index++));
            }
            return array;
        }

        private JsonNode scalar() throws IOException {
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            return switch (parser.currentToken()) {
                case VALUE_STRING -> nodes.textNode(parser.getText());
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> nodes.booleanNode(true);
                case VALUE_FALSE -> nodes.booleanNode(false);
                case VALUE_NULL -> nodes.nullNode();
                default -> nodes.textNode(parser.getText());
            };
        }

        private SyntaxException problem(String what, int line) {
            return new SyntaxException(displayName + " is not valid " + format + ": " + what + ".", line);
        }
    }

    /** Jackson reports anchors on mappings and lists but not on scalars ({@code &role arn:...}); this parser does. */
    private static final class AnchorAwareYamlFactory extends YAMLFactory {
        @Override
        protected YAMLParser _createParser(Reader reader, IOContext context) {
            return new AnchorAwareParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec,
                    reader);
        }

        @Override
        protected YAMLParser _createParser(char[] data, int offset, int length, IOContext context,
                                           boolean recyclable) {
            return _createParser(new CharArrayReader(data, offset, length), context);
        }
    }

    private static final class AnchorAwareParser extends YAMLParser {
        AnchorAwareParser(IOContext context, int parserFeatures, int yamlFeatures, LoaderOptions options,
                          ObjectCodec codec, Reader reader) {
            super(context, parserFeatures, yamlFeatures, options, codec, reader);
        }

        /** The anchor of the scalar just read, or null. */
        String scalarAnchor() {
            return _lastEvent instanceof ScalarEvent scalar ? scalar.getAnchor() : null;
        }
    }

    public JsonNode root() {
        return root;
    }

    public String displayName() {
        return displayName;
    }

    /**
     * The line of the node at a JSON pointer such as {@code /containerDefinitions/0/memoryReservaton}; for a node with
     * no line of its own (inside an alias's copy) the line of its nearest ancestor; null when there is none.
     */
    public Integer lineOf(String pointer) {
        String current = pointer;
        while (current != null) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            int slash = current.lastIndexOf('/');
            current = slash < 0 ? null : current.substring(0, slash);
        }
        return null;
    }
}
