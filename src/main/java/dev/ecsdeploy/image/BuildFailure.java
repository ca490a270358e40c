package dev.ecsdeploy.image;

import dev.ecsdeploy.util.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a BuildKit build failed, read from its plain progress output: the failing step, the last lines that step
 * printed, and BuildKit's error. Plain progress prefixes every line with its step's number ({@code #6}); a step's
 * first line is its name ({@code #6 [3/4] RUN npm ci}), its output lines carry a timestamp ({@code #6 0.547 ...}) and
 * a failing step ends with {@code #6 ERROR: ...}. Docker 20.10's built-in BuildKit and buildx both print this.
 *
 * @param step        the failing step as BuildKit names it, e.g. {@code [3/4] RUN npm ci}; null when the build failed
 *                    before any step ran (a Dockerfile syntax error)
 * @param output      the last lines the failing step printed
 * @param error       BuildKit's error line
 */
@Decision
public record BuildFailure(String step, List<String> output, String error) {
    static final int OUTPUT_LINES = 20;
    private static final Pattern STEP_LINE = Pattern.compile("^#(\\d+) (.*)$");
    private static final Pattern STEP_ERROR = Pattern.compile("^#(\\d+) ERROR:? ?(.*)$");
    private static final Pattern TIMED_OUTPUT = Pattern.compile("^\\d+\\.\\d+ (.*)$");
    private static final Pattern EXIT_CODE = Pattern.compile(
            "^(?:executor failed running \\[.*]|process \".*\" did not complete successfully): exit code: (\\d+)$");
    private static final Pattern STAGE_PREFIX = Pattern.compile("^\\[[^]]*\\d+/\\d+] (.*)$");

    public static BuildFailure explain(List<String> lines) {
        String failing = null;
        String error = null;
        for (String line : lines) {
            Matcher matcher = STEP_ERROR.matcher(line);
            if (matcher.matches()) {
                failing = matcher.group(1);
                error = matcher.group(2).trim();
            }
        }
        if (failing == null) {
            return new BuildFailure(null, List.of(), lastMeaningfulLine(lines));
        }
        String name = null;
        List<String> output = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = STEP_LINE.matcher(line);
            if (!matcher.matches() || !matcher.group(1).equals(failing)) {
                continue;
            }
            String rest = matcher.group(2);
            Matcher timed = TIMED_OUTPUT.matcher(rest);
            if (name == null) {
                name = rest.trim();
            } else if (timed.matches()) {
                output.add(timed.group(1));
            }
        }
        List<String> last = output.subList(Math.max(0, output.size() - OUTPUT_LINES), output.size());
        return new BuildFailure(name, List.copyOf(last), error);
    }

    /** The Dockerfile instruction of the failing step ({@code RUN npm ci}), or null. */
    public String instruction() {
        if (step == null) {
            return null;
        }
        Matcher matcher = STAGE_PREFIX.matcher(step);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** Several lines: what failed, then the step's last output, for the error annotation. */
    public String message() {
        StringBuilder text = new StringBuilder("Docker build failed");
        if (step != null) {
            text.append(" at ").append(step);
        }
        text.append(": ").append(error == null || error.isEmpty() ? "see the build log" : shortError());
        if (!output.isEmpty()) {
            text.append("\nLast output of the step:");
            output.forEach(line -> text.append("\n  ").append(line));
        }
        return text.toString();
    }

    /**
     * BuildKit's error without the command it repeats: {@code executor failed running [/bin/sh -c npm ci]: exit code:
     * 1} (20.10) or {@code process "/bin/sh -c npm ci" did not complete successfully: exit code: 1} (buildx) become
     * {@code the command exited with code 1} when the step already names the command.
     */
    String shortError() {
        Matcher matcher = EXIT_CODE.matcher(error);
        return step != null && matcher.matches() ? "the command exited with code " + matcher.group(1) : error;
    }

    /**
     * The line of the Dockerfile holding the failing instruction, or null. BuildKit shows the instruction with build
     * arguments expanded, so the line is the one of the same instruction that shares the longest prefix with it.
     */
    public Integer dockerfileLine(List<String> dockerfile) {
        String instruction = instruction();
        if (instruction == null) {
            return null;
        }
        String keyword = instruction.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        String wanted = normalise(instruction);
        Integer best = null;
        int bestLength = -1;
        for (int i = 0; i < dockerfile.size(); i++) {
            String line = normalise(dockerfile.get(i));
            if (!line.toUpperCase(Locale.ROOT).startsWith(keyword + " ")) {
                continue;
            }
            int common = commonPrefix(line.substring(keyword.length()), wanted.substring(keyword.length()));
            if (common > bestLength) {
                best = i + 1;
                bestLength = common;
            }
        }
        return best;
    }

    private static String normalise(String text) {
        return text.trim().replaceAll("\\s+", " ").replaceAll(" ?\\\\$", "");
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static String lastMeaningfulLine(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).trim();
            if (!line.isEmpty() && !line.equals("------")) {
                return line.startsWith("ERROR: ") ? line.substring("ERROR: ".length()) : line;
            }
        }
        return null;
    }
}
