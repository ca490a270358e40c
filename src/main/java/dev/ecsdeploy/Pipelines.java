package dev.ecsdeploy;

import dev.ecsdeploy.config.BadInputException;
import dev.ecsdeploy.config.Input;
import dev.ecsdeploy.github.TriggerGateStep;
import dev.ecsdeploy.pipeline.Pipeline;
import dev.ecsdeploy.pipeline.Step;
import dev.ecsdeploy.version.VersionStep;
import java.util.List;

/** Which steps each command runs, in order: the one place where the stages meet. */
final class Pipelines {
    private Pipelines() {
    }

    static Pipeline forCommand(String command) {
        List<Step> steps = switch (command) {
            case "deploy" -> List.of(new TriggerGateStep(), new VersionStep());
            default -> throw new BadInputException(Input.COMMAND.inputName(), "The command \"" + command
                    + "\" is not available yet.");
        };
        return new Pipeline(steps);
    }

    /** Commands whose outcome is a deployment, and so write deployment-status and duration-seconds. */
    static boolean reportsDeployment(String command) {
        return command.equals("deploy") || command.equals("rollback");
    }
}
