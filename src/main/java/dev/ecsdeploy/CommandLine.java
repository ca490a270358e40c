package dev.ecsdeploy;

import dev.ecsdeploy.config.BadInputException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [COMMAND] [--input-name value | --input-name=value | --boolean-input] ...}. A flag followed by another flag
 * or by nothing is a boolean set to true.
 */
record CommandLine(String command, Map<String, String> flags) {

    static CommandLine parse(String[] args) {
        List<String> list = Arrays.asList(args);
        String command = null;
        int index = 0;
        if (!list.isEmpty() && !list.getFirst().startsWith("--")) {
            command = list.getFirst();
            index = 1;
        }
        Map<String, String> flags = new LinkedHashMap<>();
        while (index < list.size()) {
            String argument = list.get(index++);
            if (!argument.startsWith("--") || argument.length() == 2) {
                throw new BadInputException(null, "Unexpected argument \"" + argument + "\": inputs are given as"
                        + " --input-name value.");
            }
            String name = argument.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (index < list.size() && !list.get(index).startsWith("--")) {
                value = list.get(index++);
            } else {
                value = "true";
            }
            flags.put(name, value);
        }
        return new CommandLine(command, flags);
    }
}
