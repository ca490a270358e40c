package dev.ecsdeploy.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Strict parsers for input text. Each throws {@link IllegalArgumentException} with a message that says what was
 * wrong and what is accepted; the caller adds the input's name.
 */
public final class InputParsers {
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");
    // The words YAML 1.2 and @actions/core getBooleanInput accept; anything else is a mistake, not false.
    private static final List<String> TRUE_WORDS = List.of("true", "True", "TRUE");
    private static final List<String> FALSE_WORDS = List.of("false", "False", "FALSE");

    private InputParsers() {
    }

    public static boolean bool(String text) {
        String value = text.trim();
        if (TRUE_WORDS.contains(value)) {
            return true;
        }
        if (FALSE_WORDS.contains(value)) {
            return false;
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a boolean; use true or false");
    }

    /** {@code 90s}, {@code 5m}, {@code 1h}, {@code 1h30m}; a bare {@code 0} is zero. */
    public static Duration duration(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = DURATION.matcher(value);
        if (value.isEmpty() || !matcher.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; write it like 90s, 5m, 1h or 1h30m");
        }
        try {
            return Duration.ofHours(group(matcher, 1)).plusMinutes(group(matcher, 2)).plusSeconds(group(matcher, 3));
        } catch (ArithmeticException | NumberFormatException e) {
            // Digits beyond a long, or hours beyond what a Duration holds: far beyond any bound, never an overflow.
            throw new IllegalArgumentException("\"" + text + "\" is far too long a duration");
        }
    }

    public static int nonNegativeInteger(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a whole number of 0 or more");
    }

    public static double percent(String text) {
        try {
            double value = Double.parseDouble(text.trim().replace("%", ""));
            if (value > 0 && value <= 100) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a percentage above 0 and at most 100");
    }

    public static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a valid regular expression: " + e.getDescription());
        }
    }

    /**
     * One of {@code choices} as written; a choice that is a boolean word ({@code circuit-breaker: true}) also takes
     * the spellings a boolean input takes, so {@code True} means the same in every input.
     */
    public static String choice(String text, List<String> choices) {
        String value = text.trim();
        if (choices.contains(value)) {
            return value;
        }
        if (choices.contains("true") && TRUE_WORDS.contains(value)) {
            return "true";
        }
        if (choices.contains("false") && FALSE_WORDS.contains(value)) {
            return "false";
        }
        throw new IllegalArgumentException("\"" + text + "\" is not one of " + String.join(", ", choices));
    }

    /** Comma or newline separated, blanks dropped. */
    public static List<String> list(String text) {
        List<String> items = new ArrayList<>();
        for (String item : text.split("[,\\n]")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    /** Non-blank lines, trimmed; lines starting with # are comments. */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String trimmed = line.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                lines.add(trimmed);
            }
        }
        return lines;
    }

    /**
     * {@code KEY=VALUE} per line, split at the first {@code =} so {@code KEY=a=b} keeps {@code a=b}; order kept, a
     * later line wins.
     */
    public static Map<String, String> keyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\\R")) {
            lineNumber++;
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("line " + lineNumber + " \"" + trimmed + "\" is not KEY=VALUE"
                        + (equals == 0 ? " (the key is empty)" : ""));
            }
            values.put(trimmed.substring(0, equals).trim(), trimmed.substring(equals + 1));
        }
        return values;
    }

    private static long group(Matcher matcher, int index) {
        String digits = matcher.group(index);
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
