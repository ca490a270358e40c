package dev.ecsdeploy.config;

import java.util.List;

/** What kind of value an input holds; {@link InputParsers} turns the text into it, strictly. */
public record InputType(Kind kind, List<String> choices) {
    public enum Kind {
        STRING, SECRET, BOOLEAN, DURATION, NON_NEGATIVE_INTEGER, PERCENT, REGEX, LIST, LINES, KEY_VALUE_LINES, CHOICE
    }

    public static final InputType STRING = of(Kind.STRING);
    /** A string that is masked in every log line, output and message from the moment it is read. */
    public static final InputType SECRET = of(Kind.SECRET);
    public static final InputType BOOLEAN = of(Kind.BOOLEAN);
    public static final InputType DURATION = of(Kind.DURATION);
    public static final InputType NON_NEGATIVE_INTEGER = of(Kind.NON_NEGATIVE_INTEGER);
    public static final InputType PERCENT = of(Kind.PERCENT);
    public static final InputType REGEX = of(Kind.REGEX);
    public static final InputType LIST = of(Kind.LIST);
    public static final InputType LINES = of(Kind.LINES);
    public static final InputType KEY_VALUE_LINES = of(Kind.KEY_VALUE_LINES);

    public static InputType choice(String... values) {
        return new InputType(Kind.CHOICE, List.of(values));
    }

    private static InputType of(Kind kind) {
        return new InputType(kind, List.of());
    }
}
