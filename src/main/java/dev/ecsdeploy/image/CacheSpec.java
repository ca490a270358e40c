package dev.ecsdeploy.image;

import dev.ecsdeploy.util.Decision;
import dev.ecsdeploy.util.Suggestions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One line of {@code cache-from} or {@code cache-to}, in docker/build-push-action's (buildx's) syntax:
 * {@code type=registry,ref=IMAGE[,mode=max]}, {@code type=inline}, {@code type=local,src=DIR} / {@code dest=DIR},
 * {@code type=gha[,scope=NAME]}; a bare {@code IMAGE} means {@code type=registry,ref=IMAGE}.
 *
 * @param type       registry, inline, local or gha
 * @param attributes the other {@code key=value} pairs, in order
 */
@Decision
public record CacheSpec(String type, Map<String, String> attributes) {
    /** Which input a line came from: the two accept different types and attributes. */
    public enum Direction {
        FROM("cache-from"), TO("cache-to");

        private final String input;

        Direction(String input) {
            this.input = input;
        }

        public String input() {
            return input;
        }
    }

    private static final List<String> TYPES = List.of("registry", "inline", "local", "gha");
    // buildx's documented attributes per type (docs.docker.com/build/cache/backends/); others are typos.
    private static final Map<String, Set<String>> FROM_ATTRIBUTES = Map.of(
            "registry", Set.of("ref"),
            "local", Set.of("src", "digest", "tag"),
            "gha", Set.of("scope", "url", "token"));
    private static final Map<String, Set<String>> TO_ATTRIBUTES = Map.of(
            "inline", Set.of(),
            "registry", Set.of("ref", "mode", "image-manifest", "oci-mediatypes", "compression",
                    "compression-level", "force-compression", "ignore-error"),
            "local", Set.of("dest", "mode", "image-manifest", "oci-mediatypes", "compression", "compression-level",
                    "force-compression", "ignore-error", "tag"),
            "gha", Set.of("scope", "mode", "url", "token", "ignore-error", "timeout", "repository", "ghtoken"));

    public static List<CacheSpec> parseAll(List<String> lines, Direction direction) {
        return lines.stream().map(line -> parse(line, direction)).toList();
    }

    /** Parses one line; a line that does not parse is an {@link IllegalArgumentException} saying how to write it. */
    static CacheSpec parse(String line, Direction direction) {
        String text = line.trim();
        if (!text.contains("=")) {
            return new CacheSpec("registry", Map.of("ref", text));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int equals = part.indexOf('=');
            if (equals <= 0 || equals == part.length() - 1) {
                throw problem(text, direction, "\"" + part.trim() + "\" is not key=value");
            }
            if (fields.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim()) != null) {
                throw problem(text, direction, part.substring(0, equals).trim() + " is given twice");
            }
        }
        String type = fields.remove("type");
        if (type == null) {
            type = "registry";
        }
        Map<String, Set<String>> allowed = direction == Direction.FROM ? FROM_ATTRIBUTES : TO_ATTRIBUTES;
        if (!allowed.containsKey(type)) {
            String why = "inline".equals(type)
                    ? "an inline cache is read from the image that carries it: type=registry,ref=IMAGE"
                    : "unknown type \"" + type + "\" (use " + String.join(", ", allowed.keySet().stream().sorted()
                    .toList()) + ")" + Suggestions.didYouMean(type, TYPES);
            throw problem(text, direction, why);
        }
        for (String key : fields.keySet()) {
            if (!allowed.get(type).contains(key)) {
                throw problem(text, direction, "type=" + type + " has no attribute \"" + key + "\""
                        + (allowed.get(type).isEmpty() ? "" : " (it takes " + allowed.get(type).stream().sorted()
                        .collect(Collectors.joining(", ")) + ")"));
            }
        }
        String required = switch (type) {
            case "registry" -> "ref";
            case "local" -> direction == Direction.FROM ? "src" : "dest";
            default -> null;
        };
        if (required != null && !fields.containsKey(required)) {
            throw problem(text, direction, "type=" + type + " needs " + required + "=");
        }
        String mode = fields.get("mode");
        if (mode != null && !mode.equals("min") && !mode.equals("max")) {
            throw problem(text, direction, "mode is min or max, not \"" + mode + "\"");
        }
        return new CacheSpec(type, Map.copyOf(fields));
    }

    /** The image reference of a registry cache, or null. */
    public String ref() {
        return "registry".equals(type) ? attributes.get("ref") : null;
    }

    /** The line in canonical form, as buildx takes it. */
    public String canonical() {
        StringBuilder text = new StringBuilder("type=").append(type);
        attributes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(entry -> text.append(',').append(entry.getKey()).append('=').append(entry.getValue()));
        return text.toString();
    }

    private static IllegalArgumentException problem(String line, Direction direction, String why) {
        return new IllegalArgumentException("\"" + line + "\": " + why + "; write one cache per line, e.g. "
                + (direction == Direction.FROM ? "type=registry,ref=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:cache"
                : "type=inline"));
    }
}
