package dev.ecsdeploy.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Actions runner would obey in a step's output, written from its rules (actions/runner
 * Runner.Common/ActionCommand.cs and Runner.Worker/ActionCommandManager.cs; ../shared/reference/ecs-api-facts.md §4):
 * lines as StreamReader.ReadLine splits them (\n, \r\n, \r); {@code TryParseV2}: after .NET's TrimStart, a line that
 * starts with {@code ::} and has a closing {@code ::} is a command; {@code TryParse} (legacy): {@code ##[name ...]}
 * anywhere in a line; {@code ::stop-commands::TOKEN} ignores every command until a line {@code ::TOKEN::}. Stricter
 * than the runner: any name counts, registered or not.
 */
public final class RunnerCommands {
    private RunnerCommands() {
    }

    /** One command the runner would act on. */
    public record Command(String name, Map<String, String> properties, String data, boolean legacy, int line,
                          String text) {
    }

    public static List<Command> parse(String output) {
        List<Command> commands = new ArrayList<>();
        String stopToken = null;
        String[] lines = output.split("\r\n|\r|\n", -1);
        for (int number = 0; number < lines.length; number++) {
            String line = lines[number];
            String trimmed = trimStart(line);
            if (stopToken != null) {
                if (trimmed.strip().equals("::" + stopToken + "::")) {
                    stopToken = null;
                }
                continue;
            }
            Command command = parseV2(trimmed, number + 1, line);
            if (command == null) {
                command = parseLegacy(line, number + 1);
            }
            if (command != null) {
                commands.add(command);
                if (command.name().equalsIgnoreCase("stop-commands") && !command.data().isEmpty()) {
                    stopToken = command.data();
                }
            }
        }
        return commands;
    }

    private static Command parseV2(String trimmed, int number, String line) {
        if (!trimmed.startsWith("::")) {
            return null;
        }
        int end = trimmed.indexOf("::", 2);
        if (end < 0) {
            return null;
        }
        String info = trimmed.substring(2, end);
        String name = info;
        Map<String, String> properties = new LinkedHashMap<>();
        int space = info.indexOf(' ');
        if (space >= 0) {
            name = info.substring(0, space);
            for (String pair : info.substring(space + 1).split(",")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    properties.put(pair.substring(0, equals), unescapeProperty(pair.substring(equals + 1)));
                }
            }
        }
        return new Command(name, properties, unescapeData(trimmed.substring(end + 2)), false, number, line);
    }

    private static Command parseLegacy(String line, int number) {
        int start = line.indexOf("##[");
        if (start < 0) {
            return null;
        }
        int close = line.indexOf(']', start);
        if (close < 0) {
            return null;
        }
        String info = line.substring(start + 3, close);
        int space = info.indexOf(' ');
        String name = space < 0 ? info : info.substring(0, space);
        return new Command(name, Map.of(), line.substring(close + 1), true, number, line);
    }

    static String trimStart(String line) {
        int start = 0;
        while (start < line.length() && isDotnetWhitespace(line.charAt(start))) {
            start++;
        }
        return line.substring(start);
    }

    /** .NET's Char.IsWhiteSpace. */
    private static boolean isDotnetWhitespace(char c) {
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0;
    }

    private static String unescapeData(String data) {
        return data.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%");
    }

    private static String unescapeProperty(String value) {
        return value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
                .replace("%25", "%");
    }
}
