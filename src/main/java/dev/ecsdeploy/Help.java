package dev.ecsdeploy;

import dev.ecsdeploy.config.Input;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The usage text: the commands, and each command's inputs with descriptions and defaults from {@link Input}. */
final class Help {
    /** The commands a user can name, with what each does and which input groups it reads. */
    enum Command {
        DEPLOY("deploy", "build, push, render, register and deploy, then notify", EnumSet.allOf(Input.Group.class)),
        ROLLBACK("rollback", "stop an in-progress deployment with rollback, or go back to a revision",
                EnumSet.of(Input.Group.GENERAL, Input.Group.DEPLOY, Input.Group.SLACK)),
        CONTINUE("continue", "give a CodeDeploy deployment that waits (Ready, or its termination wait) the go-ahead,"
                + " and wait for it to end", EnumSet.of(Input.Group.GENERAL, Input.Group.DEPLOY, Input.Group.SLACK)),
        RENDER("render", "write the rendered task definition", EnumSet.of(Input.Group.GENERAL, Input.Group.VERSION,
                Input.Group.IMAGE, Input.Group.TASK_DEFINITION)),
        DIFF("diff", "show what would change in the task definition", EnumSet.of(Input.Group.GENERAL,
                Input.Group.VERSION, Input.Group.IMAGE, Input.Group.TASK_DEFINITION, Input.Group.DEPLOY)),
        VERIFY("verify", "check cluster, service, containers, image, secrets, log group and roles",
                EnumSet.of(Input.Group.GENERAL, Input.Group.VERSION, Input.Group.IMAGE, Input.Group.TASK_DEFINITION,
                        Input.Group.DEPLOY)),
        STATUS("status", "show the service, its deployments, events and tasks",
                EnumSet.of(Input.Group.GENERAL, Input.Group.DEPLOY));

        final String word;
        final String summary;
        final Set<Input.Group> groups;

        Command(String word, String summary, Set<Input.Group> groups) {
            this.word = word;
            this.summary = summary;
            this.groups = groups;
        }

        static Command named(String word) {
            for (Command command : values()) {
                if (command.word.equals(word)) {
                    return command;
                }
            }
            return null;
        }
    }

    private Help() {
    }

    /** The overview: every command, then how to ask for one command's inputs. */
    static String overview() {
        StringBuilder text = new StringBuilder("""
                usage: java -jar ecs-deploy-action.jar COMMAND [--input-name value ...]
                       java -jar ecs-deploy-action.jar COMMAND --help

                commands:
                """);
        for (Command command : Command.values()) {
            text.append(String.format("  %-10s %s%n", command.word, command.summary));
        }
        text.append(String.format("  %-10s %s%n", "run", "the GitHub Action entry point: inputs from INPUT_*"
                + " variables, the command from the `command` input"));
        text.append(String.format("  %-10s %s%n", "sandbox", "a simulated AWS for tests and rehearsals (--port N"
                + " --scenario S ...)"));
        text.append(String.format("  %-10s %s%n", "demo", "the whole pipeline against an in-process sandbox"));
        text.append(String.format("  %-10s %s%n", "help", "this text; `COMMAND --help` lists the command's inputs"));
        text.append("\nEvery input of action.yml is a flag: --input-name value (a boolean input alone means true).\n");
        return text.toString();
    }

    /** One command's inputs, grouped as the catalog groups them. */
    static String forCommand(String word) {
        Command command = Command.named(word);
        if (command == null) {
            return overview();
        }
        StringBuilder text = new StringBuilder("usage: java -jar ecs-deploy-action.jar " + command.word
                + " [--input-name value ...]\n\n" + command.summary + ".\n");
        Input.Group current = null;
        for (Input input : Input.values()) {
            if (!command.groups.contains(input.group()) || input == Input.COMMAND) {
                continue;
            }
            if (input.group() != current) {
                current = input.group();
                text.append('\n').append(current.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                        .append(":\n");
            }
            text.append(line(input));
        }
        return text.toString();
    }

    static String line(Input input) {
        String description = input.description();
        boolean saysDefault = description.contains("Default:") || description.contains("Default ");
        if (input.defaultValue() != null && !saysDefault) {
            description += " Default: " + input.defaultValue() + ".";
        }
        StringBuilder line = new StringBuilder("  --").append(input.inputName()).append('\n');
        for (String wrapped : wrap(description, 72)) {
            line.append("      ").append(wrapped).append('\n');
        }
        return line.toString();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : text.split(" ")) {
            if (current.length() > 0 && current.length() + 1 + word.length() > width) {
                lines.add(current.toString());
                current.setLength(0);
            }
            current.append(current.length() > 0 ? " " : "").append(word);
        }
        if (current.length() > 0) {
            lines.add(current.toString());
        }
        return lines;
    }
}
