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
        return data.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    public static String escapeProperty(String value) {
        return escapeData(value).replace(":", "%3A").replace(",", "%2C");
    }
}
