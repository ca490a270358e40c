package dev.ecsdeploy.image.engine;

import dev.ecsdeploy.util.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore} as the Docker CLI reads and applies it (moby's ignorefile and patternmatcher): one pattern a
 * line, {@code #} comments and blank lines ignored, each pattern cleaned as a path with a leading {@code /} dropped;
 * {@code *} and {@code ?} within one path element, {@code [...]} classes, {@code **} for any number of directories,
 * {@code \} escaping the next character, {@code !} for an exception. The last pattern that matches a path or one of
 * its parents decides.
 */
@Decision
public final class IgnorePatterns {
    private final List<Rule> rules;

    /** One pattern: the cleaned text (without its {@code !}), whether it is an exception, and its line. */
    public record Rule(String pattern, boolean exception, int line, Pattern regex) {
    }

    /** A pattern the CLI refuses, with its line in the file (1-based). */
    public static final class BadPatternException extends IllegalArgumentException {
        private final int line;

        BadPatternException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private IgnorePatterns(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The patterns of a {@code .dockerignore}'s text. */
    public static IgnorePatterns parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[i].startsWith("\uFEFF") ? lines[i].substring(1) : lines[i];
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = line.strip();
            if (pattern.isEmpty()) {
                continue;
            }
            boolean exception = pattern.startsWith("!");
            if (exception) {
                pattern = pattern.substring(1).strip();
                if (pattern.isEmpty()) {
                    throw new BadPatternException(i + 1, "illegal exclusion pattern: \"!\"");
                }
            }
            pattern = clean(pattern);
            if (pattern.length() > 1 && pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            rules.add(new Rule(pattern, exception, i + 1, compile(pattern, i + 1)));
        }
        return new IgnorePatterns(rules);
    }

    /** These patterns with more after them ({@code !Dockerfile}, so that the Dockerfile is always sent). */
    public IgnorePatterns with(String... patterns) {
        List<Rule> more = new ArrayList<>(rules);
        for (String pattern : patterns) {
            boolean exception = pattern.startsWith("!");
            String cleaned = clean(exception ? pattern.substring(1) : pattern);
            more.add(new Rule(cleaned, exception, 0, compile(cleaned, 0)));
        }
        return new IgnorePatterns(more);
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /**
     * Whether the path ({@code /}-separated, relative to the context) is excluded: the last pattern matching it or a
     * parent directory of it decides, an exception re-including.
     */
    public boolean excludes(String path) {
        boolean excluded = false;
        String[] parents = parentsOf(path);
        for (Rule rule : rules) {
            if (rule.exception() != excluded) {
                continue; // an exception cannot change what is included, a pattern what is excluded
            }
            boolean match = rule.regex().matcher(path).matches();
            for (int i = 0; !match && i < parents.length; i++) {
                match = rule.regex().matcher(parents[i]).matches();
            }
            if (match) {
                excluded = !rule.exception();
            }
        }
        return excluded;
    }

    /**
     * Whether a directory the patterns exclude must still be walked: an exception may re-include something under it.
     * The CLI's test, kept as it is: an exception whose text starts with the directory's path.
     */
    public boolean mayIncludeUnder(String directory) {
        String prefix = directory + "/";
        return rules.stream().anyMatch(rule -> rule.exception() && (rule.pattern() + "/").startsWith(prefix));
    }

    private static String[] parentsOf(String path) {
        List<String> parents = new ArrayList<>();
        int slash = path.indexOf('/');
        while (slash >= 0) {
            parents.add(path.substring(0, slash));
            slash = path.indexOf('/', slash + 1);
        }
        return parents.toArray(String[]::new);
    }

    /** Go's {@code filepath.Clean}: no repeated or trailing {@code /}, no {@code .}, {@code ..} resolved lexically. */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.getLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.add("..");
                }
                continue;
            }
            parts.add(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** The pattern as a regular expression over a whole path, as moby's patternmatcher builds it. */
    static Pattern compile(String pattern, int line) {
        StringBuilder regex = new StringBuilder("^");
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i += 2;
                    if (i < n && pattern.charAt(i) == '/') {
                        i++; // "**/" is "**"
                    }
                    regex.append(i >= n ? ".*" : "(.*/)?");
                    continue;
                }
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else if (c == '\\') {
                if (i + 1 < n) {
                    int escaped = pattern.codePointAt(i + 1);
                    regex.append(literal(escaped));
                    i += 1 + Character.charCount(escaped);
                    continue;
                } else {
                    throw new BadPatternException(line, "syntax error in pattern " + pattern
                            + ": a trailing \\ escapes nothing");
                }
            } else if (c == '[') {
                i = characterClass(pattern, i, regex, line);
                continue;
            } else {
                int literal = pattern.codePointAt(i);
                regex.append(literal(literal));
                i += Character.charCount(literal);
                continue;
            }
            i++;
        }
        regex.append("(/.*)?$");
        return Pattern.compile(regex.toString());
    }

    /**
     * A {@code [...]} class from {@code start}, by Go's {@code filepath.Match} grammar (which the CLI checks every
     * pattern against): {@code ^} negates, then one or more of {@code c} or {@code lo-hi}, where a {@code -} or
     * {@code ]} that is a character itself must be escaped with {@code \}. Returns the index after the {@code ]}.
     */
    private static int characterClass(String pattern, int start, StringBuilder regex, int line) {
        int i = start + 1;
        StringBuilder members = new StringBuilder("[");
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            members.append('^');
            i++;
        }
        int ranges = 0;
        while (true) {
            if (i < pattern.length() && pattern.charAt(i) == ']' && ranges > 0) {
                regex.append(members).append(']');
                return i + 1;
            }
            int[] low = classCharacter(pattern, i, line);
            i = low[1];
            members.append(literal(low[0]));
            if (i < pattern.length() && pattern.charAt(i) == '-') {
                int[] high = classCharacter(pattern, i + 1, line);
                i = high[1];
                members.append('-').append(literal(high[0]));
            }
            ranges++;
        }
    }

    /** One character of a class at {@code i}, escape resolved: {character, index after it}. */
    private static int[] classCharacter(String pattern, int i, int line) {
        if (i >= pattern.length() || pattern.charAt(i) == '-' || pattern.charAt(i) == ']') {
            throw new BadPatternException(line, "syntax error in pattern " + pattern + ": a malformed [...] class");
        }
        if (pattern.charAt(i) == '\\') {
            i++;
            if (i >= pattern.length()) {
                throw new BadPatternException(line, "syntax error in pattern " + pattern + ": an unclosed [");
            }
        }
        int c = pattern.codePointAt(i);
        return new int[] {c, i + Character.charCount(c)};
    }

    private static String literal(int codePoint) {
        return "\\x{" + Integer.toHexString(codePoint) + "}";
    }
}
