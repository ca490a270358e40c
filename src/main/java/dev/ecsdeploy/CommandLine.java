package dev.ecsdeploy;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.config.InputType;
import dev.ecsdeploy.util.CommandLineArguments;
import dev.ecsdeploy.util.Suggestions;
import java.util.Map;

/**
 * {@code [COMMAND] [--input-name value | --input-name=value | --boolean-input] ... [--help]}, read against the input
 * catalog: every flag is an input, a boolean input may be given bare, any other input needs a value.
 */
record CommandLine(String command, Map<String, String> flags, boolean help) {
    static final String HELP = "help";

    static CommandLine parse(String[] args) {
        CommandLineArguments parsed;
        try {
            parsed = CommandLineArguments.parse(args, true, CommandLine::kind,
                    name -> "Unknown input --" + name + "." + Suggestions.didYouMean("--" + name,
                            Input.names().stream().map(input -> "--" + input).toList()));
        } catch (CommandLineArguments.Problem e) {
            throw new BadInputException(e.flag(), e.getMessage());
        }
        boolean help = parsed.flags().containsKey(HELP) || HELP.equals(parsed.command());
        Map<String, String> flags = new java.util.LinkedHashMap<>(parsed.flags());
        flags.remove(HELP);
        String command = HELP.equals(parsed.command()) ? null : parsed.command();
        return new CommandLine(command, java.util.Collections.unmodifiableMap(flags), help);
    }

    private static CommandLineArguments.Kind kind(String name) {
        if (name.equals(HELP)) {
            return CommandLineArguments.Kind.SWITCH;
        }
        return Input.byName(name)
                .map(input -> input.type() == InputType.BOOLEAN ? CommandLineArguments.Kind.SWITCH
                        : CommandLineArguments.Kind.VALUE)
                .orElse(CommandLineArguments.Kind.UNKNOWN);
    }
}
