package dev.ecsdeploy.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsdeploy.util.Annotation;
import dev.ecsdeploy.util.SourceDocument;
import dev.ecsdeploy.util.Suggestions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code config} file: inputs shared by every environment under {@code defaults:}, and per-environment inputs
 * under {@code environments:}, each picked explicitly or by its {@code branches} (globs, {@code *} matching anything).
 *
 * <pre>
 * defaults:
 *   cluster: demo
 * environments:
 *   production: {branches: [main], service: web}
 *   development: {branches: [develop], service: web-dev}
 * </pre>
 */
public final class ConfigFile {
    private static final Set<String> NOT_CONFIGURABLE = Set.of(Input.CONFIG.inputName(), Input.ENVIRONMENT.inputName());

    /** A value from the file and the line it came from. */
    public record Value(String text, Integer line) {
    }

    /** A section and the line of its name in the file (null for an absent defaults:). */
    public record Section(String name, List<String> branches, Map<String, Value> values, Integer line) {
        boolean matchesBranch(String refName) {
            return refName != null && branches.stream().anyMatch(branch -> glob(branch).matcher(refName).matches());
        }
    }

    private final String displayName;
    private final Section defaults;
    private final Map<String, Section> environments;

    private ConfigFile(String displayName, Section defaults, Map<String, Section> environments) {
        this.displayName = displayName;
        this.defaults = defaults;
        this.environments = environments;
    }

    public static ConfigFile read(Path file, String displayName) {
        SourceDocument document;
        try {
            document = SourceDocument.read(file, displayName);
        } catch (SourceDocument.SyntaxException e) {
            throw new BadInputException(Input.CONFIG.inputName(), "The config file " + e.getMessage(),
                    Annotation.at(displayName, e.line()));
        }
        return new Parser(document).parse();
    }

    public String displayName() {
        return displayName;
    }

    public Section defaults() {
        return defaults;
    }

    public Map<String, Section> environments() {
        return environments;
    }

    /**
     * The section to use: the one named by {@code environment}, or else the one whose branches match the ref.
     * An explicitly named section that does not exist is an error, and so are two sections matching the branch
     * (which one wins would depend on their order); no matching branch means defaults only.
     */
    public Optional<Section> select(String environment, String refName) {
        if (environment != null && !environment.isBlank()) {
            Section section = environments.get(environment);
            if (section == null) {
                throw new BadInputException(Input.ENVIRONMENT.inputName(), "The environment \"" + environment
                        + "\" is not in " + displayName + "; it has: " + String.join(", ", environments.keySet())
                        + "." + Suggestions.didYouMean(environment, environments.keySet()));
            }
            return Optional.of(section);
        }
        List<Section> matching = environments.values().stream().filter(section -> section.matchesBranch(refName))
                .toList();
        if (matching.size() > 1) {
            Section first = matching.get(0);
            Section second = matching.get(1);
            throw new BadInputException(Input.CONFIG.inputName(), displayName + ": the branch \"" + refName
                    + "\" matches the branches of both " + first.name() + " (line " + first.line() + ") and "
                    + second.name() + " (line " + second.line() + "); make their branches not overlap, or pick one"
                    + " with the environment input.", Annotation.at(displayName, second.line()));
        }
        return matching.stream().findFirst();
    }

    static Pattern glob(String branchPattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : branchPattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** Walks the document, checking every key against the input catalog. */
    private static final class Parser {
        private final SourceDocument document;

        Parser(SourceDocument document) {
            this.document = document;
        }

        ConfigFile parse() {
            JsonNode root = document.root();
            if (!root.isObject()) {
                throw error("must be a mapping with defaults: and environments:", "");
            }
            for (String key : iterable(root.fieldNames())) {
                if (!key.equals("defaults") && !key.equals("environments")) {
                    throw error("has an unknown top-level key \"" + key + "\"; only defaults: and environments: are read."
                            + Suggestions.didYouMean(key, List.of("defaults", "environments")), "/" + key);
                }
            }
            Section defaults = section("defaults", root.path("defaults"), "/defaults", false);
            Map<String, Section> environments = new LinkedHashMap<>();
            JsonNode environmentsNode = root.path("environments");
            if (!environmentsNode.isMissingNode() && !environmentsNode.isObject()) {
                throw error("environments: must map environment names to their inputs", "/environments");
            }
            environmentsNode.properties().forEach(entry -> environments.put(entry.getKey(),
                    section(entry.getKey(), entry.getValue(), "/environments/" + escape(entry.getKey()), true)));
            return new ConfigFile(document.displayName(), defaults, environments);
        }

        private Section section(String name, JsonNode node, String pointer, boolean isEnvironment) {
            if (node.isMissingNode() || node.isNull()) {
                return new Section(name, List.of(), Map.of(), document.lineOf(pointer));
            }
            if (!node.isObject()) {
                throw error(name + ": must be a mapping of input names to values", pointer);
            }
            List<String> branches = new ArrayList<>();
            Map<String, Value> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                String keyPointer = pointer + "/" + escape(key);
                if (isEnvironment && key.equals("branches")) {
                    branches.addAll(InputParsers.list(text(entry.getValue())));
                    continue;
                }
                if (Input.byName(key).isEmpty() || NOT_CONFIGURABLE.contains(key)) {
                    throw error("has an unknown input \"" + key + "\" under " + name + ":."
                            + Suggestions.didYouMean(key, Input.names()), keyPointer);
                }
                values.put(key, new Value(text(entry.getValue()), document.lineOf(keyPointer)));
            }
            return new Section(name, List.copyOf(branches), Map.copyOf(values), document.lineOf(pointer));
        }

        /**
         * Scalars as their text, lists as lines, and a mapping as KEY=VALUE lines, so that
         * {@code environment-variables: {NODE_ENV: production}} reads naturally in YAML.
         */
        private static String text(JsonNode value) {
            if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(item -> items.add(text(item)));
                return String.join("\n", items);
            }
            if (value.isObject()) {
                List<String> lines = new ArrayList<>();
                value.properties().forEach(entry -> lines.add(entry.getKey() + "=" + text(entry.getValue())));
                return String.join("\n", lines);
            }
            return value.isNull() ? "" : value.asText();
        }

        private BadInputException error(String problem, String pointer) {
            return new BadInputException(Input.CONFIG.inputName(), document.displayName() + " " + problem,
                    Annotation.at(document.displayName(), document.lineOf(pointer)));
        }

        private static String escape(String key) {
            return key.replace("~", "~0").replace("/", "~1");
        }

        private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
            return () -> iterator;
        }
    }
}
