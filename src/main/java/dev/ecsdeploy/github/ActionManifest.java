package dev.ecsdeploy.github;

import dev.ecsdeploy.config.Input;

/**
 * Renders action.yml from the input and output catalogs, so the manifest users read and the code that reads the
 * inputs cannot drift apart (ActionManifestTest compares the file with this text). No input declares a default: the
 * runner would pass it as if typed and mask the config file; descriptions state the defaults instead.
 */
public final class ActionManifest {
    private ActionManifest() {
    }

    public static String render() {
        StringBuilder yaml = new StringBuilder("""
                # Generated from dev.ecsdeploy.config.Input and dev.ecsdeploy.github.ActionOutput by ActionManifestTest;
                # edit those, then run: ./mvnw -q test -Dtest=ActionManifestTest -Daction.manifest.update=true
                name: ECS Deploy
                description: >-
                  Build, push and deploy a web app to Amazon ECS (rolling, blue/green, linear, canary or CodeDeploy),
                  wait for the truth, explain failures, roll back, and tell Slack.
                author: ecs-deploy-action
                branding:
                  icon: upload-cloud
                  color: orange
                inputs:
                """);
        for (Input input : Input.values()) {
            yaml.append("  ").append(input.inputName()).append(":\n")
                    .append("    description: ").append(quote(input.description())).append('\n')
                    .append("    required: false\n");
        }
        yaml.append("outputs:\n");
        for (ActionOutput output : ActionOutput.values()) {
            yaml.append("  ").append(output.outputName()).append(":\n")
                    .append("    description: ").append(quote(output.description())).append('\n');
        }
        yaml.append("""
                runs:
                  using: docker
                  image: Dockerfile
                """);
        return yaml.toString();
    }

    /** The inputs and outputs tables of README.md, between its {@code <!-- inputs -->} markers. */
    public static String readmeTables() {
        StringBuilder markdown = new StringBuilder("| group | input | what it does |\n| --- | --- | --- |\n");
        Input.Group group = null;
        for (Input input : Input.values()) {
            String groupCell = input.group() == group ? "" : input.group().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            group = input.group();
            markdown.append("| ").append(groupCell).append(" | `").append(input.inputName()).append("` | ")
                    .append(input.description().replace("|", "\\|")).append(" |\n");
        }
        markdown.append("\n| output | what it holds |\n| --- | --- |\n");
        for (ActionOutput output : ActionOutput.values()) {
            markdown.append("| `").append(output.outputName()).append("` | ").append(output.description())
                    .append(" |\n");
        }
        return markdown.toString();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
