package dev.ecsdeploy.config;

import dev.ecsdeploy.util.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The action's inputs, resolved in order of precedence: {@code --name value} flags, the runner's {@code INPUT_*}
 * variables, the config file's selected environment, its defaults, then the built-in default. An empty value counts
 * as not given, because the runner sets every declared input, given or not.
 *
 * <p>{@link #validate()} parses every value strictly up front, so a typo fails the run before anything happens; the
 * typed getters after that cannot fail.
 */
public final class ActionInputs {

    /** Where a value came from; a config value knows its file and line, for annotations. */
    public record Resolved(String text, String source, Annotation where) {
    }

    private final Map<Input, Resolved> values;
    private final Path workspace;
    private final String environmentName;

    private ActionInputs(Map<Input, Resolved> values, Path workspace, String environmentName) {
        this.values = values;
        this.workspace = workspace;
        this.environmentName = environmentName;
    }

    /**
     * Resolves every input. {@code onSecret} receives each secret value (Slack tokens and URLs) before anything could
     * print it.
     */
    public static ActionInputs resolve(Map<String, String> flags, Map<String, String> env, Path workspace,
                                       String refName, Consumer<String> onSecret) {
        for (String flag : flags.keySet()) {
            if (Input.byName(flag).isEmpty()) {
                throw new BadInputException(flag, "Unknown input --" + flag + "."
                        + dev.ecsdeploy.util.Suggestions.didYouMean(flag, Input.names()));
            }
        }
        Function<Input, Resolved> given = input -> {
            String flag = flags.get(input.inputName());
            if (flag != null && !flag.isEmpty()) {
                return new Resolved(flag, "--" + input.inputName(), null);
            }
            String variable = env.get(input.environmentVariable());
            return variable == null || variable.isEmpty() ? null
                    : new Resolved(variable, input.inputName() + " input", null);
        };

        ConfigFile config = null;
        ConfigFile.Section environment = null;
        Resolved configInput = given.apply(Input.CONFIG);
        if (configInput != null) {
            config = ConfigFile.read(workspace.resolve(configInput.text()), configInput.text());
            Resolved environmentInput = given.apply(Input.ENVIRONMENT);
            environment = config.select(environmentInput == null ? null : environmentInput.text(), refName)
                    .orElse(null);
        }

        Map<Input, Resolved> values = new EnumMap<>(Input.class);
        for (Input input : Input.values()) {
            Resolved value = given.apply(input);
            if (value == null && environment != null) {
                value = fromConfig(config, environment, input);
            }
            if (value == null && config != null) {
                value = fromConfig(config, config.defaults(), input);
            }
            if (value == null && input.defaultValue() != null) {
                value = new Resolved(input.defaultValue(), "default", null);
            }
            if (value != null) {
                if (input.type() == InputType.SECRET) {
                    onSecret.accept(value.text());
                }
                values.put(input, value);
            }
        }
        return new ActionInputs(values, workspace, environment == null ? null : environment.name());
    }

    private static Resolved fromConfig(ConfigFile config, ConfigFile.Section section, Input input) {
        ConfigFile.Value value = section.values().get(input.inputName());
        if (value == null || value.text().isEmpty()) {
            return null;
        }
        return new Resolved(value.text(), config.displayName() + " " + section.name(),
                Annotation.at(config.displayName(), value.line()));
    }

    /** Parses every value; the first that does not parse is a {@link BadInputException} naming it. */
    public ActionInputs validate() {
        for (Map.Entry<Input, Resolved> entry : values.entrySet()) {
            parse(entry.getKey());
        }
        return this;
    }

    private Object parse(Input input) {
        Resolved value = values.get(input);
        if (value == null) {
            return null;
        }
        String text = value.text();
        try {
            Object parsed = switch (input.type().kind()) {
                case STRING, SECRET -> text.trim();
                case BOOLEAN -> InputParsers.bool(text);
                case DURATION -> InputParsers.duration(text);
                case NON_NEGATIVE_INTEGER -> InputParsers.nonNegativeInteger(text);
                case PERCENT -> InputParsers.percent(text);
                case REGEX -> InputParsers.regex(text);
                case LIST -> InputParsers.list(text);
                case LINES -> InputParsers.lines(text);
                case KEY_VALUE_LINES -> InputParsers.keyValues(text);
                case CHOICE -> InputParsers.choice(text, input.type().choices());
            };
            InputBounds.check(input, parsed, text);
            return parsed;
        } catch (IllegalArgumentException e) {
            throw invalid(input, e.getMessage() + ".");
        }
    }

    /** An error about an input, pointing at the config file line the value came from when it came from there. */
    public BadInputException invalid(Input input, String problem) {
        Resolved value = values.get(input);
        String from = value == null || value.source().endsWith(" input") || value.source().startsWith("--") ? ""
                : " (from " + value.source() + ")";
        return new BadInputException(input.inputName(),
                "Input " + input.inputName() + from + ": " + problem, value == null ? null : value.where());
    }

    public BadInputException missing(Input input, String why) {
        return new BadInputException(input.inputName(), "Input " + input.inputName() + " is required " + why
                + ". Set it in the step's with: block, as --" + input.inputName() + ", or in the config file.");
    }

    /** True when the user gave the value (flag, input or config file), not the built-in default. */
    public boolean isGiven(Input input) {
        Resolved value = values.get(input);
        return value != null && !value.source().equals("default");
    }

    public boolean isSet(Input input) {
        return values.containsKey(input);
    }

    public Optional<Resolved> resolved(Input input) {
        return Optional.ofNullable(values.get(input));
    }

    /** The trimmed text of any input, or null when not set and without a default. */
    public String string(Input input) {
        Resolved value = values.get(input);
        return value == null ? null : value.text().trim();
    }

    public String require(Input input, String why) {
        String value = string(input);
        if (value == null || value.isEmpty()) {
            throw missing(input, why);
        }
        return value;
    }

    public boolean bool(Input input) {
        return Boolean.TRUE.equals(parse(input));
    }

    public Duration duration(Input input) {
        return (Duration) parse(input);
    }

    public Integer integer(Input input) {
        return (Integer) parse(input);
    }

    public Double percent(Input input) {
        return (Double) parse(input);
    }

    public Pattern regex(Input input) {
        return (Pattern) parse(input);
    }

    @SuppressWarnings("unchecked")
    public List<String> list(Input input) {
        Object value = parse(input);
        return value == null ? List.of() : (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> keyValues(Input input) {
        Object value = parse(input);
        return value == null ? Map.of() : (Map<String, String>) value;
    }

    /** A path input resolved against the workspace, or null when not set. */
    public Path path(Input input) {
        String value = string(input);
        return value == null || value.isEmpty() ? null : workspace.resolve(value).normalize();
    }

    public Path workspace() {
        return workspace;
    }

    /** The config file section in use, or null. */
    public String environmentName() {
        return environmentName;
    }
}
