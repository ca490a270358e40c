package dev.ecsdeploy.github;

import dev.ecsdeploy.util.Annotation;

import java.util.LinkedHashMap;
import java.util.Map;

/** Formats workflow commands ({@code ::name key=value::data}) with the runner's escaping (Runner.Common/ActionCommand.cs). */
public final class WorkflowCommands {
    private WorkflowCommands() {
    }

    public static String command(String name, Map<String, String> properties, String data) {
        StringBuilder line = new StringBuilder("::").append(name);
        String separator = " ";
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (property.getValue() == null || property.getValue().isEmpty()) {
                continue;
            }
            line.append(separator).append(property.getKey()).append('=').append(escapeProperty(property.getValue()));
            separator = ",";
        }
        return line.append("::").append(escapeData(data)).toString();
    }

    public static String annotation(String level, Annotation where, String message) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (where != null) {
            properties.put("file", where.file());
            properties.put("line", where.line() == null ? null : where.line().toString());
            properties.put("title", where.title());
        }
        return command(level, properties, message);
    }

    public static String escapeData(String data) {
        if (data == null) {
            return "";
        }
        return defuseLegacy(data.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"));
    }

    /**
     * Makes one line of text the action did not write itself (build output, container logs, AWS messages, values
     * echoed back) unable to command the runner. The runner trims leading whitespace as .NET's {@code TrimStart} does
     * and then obeys a line starting with {@code ::} (TryParseV2), and its legacy parser obeys {@code ##[} anywhere in
     * a line (TryParse), so such a line is prefixed with a visible quote mark and every {@code ##[} is broken up.
     */
    public static String neutralise(String line) {
        String safe = defuseLegacy(line);
        int start = 0;
        while (start < safe.length() && isRunnerWhitespace(safe.charAt(start))) {
            start++;
        }
        return safe.startsWith("::", start) ? "> " + safe : safe;
    }

    private static String defuseLegacy(String text) {
        return text.replace("##[", "## [");
    }

    /** .NET's Char.IsWhiteSpace, which the runner's TrimStart uses: Unicode separators, U+0009-U+000D and U+0085. */
    static boolean isRunnerWhitespace(char c) {
        return Character.isSpaceChar(c) || (c >= '\t' && c <= '\r') || c == '\u0085';
    }

    public static String escapeProperty(String value) {
        return escapeData(value).replace(":", "%3A").replace(",", "%2C");
    }
}
