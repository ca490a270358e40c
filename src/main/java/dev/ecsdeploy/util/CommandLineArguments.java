package dev.ecsdeploy.util;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The one parser of {@code [COMMAND] [--name value | --name=value | --switch] ...}, for the action's commands (flags
 * from the input catalog) and for {@code sandbox} (its own flags). A flag that needs a value and is followed by another
 * flag or by nothing is refused, naming the flag: {@code --image} alone must never deploy an image called "true".
 *
 * @param command the first token when the caller takes a command and it is not a flag; null otherwise
 * @param flags   every flag given, in order, without its leading {@code --}; a switch given bare is "true"
 */
public record CommandLineArguments(String command, Map<String, String> flags) {

    /** What a flag name is to the caller. */
    public enum Kind {
        /** Needs a value: {@code --name value} or {@code --name=value}. */
        VALUE,
        /** A boolean: bare means true, or {@code --name true|false}, {@code --name=false}. */
        SWITCH,
        /** Not a flag of this command. */
        UNKNOWN
    }

    /** A command line that cannot be read; {@link #flag()} is the flag at fault (without --), or null. */
    public static final class Problem extends IllegalArgumentException {
        private final String flag;

        Problem(String flag, String message) {
            super(message);
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }
    }

    /**
     * @param takesCommand   whether a leading word is the command
     * @param kinds          what each flag name is
     * @param unknownMessage the words for a flag that is not one (e.g. with a "did you mean")
     */
    public static CommandLineArguments parse(String[] args, boolean takesCommand, Function<String, Kind> kinds,
                                             Function<String, String> unknownMessage) {
        int index = 0;
        String command = null;
        if (takesCommand && args.length > 0 && !args[0].startsWith("-")) {
            command = args[0];
            index = 1;
        }
        Map<String, String> flags = new LinkedHashMap<>();
        while (index < args.length) {
            String argument = args[index++];
            if (argument.equals("-h")) {
                argument = "--help";
            }
            if (!argument.startsWith("--") || argument.length() == 2) {
                throw new Problem(null, "Unexpected argument \"" + argument + "\": flags are given as --name value.");
            }
            String name = argument.substring(2);
            String value = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            Kind kind = kinds.apply(name);
            if (kind == null || kind == Kind.UNKNOWN) {
                throw new Problem(name, unknownMessage.apply(name));
            }
            if (value == null) {
                boolean valueFollows = index < args.length && !args[index].startsWith("--");
                if (valueFollows) {
                    value = args[index++];
                } else if (kind == Kind.SWITCH) {
                    value = "true";
                } else {
                    throw new Problem(name, "--" + name + " needs a value: --" + name + " VALUE, or --" + name
                            + "=VALUE for a value that starts with --.");
                }
            }
            if (flags.containsKey(name)) {
                throw new Problem(name, "--" + name + " is given twice; give it once.");
            }
            flags.put(name, value);
        }
        return new CommandLineArguments(command, Collections.unmodifiableMap(flags));
    }
}
